import type { OutboxEntryKind, OutboxState } from '@leadlight/contract';
import { browser } from '#imports';
import { type ApiClient, ApiUnreachableError, isRetryableAnswer, readApiErrorMessage } from './api-client';
import { type OutboxData, type OutboxEntry, outboxItem, type StoredRequest } from './storage';

/*
 * Every write (note, follow-up, capture, qualification answer, stage move) is first stored here, then delivered.
 * State lives in extension storage, so a stopped service worker or a restarted browser loses nothing; the entry id
 * is the Idempotency-Key of every attempt, so a resend after a lost answer is applied once by the API.
 * Retries are scheduled with browser.alarms (exponential backoff), never with timers that die with the worker.
 */

export const outboxAlarmName = 'leadlight-outbox-retry';
const firstRetryMs = 30_000; // Chrome's shortest alarm delay
const longestRetryMs = 30 * 60_000;

export type DeliveryOutcome =
  | { kind: 'delivered'; status: number; body: unknown }
  | { kind: 'rejected'; status: number; body: unknown; message: string }
  | { kind: 'waiting'; message: string };

export interface EnqueueInput {
  kind: OutboxEntryKind;
  leadId: string | null;
  summary: string;
  request: StoredRequest;
}

/** Who writes: entries are sent only with the token of the user who wrote them (or of whoever signs in next). */
export interface OutboxSession {
  client: ApiClient;
  /** Server URL + user email: the author of entries enqueued now. */
  authorKey: string;
}

export interface OutboxOptions {
  /** The API client and author key of the signed-in user, or null when signed out (entries then wait). */
  getSession: () => Promise<OutboxSession | null>;
  now?: () => number;
  /** Called after every change of the stored outbox (to tell open overlays). */
  onChange?: (state: OutboxState) => void;
}

export function computeRetryDelayMs(failedRounds: number): number {
  return Math.min(firstRetryMs * 2 ** Math.max(0, failedRounds - 1), longestRetryMs);
}

export function toOutboxState(data: OutboxData): OutboxState {
  const waiting: OutboxState['waiting'] = { note: 0, followUp: 0, capture: 0, qualification: 0, stage: 0 };
  const failed: OutboxState['failed'] = [];
  for (const entry of data.entries) {
    if (entry.status === 'waiting') waiting[entry.kind] += 1;
    else failed.push({ id: entry.id, kind: entry.kind, summary: entry.summary, error: entry.error ?? '' });
  }
  return {
    waiting,
    waitingTotal: Object.values(waiting).reduce((sum, count) => sum + count, 0),
    failed,
    nextAttemptAt: data.nextAttemptAt,
    lastError: data.lastError,
  };
}

/** Runs async jobs one after another: two deliveries of the same entry must never overlap. */
function createSerialQueue() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(job: () => Promise<T>): Promise<T> => {
    const result = tail.then(job, job);
    tail = result.catch(() => undefined);
    return result;
  };
}

export type Outbox = ReturnType<typeof createOutbox>;

export function createOutbox(options: OutboxOptions) {
  const now = options.now ?? Date.now;
  const serializeWrites = createSerialQueue();
  const serializeFlushes = createSerialQueue();

  /** Read-modify-write of the stored outbox, one at a time, so an enqueue never overwrites a delivery. */
  function mutate(change: (data: OutboxData) => OutboxData): Promise<OutboxData> {
    return serializeWrites(async () => {
      const next = change(structuredClone(await outboxItem.getValue()));
      await outboxItem.setValue(next);
      options.onChange?.(toOutboxState(next));
      return next;
    });
  }

  async function scheduleRetry(failedRounds: number, message: string): Promise<void> {
    const when = now() + computeRetryDelayMs(failedRounds);
    await mutate((data) => ({
      ...data,
      failedRounds,
      nextAttemptAt: new Date(when).toISOString(),
      lastError: message,
    }));
    await browser.alarms.create(outboxAlarmName, { when });
  }

  async function deliver(client: ApiClient, entry: OutboxEntry): Promise<DeliveryOutcome> {
    try {
      const response = await client.sendStored(entry.request, entry.id);
      const isAccepted = entry.request.acceptStatuses?.includes(response.status) ?? false;
      if ((response.status >= 200 && response.status < 300) || isAccepted) {
        return { kind: 'delivered', status: response.status, body: response.body };
      }
      const message = readApiErrorMessage(response.body, `The server answered ${response.status}`);
      if (isRetryableAnswer(response.status, response.body)) {
        return {
          kind: 'waiting',
          message: response.status === 401 ? 'The server did not accept the token' : message,
        };
      }
      return { kind: 'rejected', status: response.status, body: response.body, message };
    } catch (error) {
      if (error instanceof ApiUnreachableError) return { kind: 'waiting', message: error.message };
      throw error;
    }
  }

  /**
   * Delivers waiting entries oldest first and stops at the first one that must wait (keeps their order);
   * entries the API refuses for good are kept as failed, never dropped. Returns what happened to each entry tried.
   */
  function flush(): Promise<Map<string, DeliveryOutcome>> {
    return serializeFlushes(async () => {
      const outcomes = new Map<string, DeliveryOutcome>();
      const session = await options.getSession();
      const data = await outboxItem.getValue();
      // Another user's notes wait for them to sign in again: never sent under someone else's name.
      const waiting = data.entries.filter(
        (entry) =>
          entry.status === 'waiting' &&
          (entry.authorKey === null || !session || entry.authorKey === session.authorKey),
      );
      if (waiting.length === 0) {
        if (data.failedRounds > 0 || data.nextAttemptAt) {
          await mutate((current) => ({ ...current, failedRounds: 0, nextAttemptAt: null, lastError: null }));
        }
        await browser.alarms.clear(outboxAlarmName);
        return outcomes;
      }
      if (!session) {
        // Signed out: wait without an alarm; signing in flushes.
        await mutate((current) => ({ ...current, nextAttemptAt: null, lastError: 'Signed out' }));
        await browser.alarms.clear(outboxAlarmName);
        return outcomes;
      }
      for (const entry of waiting) {
        const outcome = await deliver(session.client, entry);
        outcomes.set(entry.id, outcome);
        if (outcome.kind === 'waiting') {
          await scheduleRetry(data.failedRounds + 1, outcome.message);
          return outcomes;
        }
        await mutate((current) => ({
          ...current,
          entries:
            outcome.kind === 'delivered'
              ? current.entries.filter((candidate) => candidate.id !== entry.id)
              : current.entries.map((candidate) =>
                  candidate.id === entry.id
                    ? { ...candidate, status: 'failed' as const, error: outcome.message }
                    : candidate,
                ),
        }));
      }
      await mutate((current) => ({ ...current, failedRounds: 0, nextAttemptAt: null, lastError: null }));
      await browser.alarms.clear(outboxAlarmName);
      return outcomes;
    });
  }

  /** Stores the write with a fresh idempotency key; nothing is sent yet. */
  async function enqueue(input: EnqueueInput): Promise<OutboxEntry> {
    const session = await options.getSession();
    const entry: OutboxEntry = {
      ...input,
      id: crypto.randomUUID(),
      authorKey: session?.authorKey ?? null,
      createdAt: new Date(now()).toISOString(),
      status: 'waiting',
      error: null,
    };
    await mutate((data) => ({ ...data, entries: [...data.entries, entry] }));
    return entry;
  }

  return {
    enqueue,
    /** Stores the write and tries to deliver it at once; the outcome says whether it is still waiting. */
    async enqueueAndDeliver(input: EnqueueInput): Promise<{ entry: OutboxEntry; outcome: DeliveryOutcome }> {
      const entry = await enqueue(input);
      const outcomes = await flush();
      return {
        entry,
        outcome: outcomes.get(entry.id) ?? {
          kind: 'waiting',
          message: 'Waiting for earlier changes to sync',
        },
      };
    },
    flush,
    async getState(): Promise<OutboxState> {
      return toOutboxState(await outboxItem.getValue());
    },
    /** Forgets an entry the API refused for good, once the user has seen why. Waiting entries stay. */
    async discard(entryId: string): Promise<OutboxState> {
      const next = await mutate((data) => ({
        ...data,
        entries: data.entries.filter((entry) => entry.id !== entryId || entry.status !== 'failed'),
      }));
      return toOutboxState(next);
    },
  };
}
