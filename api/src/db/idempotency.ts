import { and, eq, lt } from 'drizzle-orm';
import type { DbOrTx } from './client';
import { idempotencyKeys } from './schema';

export type IdempotencyRecord = typeof idempotencyKeys.$inferSelect;

export function findIdempotencyRecord(
  db: DbOrTx,
  userId: string,
  key: string,
): IdempotencyRecord | undefined {
  return db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)))
    .get();
}

/** Stores a key with the response of its request (in the transaction of the request's write). */
export function insertIdempotencyRecord(
  db: DbOrTx,
  record: {
    userId: string;
    key: string;
    requestHash: string;
    createdAt: string;
    response: { status: number; body: string };
  },
): void {
  const { response, ...rest } = record;
  db.insert(idempotencyKeys)
    .values({ ...rest, responseStatus: response.status, responseBody: response.body })
    .run();
}

/** A row without a response, as versions before the one-transaction idempotency left after a crash (tests only). */
export function claimIdempotencyKey(
  db: DbOrTx,
  record: { userId: string; key: string; requestHash: string; createdAt: string },
): void {
  db.insert(idempotencyKeys)
    .values({ ...record, responseStatus: null, responseBody: null })
    .run();
}

export function releaseIdempotencyKey(db: DbOrTx, userId: string, key: string): void {
  db.delete(idempotencyKeys)
    .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)))
    .run();
}

/** Forgets keys created before `cutoff` (ISO instant). */
export function deleteIdempotencyKeysBefore(db: DbOrTx, cutoff: string): number {
  return db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, cutoff)).run().changes;
}
