import type { HistoryEntry } from '@leadlight/contract';
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import { badRequest } from '../lib/errors';
import type { DbOrTx } from './client';
import { prepareOnce } from './prepared';
import { history } from './schema';

export interface NewHistoryEntry {
  entityType: string;
  entityId: string;
  leadId?: string | null;
  action: string;
  actorId: string | null;
  at: string;
  before: unknown;
  after: unknown;
}

/**
 * Every change writes one entry, inside the same transaction as the change itself. Prepared once per connection:
 * every write of the API passes here. The JSON columns are serialised here, as drizzle's json mode would.
 */
export function appendHistory(db: DbOrTx, entry: NewHistoryEntry): void {
  const query = prepareOnce(db, 'appendHistory', (handle) =>
    handle
      .insert(history)
      .values({
        entityType: sql.placeholder('entityType'),
        entityId: sql.placeholder('entityId'),
        leadId: sql.placeholder('leadId'),
        action: sql.placeholder('action'),
        actorId: sql.placeholder('actorId'),
        at: sql.placeholder('at'),
        // Wrapped in sql: a bare placeholder would pass through the json encoder, which stores null as 'null'.
        before: sql`${sql.placeholder('before')}`,
        after: sql`${sql.placeholder('after')}`,
      })
      .prepare(),
  );
  query.run({
    entityType: entry.entityType,
    entityId: entry.entityId,
    leadId: entry.leadId ?? null,
    action: entry.action,
    actorId: entry.actorId,
    at: entry.at,
    before: entry.before == null ? null : JSON.stringify(entry.before),
    after: entry.after == null ? null : JSON.stringify(entry.after),
  });
}

function toHistoryEntry(row: typeof history.$inferSelect): HistoryEntry {
  return {
    seq: row.seq,
    entityType: row.entityType,
    entityId: row.entityId,
    leadId: row.leadId,
    action: row.action,
    actorId: row.actorId,
    at: row.at,
    before: row.before,
    after: row.after,
  };
}

/** Newest first; `beforeSeq` continues a previous page. */
export function listLeadHistory(
  db: DbOrTx,
  leadId: string,
  options: { limit: number; beforeSeq?: number | undefined },
): HistoryEntry[] {
  const query = prepareOnce(db, 'listLeadHistory', (handle) =>
    handle
      .select()
      .from(history)
      .where(
        and(eq(history.leadId, sql.placeholder('leadId')), lt(history.seq, sql.placeholder('beforeSeq'))),
      )
      .orderBy(desc(history.seq))
      .limit(sql.placeholder('limit'))
      .prepare(),
  );
  return query
    .all({ leadId, beforeSeq: options.beforeSeq ?? Number.MAX_SAFE_INTEGER, limit: options.limit })
    .map(toHistoryEntry);
}

/**
 * One page of an entity's history, newest first: `beforeSeq` continues a previous page (the seq of its last
 * entry). Reads `limit + 1` rows so `nextCursor` is null exactly when nothing older is left.
 */
export function listEntityHistoryPage(
  db: DbOrTx,
  entityType: string,
  entityId: string,
  options: { limit: number; beforeSeq?: number | undefined },
): { items: HistoryEntry[]; nextCursor: string | null } {
  const rows = db
    .select()
    .from(history)
    .where(
      and(
        eq(history.entityType, entityType),
        eq(history.entityId, entityId),
        lt(history.seq, options.beforeSeq ?? Number.MAX_SAFE_INTEGER),
      ),
    )
    .orderBy(desc(history.seq))
    .limit(options.limit + 1)
    .all();
  const items = rows.slice(0, options.limit).map(toHistoryEntry);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > options.limit && last ? String(last.seq) : null };
}

/** A history cursor is the seq of the last entry of the previous page; anything else is 400 `invalid_cursor`. */
export function parseHistoryCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined;
  const seq = Number(cursor);
  if (!/^[1-9][0-9]*$/.test(cursor) || !Number.isSafeInteger(seq)) {
    throw badRequest('invalid_cursor', 'The cursor is not one this API returned');
  }
  return seq;
}
