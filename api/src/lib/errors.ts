import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Every error the API sends has this shape: `{ error: { code, message, details } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function notFound(what: string, details?: unknown): ApiError {
  return new ApiError(404, 'not_found', `${what} not found`, details);
}

export function forbidden(message: string, details?: unknown): ApiError {
  return new ApiError(403, 'forbidden', message, details);
}

export function conflict(code: string, message: string, details?: unknown): ApiError {
  return new ApiError(409, code, message, details);
}

export function unprocessable(code: string, message: string, details?: unknown): ApiError {
  return new ApiError(422, code, message, details);
}

export function badRequest(code: string, message: string, details?: unknown): ApiError {
  return new ApiError(400, code, message, details);
}
