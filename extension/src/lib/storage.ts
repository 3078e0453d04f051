import type { AlertView, OutboxEntryKind, SessionState } from '@leadlight/contract';
import { storage } from '#imports';

/*
 * Every piece of state the background keeps lives here, in extension storage, never only in memory:
 * a service worker may be stopped at any moment and must pick up exactly where it was.
 * On Chrome the background restricts `storage.local` to trusted contexts (see restrictStorageToExtensionPages),
 * so content scripts cannot read the token or the outbox; they ask the background through messages.
 */

export interface Settings {
  serverUrl: string | null;
  token: string | null;
  user: SessionState['user'];
}

export const settingsItem = storage.defineItem<Settings>('local:settings', {
  fallback: { serverUrl: null, token: null, user: null },
  version: 1,
});

/** One HTTP request, stored as data so the outbox can replay it after any restart. */
export interface StoredRequest {
  method: 'POST' | 'PUT' | 'PATCH';
  /** Path under the server URL, e.g. `/api/v1/leads/42/notes`. */
  path: string;
  body: unknown;
  /** Non-2xx answers that still mean "done" (a capture answered 409: the lead exists already). */
  acceptStatuses?: number[];
}

export interface OutboxEntry {
  /** Also the Idempotency-Key sent with every delivery attempt, so the API applies it once. */
  id: string;
  kind: OutboxEntryKind;
  leadId: string | null;
  /** Server URL + email of the user who wrote it (null: written signed out); only their token sends it. */
  authorKey: string | null;
  /** Human text for the popup and overlay ("Note: Called about pricing…"). */
  summary: string;
  request: StoredRequest;
  createdAt: string;
  status: 'waiting' | 'failed';
  /** Why the API refused it for good (status failed). */
  error: string | null;
}

export interface OutboxData {
  entries: OutboxEntry[];
  /** Failed delivery rounds in a row; drives the backoff. Reset by any success. */
  failedRounds: number;
  nextAttemptAt: string | null;
  lastError: string | null;
}

export const outboxItem = storage.defineItem<OutboxData>('local:outbox', {
  fallback: { entries: [], failedRounds: 0, nextAttemptAt: null, lastError: null },
  version: 1,
});

export interface AlertsData {
  /** Newest first, at most `recentAlertsKept`. */
  items: AlertView[];
  /** The feed's `nextCursor`, sent back as `after`; null before the first read. */
  cursor: number | null;
}

export const alertsItem = storage.defineItem<AlertsData>('local:alerts', {
  fallback: { items: [], cursor: null },
  version: 1,
});
export const recentAlertsKept = 20;

/** Tags a marketer used last time, offered again in the capture form. */
export const captureTagsItem = storage.defineItem<string[]>('local:captureTags', {
  fallback: [],
  version: 1,
});
