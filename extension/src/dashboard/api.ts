import type { z } from 'zod';
import { sendRequest } from '@/lib/messages';

/*
 * The dashboard's only way to the API: an `api.call` message the background answers with the token it alone holds.
 * Each screen names the contract schema of the answer it expects, so a server that answers something else is an
 * error on screen, not a blank table.
 */

export type ApiMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** An API refusal or failure, with the API's own code, message and details (validation issues, gate reasons). */
export class ApiCallError extends Error {
  override name = 'ApiCallError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
  ) {
    super(message);
  }
}

export interface CallOptions {
  query?: Record<string, string | number | boolean | undefined | null>;
  body?: unknown;
  idempotencyKey?: string;
  upload?: { fileName: string; csv: string; mapping?: string };
}

export function buildPath(path: string, query: CallOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return `/api/v1${path}${search ? `?${search}` : ''}`;
}

function readError(status: number, body: unknown): ApiCallError {
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  const code = typeof error?.code === 'string' ? error.code : `http_${status}`;
  const message =
    typeof error?.message === 'string' && error.message ? error.message : `The server answered ${status}`;
  return new ApiCallError(status, code, message, error?.details);
}

/** Calls `path` (relative to /api/v1) and returns the body parsed by `schema`; any non-2xx is thrown as ApiCallError. */
export async function callApi<S extends z.ZodType>(
  method: ApiMethod,
  path: string,
  schema: S,
  options: CallOptions = {},
): Promise<z.infer<S>> {
  const { status, body } = await sendRequest({
    type: 'api.call',
    method,
    path: buildPath(path, options.query),
    body: options.body,
    idempotencyKey: options.idempotencyKey,
    upload: options.upload,
  });
  if (status < 200 || status >= 300) throw readError(status, body);
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new ApiCallError(
      status,
      'unexpected_answer',
      `The server's answer to ${method} ${path} was not understood`,
      {
        issues: parsed.error.issues.slice(0, 5),
      },
    );
  }
  return parsed.data;
}

/** The text of a CSV answer (exports, rejected rows). */
export async function callApiText(path: string, options: CallOptions = {}): Promise<string> {
  const { status, body } = await sendRequest({
    type: 'api.call',
    method: 'GET',
    path: buildPath(path, options.query),
  });
  if (status < 200 || status >= 300) throw readError(status, body);
  const text = (body as { text?: unknown } | null)?.text;
  return typeof text === 'string' ? text : JSON.stringify(body);
}

/** A fresh Idempotency-Key for one user action (a retry of the same action reuses it). */
export function createIdempotencyKey(): string {
  return crypto.randomUUID();
}
