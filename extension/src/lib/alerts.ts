import { type Alert, AlertFeedResponseSchema, type AlertView } from '@leadlight/contract';
import { browser } from '#imports';
import { type ApiClient, ApiUnreachableError } from './api-client';
import { alertsItem, recentAlertsKept } from './storage';

/*
 * Follows the API's alert feed (GET /api/v1/alerts, long-poll) and shows a browser notification per new alert.
 * A service worker cannot hold a request open forever, so an alarm wakes it once a minute; each wake-up holds one
 * long-poll of `longPollSeconds` and drains whatever arrived. Nothing runs while signed out: the alarm exists only
 * between sign-in and sign-out, and the cursor lives in storage so a restart neither repeats nor skips alerts.
 */

export const alertsAlarmName = 'leadlight-alerts';
const alarmPeriodMinutes = 1;
const longPollSeconds = 25;
/** A burst of alerts is drained in a few rounds, then waits for the next alarm. */
const maxRoundsPerWake = 5;
const notificationPrefix = 'leadlight-alert:';

export function toAlertView(alert: Alert): AlertView {
  return {
    id: String(alert.seq),
    leadId: alert.leadId,
    title: alert.leadName ?? 'A lead',
    message: alert.label,
    at: alert.createdAt,
  };
}

export function readNotificationLeadId(notificationId: string): string | null {
  if (!notificationId.startsWith(notificationPrefix)) return null;
  const rest = notificationId.slice(notificationPrefix.length);
  const leadId = rest.slice(0, rest.lastIndexOf(':'));
  return leadId || null;
}

export interface AlertFeedOptions {
  getClient: () => Promise<ApiClient | null>;
  /** How long the server may hold one request; shorter only in tests. */
  longPollSeconds?: number;
  /** Opens the lead (the dashboard card) when a notification is clicked. */
  openLead: (leadId: string) => Promise<void>;
}

export function createAlertFeed(options: AlertFeedOptions) {
  const waitSeconds = options.longPollSeconds ?? longPollSeconds;
  let running: Promise<void> | null = null;

  async function notify(alert: Alert): Promise<void> {
    await browser.notifications.create(`${notificationPrefix}${alert.leadId}:${alert.seq}`, {
      type: 'basic',
      iconUrl: browser.runtime.getURL('/icon/128.png'),
      title: alert.leadName ? `${alert.leadName} — Leadlight` : 'Leadlight',
      message: alert.label,
      priority: 1,
    });
  }

  /** One wake-up: long-poll, store, notify; repeats while alerts keep coming. */
  async function pollOnce(): Promise<void> {
    for (let round = 0; round < maxRoundsPerWake; round += 1) {
      const client = await options.getClient();
      if (!client) return;
      const { cursor, items } = await alertsItem.getValue();
      const isFirstRead = cursor === null;
      let response: Awaited<ReturnType<ApiClient['getAlerts']>>;
      try {
        response = await client.getAlerts(cursor, isFirstRead ? 0 : waitSeconds);
      } catch (error) {
        if (error instanceof ApiUnreachableError) return; // the next alarm tries again
        throw error;
      }
      if (response.status !== 200) return;
      const feed = AlertFeedResponseSchema.safeParse(response.body);
      if (!feed.success) return;
      const fresh = feed.data.items;
      // The backlog found at sign-in fills the popup's list; only alerts that arrive afterwards interrupt the rep.
      if (!isFirstRead) await Promise.all(fresh.map((alert) => notify(alert).catch(() => undefined)));
      await alertsItem.setValue({
        cursor: feed.data.nextCursor,
        items: [...fresh.reverse().map(toAlertView), ...items].slice(0, recentAlertsKept),
      });
      if (fresh.length === 0 && !isFirstRead) return;
    }
  }

  return {
    /** Runs one wake-up unless one is already running (an alarm firing during a long-poll). */
    poll(): Promise<void> {
      running ??= pollOnce().finally(() => {
        running = null;
      });
      return running;
    },
    async start(): Promise<void> {
      await browser.alarms.create(alertsAlarmName, {
        periodInMinutes: alarmPeriodMinutes,
        delayInMinutes: 0,
      });
    },
    async stop(): Promise<void> {
      await browser.alarms.clear(alertsAlarmName);
      await alertsItem.removeValue();
    },
    async handleNotificationClick(notificationId: string): Promise<void> {
      const leadId = readNotificationLeadId(notificationId);
      if (!leadId) return;
      await browser.notifications.clear(notificationId);
      await options.openLead(leadId);
    },
  };
}
