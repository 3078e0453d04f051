import {
  type ApiCallResult,
  type CaptureResult,
  contentScriptRequestTypes,
  type ExtensionReply,
  type ExtensionRequest,
  ExtensionRequestSchema,
  type ExtensionRequestType,
  type ExtensionResponses,
  type LookupResult,
  type MessageError,
  type OutboxState,
  type SessionState,
  type TabMessage,
  type WriteResult,
} from '@leadlight/contract';
import { type Browser, browser } from '#imports';
import { alertsAlarmName, createAlertFeed } from './alerts';
import {
  type ApiClient,
  ApiUnreachableError,
  createApiClient,
  readApiErrorCode,
  readApiErrorMessage,
} from './api-client';
import {
  buildCaptureRequest,
  buildFollowUpRequest,
  buildNoteRequest,
  buildQualificationRequest,
  buildStageRequest,
  quickFollowUpLabels,
  summarizeText,
} from './api-requests';
import { readLookupCard } from './lead-card';
import { createLookupCache } from './lookup-cache';
import { createOutbox, type DeliveryOutcome, type EnqueueInput, outboxAlarmName } from './outbox';
import { alertsItem, type Settings, settingsItem } from './storage';

/*
 * Everything the background does, behind one function per event so tests drive it with WXT's fake browser.
 * The entrypoint (entrypoints/background.ts) only wires these to browser events.
 */

export interface BackgroundOptions {
  fetch?: typeof fetch;
  /** Alert feed long-poll length; shorter only in tests. */
  alertWaitSeconds?: number;
  /** The clock of the lookup cache's TTL; frozen in tests. */
  now?: () => number;
}

type Sender = Browser.runtime.MessageSender;
const contentScriptTypes: ReadonlySet<string> = new Set(contentScriptRequestTypes);

export class RequestError extends Error {
  constructor(
    readonly code: MessageError['code'],
    message: string,
  ) {
    super(message);
  }
}

/** Only our own extension may talk to the background; content scripts only through a tab, pages from our origin. */
export function checkSender(sender: Sender, type: ExtensionRequestType): MessageError | null {
  if (sender.id !== browser.runtime.id) {
    return { code: 'forbidden_sender', message: 'Messages are accepted only from this extension' };
  }
  // Our own pages (popup, capture, dashboard) may also run in a tab: the browser-set URL tells them apart.
  const extensionOrigin = browser.runtime.getURL('/');
  if (sender.url?.startsWith(extensionOrigin)) return null;
  if (sender.tab) {
    return contentScriptTypes.has(type)
      ? null
      : { code: 'forbidden_sender', message: `A content script may not send ${type}` };
  }
  return { code: 'forbidden_sender', message: 'Unknown sender' };
}

/** The reasons of a refusal: the gate's reasons (422 gate_refused) or validation issues when given, else the message. */
export function readRefusalReasons(body: unknown, fallback: string): string[] {
  const details = (body as { error?: { details?: unknown } } | null)?.error?.details;
  const container = details as { reasons?: unknown; issues?: unknown } | null;
  const list = Array.isArray(details)
    ? details
    : Array.isArray(container?.reasons)
      ? container.reasons
      : Array.isArray(container?.issues)
        ? container.issues
        : [];
  const reasons = list
    .map((item: unknown) => {
      if (typeof item === 'string') return item;
      const { reason, message } = (item ?? {}) as { reason?: unknown; message?: unknown };
      if (typeof reason === 'string') return reason; // a gate reason: { kind, reason }
      return typeof message === 'string' ? message : null; // a validation issue: { path, message }
    })
    .filter((reason): reason is string => Boolean(reason));
  return reasons.length > 0 ? reasons : [readApiErrorMessage(body, fallback)];
}

function readLeadId(body: unknown): string | null {
  const candidate = body as {
    id?: unknown;
    lead?: { id?: unknown };
    error?: { details?: { leadId?: unknown } };
  };
  const id = candidate?.id ?? candidate?.lead?.id ?? candidate?.error?.details?.leadId;
  return typeof id === 'string' ? id : null;
}

/** Server URL + user email while signed in: whose answers the lookup cache keeps, who wrote an outbox entry. */
function toSessionKey(settings: Settings): string | null {
  if (!settings.serverUrl || !settings.token) return null;
  return `${settings.serverUrl}|${settings.user?.email ?? ''}`;
}

export function createBackgroundService(options: BackgroundOptions = {}) {
  function toClient(settings: Settings): ApiClient | null {
    if (!settings.serverUrl || !settings.token) return null;
    return createApiClient({ serverUrl: settings.serverUrl, token: settings.token, fetch: options.fetch });
  }

  async function getClient(): Promise<ApiClient | null> {
    return toClient(await settingsItem.getValue());
  }

  /** Tells open overlays; tabs without our content script (or a browser without the API) are skipped. */
  async function broadcastToTabs(message: TabMessage): Promise<void> {
    try {
      const tabs = await browser.tabs.query({});
      await Promise.allSettled(
        tabs.map(async (tab) => {
          if (tab.id !== undefined) await browser.tabs.sendMessage(tab.id, message);
        }),
      );
    } catch {
      // nothing to tell
    }
  }

  const lookupCache = createLookupCache({ now: options.now });

  const outbox = createOutbox({
    async getSession() {
      const settings = await settingsItem.getValue();
      const client = toClient(settings);
      const authorKey = toSessionKey(settings);
      return client && authorKey ? { client, authorKey } : null;
    },
    onChange: (state: OutboxState) => {
      // Any stored write (queued, delivered, refused) may change what a lookup shows: forget every kept answer first.
      void lookupCache.clear().finally(() => broadcastToTabs({ type: 'outbox.changed', state }));
    },
  });

  const alertFeed = createAlertFeed({
    getClient,
    longPollSeconds: options.alertWaitSeconds,
    openLead: async (leadId) => {
      await browser.tabs.create({ url: dashboardUrl(leadId) });
    },
  });

  async function readSession(): Promise<SessionState> {
    const settings = await settingsItem.getValue();
    return { isSignedIn: Boolean(settings.token), serverUrl: settings.serverUrl, user: settings.user };
  }

  /** Asks the server who the token belongs to: the one check behind "test connection" and sign-in. */
  async function testConnection(serverUrl: string, token: string): Promise<SessionState> {
    const client = createApiClient({ serverUrl, token, fetch: options.fetch });
    let response: Awaited<ReturnType<ApiClient['getMe']>>;
    try {
      response = await client.getMe();
    } catch (error) {
      if (error instanceof ApiUnreachableError) throw new RequestError('api_error', error.message);
      throw error;
    }
    if (response.status === 401) throw new RequestError('api_error', 'The server did not accept this token');
    if (response.status !== 200) {
      throw new RequestError(
        'api_error',
        readApiErrorMessage(response.body, `The server answered ${response.status}`),
      );
    }
    const me = ((response.body as { user?: unknown })?.user ?? response.body) as Record<string, unknown>;
    const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
    return {
      isSignedIn: true,
      serverUrl: client.serverUrl,
      user: { name: text(me.name), email: text(me.email), role: text(me.role) ?? 'unknown' },
    };
  }

  /** Asks the server (the cache in front of it is the caller's); `client` is null when signed out. */
  async function lookup(
    request: Extract<ExtensionRequest, { type: 'prospect.lookup' }>,
    client: ApiClient | null,
  ): Promise<LookupResult> {
    if (!client) return { status: 'signed_out' };
    try {
      const response = await client.lookupProspect(request.prospect);
      if (response.status === 404) return { status: 'not_found' };
      if (response.status === 401)
        return { status: 'unreachable', message: 'The server did not accept the token' };
      if (response.status !== 200) {
        return {
          status: 'unreachable',
          message: readApiErrorMessage(response.body, `The server answered ${response.status}`),
        };
      }
      const card = readLookupCard(response.body);
      if (!card)
        throw new RequestError('api_error', 'The server sent a lookup answer this extension cannot read');
      return { status: 'found', card };
    } catch (error) {
      if (error instanceof ApiUnreachableError) return { status: 'unreachable', message: error.message };
      throw error;
    }
  }

  /** Stores a write and tries it at once; a refusal the user sees inline is not kept (their form still holds it). */
  async function write(input: EnqueueInput): Promise<{ entryId: string; outcome: DeliveryOutcome }> {
    const { entry, outcome } = await outbox.enqueueAndDeliver(input);
    if (outcome.kind === 'rejected') await outbox.discard(entry.id);
    return { entryId: entry.id, outcome };
  }

  function toWriteResult({ entryId, outcome }: { entryId: string; outcome: DeliveryOutcome }): WriteResult {
    if (outcome.kind === 'delivered') return { status: 'sent' };
    if (outcome.kind === 'waiting') return { status: 'queued', entryId };
    return { status: 'rejected', reasons: readRefusalReasons(outcome.body, outcome.message) };
  }

  async function capture(
    request: Extract<ExtensionRequest, { type: 'lead.capture' }>,
  ): Promise<CaptureResult> {
    const { draft } = request;
    const label = draft.fullName || draft.email || draft.linkedinUrl || draft.companyName || 'prospect';
    const result = await write({
      kind: 'capture',
      leadId: null,
      summary: `Capture: ${summarizeText(label)}`,
      request: buildCaptureRequest(draft),
    });
    const { outcome } = result;
    if (outcome.kind === 'waiting') return { status: 'queued', entryId: result.entryId };
    if (outcome.kind === 'rejected') {
      const reasons = readRefusalReasons(outcome.body, outcome.message);
      // The gate keeps refused leads in the review queue: say so before the reasons.
      const isKeptForReview = readApiErrorCode(outcome.body) === 'gate_refused';
      return { status: 'rejected', reasons: isKeptForReview ? [outcome.message, ...reasons] : reasons };
    }
    const leadId = readLeadId(outcome.body) ?? '';
    return outcome.status === 409 ? { status: 'duplicate', leadId } : { status: 'created', leadId };
  }

  /** The dashboard's pass-through: status and body as the API gave them; the dashboard reads each route's answer. */
  async function callApi(request: Extract<ExtensionRequest, { type: 'api.call' }>): Promise<ApiCallResult> {
    const client = await getClient();
    if (!client) throw new RequestError('signed_out', 'Sign in to Leadlight first');
    let form: FormData | undefined;
    if (request.upload) {
      form = new FormData();
      form.append('file', new Blob([request.upload.csv], { type: 'text/csv' }), request.upload.fileName);
      if (request.upload.mapping !== undefined) form.append('mapping', request.upload.mapping);
    }
    try {
      return await client.call(request.method, request.path, {
        body: request.body,
        idempotencyKey: request.idempotencyKey,
        form,
      });
    } catch (error) {
      if (error instanceof ApiUnreachableError) throw new RequestError('api_error', error.message);
      throw error;
    } finally {
      // A dashboard write (stage, note, qualification, bulk, import, ruleset…) may change any card, even when its
      // answer was lost on the way back.
      if (request.method !== 'GET') await lookupCache.clear();
    }
  }

  async function dispatch<T extends ExtensionRequestType>(
    request: ExtensionRequest & { type: T },
  ): Promise<ExtensionResponses[T]>;
  async function dispatch(request: ExtensionRequest): Promise<ExtensionResponses[ExtensionRequestType]> {
    switch (request.type) {
      case 'prospect.lookup': {
        // One settings read for both the cache key and the client: each storage read is a trip to the browser
        // process on the path of the overlay's first answer. A revisit within the TTL is answered from the cache.
        const settings = settingsItem.getValue();
        return lookupCache.lookup(settings.then(toSessionKey), request.prospect, async () =>
          lookup(request, toClient(await settings)),
        );
      }
      case 'lead.capture':
        return capture(request);
      case 'note.add':
        return toWriteResult(
          await write({
            kind: 'note',
            leadId: request.leadId,
            summary: `Note: ${summarizeText(request.body)}`,
            request: buildNoteRequest(request.leadId, request.body),
          }),
        );
      case 'followUp.add':
        return toWriteResult(
          await write({
            kind: 'followUp',
            leadId: request.leadId,
            summary: `Follow-up: ${quickFollowUpLabels[request.followUp]}`,
            request: buildFollowUpRequest(request.leadId, request.followUp),
          }),
        );
      case 'qualification.set':
        return toWriteResult(
          await write({
            kind: 'qualification',
            leadId: request.leadId,
            summary: `Qualification: ${request.itemId} → ${request.state}`,
            request: buildQualificationRequest(request.leadId, request.itemId, request.state),
          }),
        );
      case 'stage.move':
        return toWriteResult(
          await write({
            kind: 'stage',
            leadId: request.leadId,
            summary: `Stage → ${request.to}`,
            request: buildStageRequest(request.leadId, request.to, request.reasonCode, request.reasonText),
          }),
        );
      case 'dashboard.open':
        await browser.tabs.create({ url: dashboardUrl(request.leadId) });
        return null;
      case 'outbox.get':
        return outbox.getState();
      case 'outbox.retry':
        await outbox.flush();
        return outbox.getState();
      case 'outbox.discard':
        return outbox.discard(request.entryId);
      case 'session.get':
        return readSession();
      case 'session.test':
        return testConnection(request.serverUrl, request.token);
      case 'session.signIn': {
        const session = await testConnection(request.serverUrl, request.token);
        await settingsItem.setValue({
          serverUrl: session.serverUrl,
          token: request.token,
          user: session.user,
        });
        await lookupCache.clear(); // the same or another user: every kept answer is forgotten
        void outbox.flush();
        await alertFeed.start();
        void broadcastToTabs({ type: 'session.changed' });
        return session;
      }
      case 'session.signOut': {
        const settings = await settingsItem.getValue();
        await settingsItem.setValue({ serverUrl: settings.serverUrl, token: null, user: null });
        await lookupCache.clear();
        await alertFeed.stop();
        void broadcastToTabs({ type: 'session.changed' });
        return readSession();
      }
      case 'alerts.get':
        return (await alertsItem.getValue()).items;
      case 'api.call':
        return callApi(request);
    }
  }

  return {
    outbox,
    getClient,
    /** Validates the sender and the payload, then answers; failures come back as values, never as throws. */
    async handleMessage(raw: unknown, sender: Sender): Promise<ExtensionReply<ExtensionRequestType>> {
      const parsed = ExtensionRequestSchema.safeParse(raw);
      if (!parsed.success) {
        return {
          ok: false,
          error: { code: 'invalid_message', message: parsed.error.issues[0]?.message ?? 'Invalid message' },
        };
      }
      const refusal = checkSender(sender, parsed.data.type);
      if (refusal) return { ok: false, error: refusal };
      try {
        return { ok: true, data: await dispatch(parsed.data) };
      } catch (error) {
        if (error instanceof RequestError)
          return { ok: false, error: { code: error.code, message: error.message } };
        console.error('leadlight: request failed', error);
        return { ok: false, error: { code: 'internal', message: 'Something went wrong in the extension' } };
      }
    },
    async handleAlarm(alarm: Pick<Browser.alarms.Alarm, 'name'>): Promise<void> {
      if (alarm.name === outboxAlarmName) await outbox.flush();
      if (alarm.name === alertsAlarmName) await alertFeed.poll();
    },
    handleNotificationClick: (notificationId: string) => alertFeed.handleNotificationClick(notificationId),
    /** After an install, update or browser start: deliver what waited while the worker was gone. */
    async handleStartup(): Promise<void> {
      if (await getClient()) await alertFeed.start();
      await outbox.flush();
    },
  };
}

export function dashboardUrl(leadId?: string): string {
  const path = leadId ? `#/leads/${encodeURIComponent(leadId)}` : '';
  return browser.runtime.getURL(`/dashboard.html${path}`);
}
