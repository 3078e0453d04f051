import Database from 'better-sqlite3';
import type { ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ApiError } from '../lib/errors';

function errorBody(code: string, message: string, details?: unknown) {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

const httpCodes: Partial<Record<number, string>> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
};

/** SQLite result codes that mean the storage, not the request, failed (extended codes such as SQLITE_IOERR_WRITE too). */
const storageFailureCodes = [
  'SQLITE_FULL',
  'SQLITE_IOERR',
  'SQLITE_READONLY',
  'SQLITE_CANTOPEN',
  'SQLITE_BUSY',
];

/** The SQLite storage failure behind `error` (drizzle wraps driver errors in `cause`), if there is one. */
export function findStorageFailure(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    if (current instanceof Database.SqliteError) {
      const code = current.code;
      return storageFailureCodes.some((base) => code === base || code.startsWith(`${base}_`))
        ? code
        : undefined;
    }
    current = current.cause;
  }
  return undefined;
}

/** Turns anything thrown into `{ error: { code, message, details } }`; unexpected errors never leak a stack. */
export const handleError: ErrorHandler = (error, c) => {
  if (error instanceof ApiError) {
    return c.json(errorBody(error.code, error.message, error.details), error.status);
  }
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    return c.json(errorBody(httpCodes[status] ?? 'http_error', error.message || 'Request failed'), status);
  }
  const storageFailure = findStorageFailure(error);
  if (storageFailure !== undefined) {
    // The transaction rolled back: nothing of this request was stored, and a retry may succeed later.
    console.error(`leadlight: storage unavailable (${storageFailure})`);
    c.header('Retry-After', '30');
    return c.json(
      errorBody('storage_unavailable', 'The database cannot store or read data right now; retry later'),
      503,
    );
  }
  console.error('leadlight: unhandled error', error);
  return c.json(errorBody('internal', 'Internal server error'), 500);
};

export const handleNotFound: NotFoundHandler = (c) =>
  c.json(errorBody('route_not_found', `No route for ${c.req.method} ${c.req.path}`), 404);
