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

/** Claims a key for a running request (response still null). */
export function claimIdempotencyKey(
  db: DbOrTx,
  record: { userId: string; key: string; requestHash: string; createdAt: string },
): void {
  db.insert(idempotencyKeys)
    .values({ ...record, responseStatus: null, responseBody: null })
    .run();
}

export function completeIdempotencyKey(
  db: DbOrTx,
  userId: string,
  key: string,
  response: { status: number; body: string },
): void {
  db.update(idempotencyKeys)
    .set({ responseStatus: response.status, responseBody: response.body })
    .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)))
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
