// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { alertsAlarmName, readNotificationLeadId } from './alerts';
import { createBackgroundService } from './background-service';
import { type ApiDouble, startApiDouble } from './testing/api-double';

const popupSender = () => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') });

let api: ApiDouble;

beforeEach(async () => {
  fakeBrowser.reset();
  api = await startApiDouble();
});

afterEach(async () => {
  await api.stop();
});

function alertRequests() {
  return api.requests.filter((request) => request.path.startsWith('/api/v1/alerts'));
}

describe('alert feed', () => {
  it('does nothing while signed out', async () => {
    const service = createBackgroundService({ alertWaitSeconds: 1 });
    await service.handleStartup();
    await service.handleAlarm({ name: alertsAlarmName });
    expect(alertRequests()).toHaveLength(0);
    expect(await fakeBrowser.alarms.get(alertsAlarmName)).toBeUndefined();
  });

  it('follows the feed after sign-in: the backlog fills the list, new alerts notify, a click opens the lead', async () => {
    api.pushAlert({ leadId: 'lead-1', leadName: 'Old News', label: 'Reached the MQL threshold (55 ≥ 50)' });
    const service = createBackgroundService({ alertWaitSeconds: 1 });
    await service.handleMessage(
      { type: 'session.signIn', serverUrl: api.url, token: api.token },
      popupSender(),
    );
    const alarm = await fakeBrowser.alarms.get(alertsAlarmName);
    expect(alarm?.periodInMinutes).toBe(1);

    const polling = service.handleAlarm({ name: alertsAlarmName });
    // Arrives while the long-poll is held open.
    setTimeout(
      () => api.pushAlert({ leadId: 'lead-2', leadName: 'Ada Lovelace', label: 'Visited the pricing page' }),
      100,
    );
    await polling;

    const notifications = await fakeBrowser.notifications.getAll();
    expect(Object.keys(notifications)).toEqual(['leadlight-alert:lead-2:2']);
    expect(Object.values(notifications)[0]).toMatchObject({
      title: 'Ada Lovelace — Leadlight',
      message: 'Visited the pricing page',
    });
    expect(alertRequests()[0]?.path).toBe('/api/v1/alerts?wait=0');
    expect(alertRequests()[1]?.path).toBe('/api/v1/alerts?wait=1&after=1');

    const listed = await service.handleMessage({ type: 'alerts.get' }, popupSender());
    expect(listed).toMatchObject({
      ok: true,
      data: [
        { id: '2', leadId: 'lead-2', title: 'Ada Lovelace', message: 'Visited the pricing page' },
        { id: '1', leadId: 'lead-1', title: 'Old News' },
      ],
    });

    await service.handleNotificationClick('leadlight-alert:lead-2:2');
    const tabs = await fakeBrowser.tabs.query({});
    expect(tabs.map((tab) => tab.url)).toContain(fakeBrowser.runtime.getURL('/dashboard.html#/leads/lead-2'));

    await service.handleMessage({ type: 'session.signOut' }, popupSender());
    expect(await fakeBrowser.alarms.get(alertsAlarmName)).toBeUndefined();
    expect(await service.handleMessage({ type: 'alerts.get' }, popupSender())).toEqual({
      ok: true,
      data: [],
    });
  });

  it('resumes from the stored cursor after a restart, without repeating alerts', async () => {
    api.pushAlert({ leadId: 'lead-1', leadName: null, label: 'Replied' });
    const first = createBackgroundService({ alertWaitSeconds: 1 });
    await first.handleMessage(
      { type: 'session.signIn', serverUrl: api.url, token: api.token },
      popupSender(),
    );
    await first.handleAlarm({ name: alertsAlarmName });

    api.pushAlert({ leadId: 'lead-3', leadName: null, label: 'Replied again' });
    const second = createBackgroundService({ alertWaitSeconds: 1 });
    await second.handleAlarm({ name: alertsAlarmName });

    expect(Object.keys(await fakeBrowser.notifications.getAll())).toEqual(['leadlight-alert:lead-3:2']);
  });
});

describe('readNotificationLeadId', () => {
  it('reads the lead of our notifications only', () => {
    expect(readNotificationLeadId('leadlight-alert:lead:with:colons:7')).toBe('lead:with:colons');
    expect(readNotificationLeadId('other:1')).toBeNull();
  });
});
