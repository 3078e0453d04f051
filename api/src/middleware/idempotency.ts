import { createMiddleware } from 'hono/factory';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../app-env';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  deleteIdempotencyKeysBefore,
  findIdempotencyRecord,
  releaseIdempotencyKey,
} from '../db/idempotency';
import { ApiError } from '../lib/errors';
import { hashSha256 } from '../lib/ids';

const keyPattern = /^[\x21-\x7e]{1,255}$/;

/**
 * Stripe's semantics for the `Idempotency-Key` header (optional): the same key with the same request replays the
 * first response (header `Idempotent-Replayed: true`); the same key with another request is 422; a key whose first
 * request is still running is 409. Keys are scoped to the user and kept for `idempotencyTtlHours` (≥ 24 h).
 * Only final answers (< 500) are stored, so a failed request can be retried with the same key.
 */
export function idempotent() {
  return createMiddleware<AppEnv>(async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (key === undefined) return next();
    if (!keyPattern.test(key)) {
      throw new ApiError(
        400,
        'invalid_idempotency_key',
        'Idempotency-Key must be 1-255 visible ASCII characters',
      );
    }
    const { db, clock, config, user } = c.var;
    const body = await c.req.text();
    const requestHash = hashSha256(`${c.req.method} ${c.req.path}\n${body}`);
    const now = clock.now();
    const cutoff = new Date(now.getTime() - config.idempotencyTtlHours * 3_600_000).toISOString();

    const existing = db.transaction((tx) => {
      const found = findIdempotencyRecord(tx, user.id, key);
      if (found && found.createdAt < cutoff) {
        releaseIdempotencyKey(tx, user.id, key);
      } else if (found) {
        return found;
      }
      claimIdempotencyKey(tx, { userId: user.id, key, requestHash, createdAt: now.toISOString() });
      return undefined;
    });
    if (existing) {
      if (existing.requestHash !== requestHash) {
        throw new ApiError(
          422,
          'idempotency_key_reused',
          'This Idempotency-Key was used with a different request; use a new key',
        );
      }
      if (existing.responseStatus === null || existing.responseBody === null) {
        throw new ApiError(
          409,
          'idempotency_key_in_progress',
          'A request with this Idempotency-Key is still running',
        );
      }
      c.header('Idempotent-Replayed', 'true');
      return c.body(existing.responseBody, existing.responseStatus as ContentfulStatusCode, {
        'Content-Type': 'application/json',
      });
    }

    try {
      await next();
    } catch (error) {
      releaseIdempotencyKey(db, user.id, key);
      throw error;
    }
    // Errors thrown by handlers become responses after this middleware returns (onError), so c.error tells.
    if (c.error !== undefined || c.res.status >= 500) {
      releaseIdempotencyKey(db, user.id, key);
      return;
    }
    const responseBody = await c.res.clone().text();
    completeIdempotencyKey(db, user.id, key, { status: c.res.status, body: responseBody });
    deleteIdempotencyKeysBefore(db, cutoff);
  });
}
