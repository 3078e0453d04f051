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

/** Turns anything thrown into `{ error: { code, message, details } }`; unexpected errors never leak a stack. */
export const handleError: ErrorHandler = (error, c) => {
  if (error instanceof ApiError) {
    return c.json(errorBody(error.code, error.message, error.details), error.status);
  }
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    return c.json(errorBody(httpCodes[status] ?? 'http_error', error.message || 'Request failed'), status);
  }
  console.error('leadlight: unhandled error', error);
  return c.json(errorBody('internal', 'Internal server error'), 500);
};

export const handleNotFound: NotFoundHandler = (c) =>
  c.json(errorBody('route_not_found', `No route for ${c.req.method} ${c.req.path}`), 404);
