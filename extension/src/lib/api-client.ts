import type { Prospect } from '@leadlight/contract';
import type { StoredRequest } from './storage';

/*
 * The only code that talks to the Leadlight API; it runs in the background alone, the one place that reads the token.
 * It returns status + parsed body and leaves the meaning of each status to its callers (outbox, lookup, session):
 * they differ on which failures are worth a retry.
 */

export interface ApiResponse {
  status: number;
  body: unknown;
}

/** The server did not answer (offline, refused, DNS, timeout): worth retrying later. */
export class ApiUnreachableError extends Error {
  override name = 'ApiUnreachableError';
}

export interface ApiClientOptions {
  serverUrl: string;
  token: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface ApiClient {
  readonly serverUrl: string;
  getMe(): Promise<ApiResponse>;
  lookupProspect(prospect: Prospect): Promise<ApiResponse>;
  /** The alert feed after `after` (contract: AlertFeedQuery); with `waitSeconds` the server holds it (long-poll). */
  getAlerts(after: number | null, waitSeconds: number): Promise<ApiResponse>;
  /** Sends an outbox request; the idempotency key makes a resend after a lost answer harmless. */
  sendStored(request: StoredRequest, idempotencyKey: string): Promise<ApiResponse>;
  /** Any call under /api/v1 for the dashboard (paths are checked by the message schema before they get here). */
  call(
    method: string,
    path: string,
    init?: { body?: unknown; idempotencyKey?: string; form?: FormData },
  ): Promise<ApiResponse>;
}

export const apiBasePath = '/api/v1';

/**
 * The identities of a person the lookup (contract: LookupQuery) may use; the API tries them most specific first.
 * Never the company domain: it names a company, and the overlay must not show a colleague's card as this person's.
 */
export function toLookupQuery(prospect: Prospect): URLSearchParams | null {
  const query = new URLSearchParams();
  if (prospect.email) query.set('email', prospect.email);
  if (prospect.linkedinUrl) query.set('linkedin', prospect.linkedinUrl);
  if (prospect.phone) query.set('phone', prospect.phone);
  if (prospect.fullName && prospect.companyName) {
    query.set('name', prospect.fullName);
    query.set('company', prospect.companyName);
  }
  return query.size > 0 ? query : null;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
  const origin = options.serverUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function request(
    method: string,
    path: string,
    init: { body?: unknown; idempotencyKey?: string; timeoutMs?: number; form?: FormData } = {},
  ): Promise<ApiResponse> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: `Bearer ${options.token}`,
    };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    if (init.idempotencyKey) headers['idempotency-key'] = init.idempotencyKey;
    let response: Response;
    try {
      response = await fetchFn(`${origin}${path}`, {
        method,
        headers,
        body: init.form ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
        signal: AbortSignal.timeout(init.timeoutMs ?? timeoutMs),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch (error) {
      throw new ApiUnreachableError(`Cannot reach ${origin}: ${(error as Error).message}`, { cause: error });
    }
    const text = await response.text().catch(() => '');
    let body: unknown = null;
    const contentType = response.headers.get('content-type') ?? '';
    if (text && !contentType.includes('json') && contentType.startsWith('text/')) {
      body = { text }; // an export or a list of rejected rows as CSV
    } else if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = { error: { code: 'not_json', message: text.slice(0, 200) } };
      }
    }
    return { status: response.status, body };
  }

  return {
    serverUrl: origin,
    getMe: () => request('GET', `${apiBasePath}/me`),
    lookupProspect(prospect) {
      const query = toLookupQuery(prospect);
      if (!query)
        return Promise.resolve({ status: 404, body: { error: { code: 'not_found', message: '' } } });
      return request('GET', `${apiBasePath}/lookup?${query}`);
    },
    getAlerts(after, waitSeconds) {
      const query = new URLSearchParams({ wait: String(waitSeconds) });
      if (after !== null) query.set('after', String(after));
      return request('GET', `${apiBasePath}/alerts?${query}`, { timeoutMs: timeoutMs + waitSeconds * 1000 });
    },
    sendStored: (stored, idempotencyKey) =>
      request(stored.method, stored.path, { body: stored.body, idempotencyKey }),
    // The dashboard's calls include backtests over every lead with an outcome and activations that rescore every
    // lead: they may take far longer than a lookup, so they wait as long as an upload.
    call: (method, path, init = {}) => request(method, path, { ...init, timeoutMs: 120_000 }),
  };
}

/** The message of an API error body `{ error: { code, message, details } }`, or a fallback. */
export function readApiErrorMessage(body: unknown, fallback: string): string {
  const error = (body as { error?: { message?: unknown } } | null)?.error;
  return typeof error?.message === 'string' && error.message ? error.message : fallback;
}

/**
 * Retry later: the server is down or overloaded, the token is not (yet) accepted, or the first try with this
 * Idempotency-Key is still running on the server. Other 4xx are final.
 */
export function isRetryableAnswer(status: number, body: unknown): boolean {
  if (status === 409) return readApiErrorCode(body) === 'idempotency_key_in_progress';
  return status === 401 || status === 408 || status === 429 || status >= 500;
}

export function readApiErrorCode(body: unknown): string | null {
  const code = (body as { error?: { code?: unknown } } | null)?.error?.code;
  return typeof code === 'string' ? code : null;
}
