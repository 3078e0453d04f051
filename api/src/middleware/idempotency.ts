import Database from 'better-sqlite3';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv, IdempotencyClaim } from '../app-env';
import type { Tx } from '../db/client';
import { commitInGroup } from '../db/group-commit';
import {
  deleteIdempotencyKeysBefore,
  findIdempotencyRecord,
  type IdempotencyRecord,
  insertIdempotencyRecord,
  releaseIdempotencyKey,
} from '../db/idempotency';
import { ApiError } from '../lib/errors';
import { hashSha256 } from '../lib/ids';

const keyPattern = /^[\x21-\x7e]{1,255}$/;

/**
 * Stripe's semantics for the `Idempotency-Key` header (optional): the same key with the same request replays the
 * first response (header `Idempotent-Replayed: true`); the same key with another request is 422. Keys are scoped to
 * the user and kept for `idempotencyTtlHours` (≥ 24 h). The key is stored with the write and its response in one
 * transaction (`respondIdempotently`), so a crash or a storage error leaves either all three or none: a failed
 * request can always be retried with the same key.
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

    // Expired keys are forgotten; a row without a response was left by an older version that claimed keys
    // before writing, and its request never finished.
    const found = db.transaction((tx) => {
      const record = findIdempotencyRecord(tx, user.id, key);
      if (record && record.createdAt >= cutoff && record.responseBody !== null) return record;
      if (record) releaseIdempotencyKey(tx, user.id, key);
      return undefined;
    });
    if (found) return replayIdempotent(c, found, requestHash);
    c.set('idempotency', { userId: user.id, key, requestHash, createdAt: now.toISOString(), cutoff });
    await next();
  });
}

function replayIdempotent(c: Context<AppEnv>, found: IdempotencyRecord, requestHash: string): Response {
  if (found.requestHash !== requestHash) {
    throw new ApiError(
      422,
      'idempotency_key_reused',
      'This Idempotency-Key was used with a different request; use a new key',
    );
  }
  c.header('Idempotent-Replayed', 'true');
  return c.body(found.responseBody ?? '', (found.responseStatus ?? 200) as ContentfulStatusCode, {
    'Content-Type': 'application/json',
  });
}

function isConstraintViolation(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    if (current instanceof Database.SqliteError) return current.code.startsWith('SQLITE_CONSTRAINT');
    current = current.cause;
  }
  return false;
}

/**
 * Runs `write` in a group commit (db/group-commit.ts: one transaction and one fsync shared by the writes of the same
 * event-loop turn, each write in its own savepoint) and answers its result as JSON with `status`, only once that
 * transaction has committed. Under an `Idempotency-Key` (see `idempotent()`), the key and the response are stored in
 * the write's savepoint. Errors roll back this write (and its key) alone.
 */
export async function respondIdempotently<T>(
  c: Context<AppEnv>,
  status: ContentfulStatusCode,
  write: (tx: Tx) => T,
): Promise<Response> {
  const { db } = c.var;
  const claim: IdempotencyClaim | undefined = c.get('idempotency');
  try {
    const body = await commitInGroup(db, (tx) => {
      const text = JSON.stringify(write(tx));
      if (claim) {
        insertIdempotencyRecord(tx, {
          userId: claim.userId,
          key: claim.key,
          requestHash: claim.requestHash,
          createdAt: claim.createdAt,
          response: { status, body: text },
        });
        deleteIdempotencyKeysBefore(tx, claim.cutoff);
      }
      return text;
    });
    return c.body(body, status, { 'Content-Type': 'application/json' });
  } catch (error) {
    // A concurrent request with the same key committed first (primary key conflict; in the same batch or an earlier
    // one): answer as its replay. Only then is the database read again: after a storage error it is left alone.
    if (!claim || !isConstraintViolation(error)) throw error;
    const winner = findIdempotencyRecord(db, claim.userId, claim.key);
    if (winner?.responseBody != null) return replayIdempotent(c, winner, claim.requestHash);
    throw error;
  }
}
