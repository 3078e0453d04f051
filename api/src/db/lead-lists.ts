import type { LeadSort, ListLeadsQuery } from '@leadlight/contract';
import { and, asc, desc, eq, gt, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import { badRequest } from '../lib/errors';
import type { DbOrTx } from './client';
import type { LeadRow } from './leads';
import { leadFlags, leads, leadTags } from './schema';

/** Null scores sort as the lowest score; the same expression in ORDER BY and in the cursor condition. */
const scoreKey = sql<number>`coalesce(${leads.score}, -2147483648)`;

const sortColumns: Record<'createdAt' | 'updatedAt' | 'score', SQL<string | number>> = {
  createdAt: sql<string>`${leads.createdAt}`,
  updatedAt: sql<string>`${leads.updatedAt}`,
  score: scoreKey,
};

interface Cursor {
  value: string | number;
  id: string;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(raw: string): Cursor {
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<Cursor>;
    if (
      (typeof parsed.value === 'string' || typeof parsed.value === 'number') &&
      typeof parsed.id === 'string'
    ) {
      return { value: parsed.value, id: parsed.id };
    }
  } catch {
    // fall through to the error below
  }
  throw badRequest('invalid_cursor', 'The cursor is not one this API returned');
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (match) => `\\${match}`);
}

function cursorValueOf(row: LeadRow, field: keyof typeof sortColumns): string | number {
  if (field === 'score') return row.score ?? -2147483648;
  return row[field];
}

/** Keyset pagination over (sort key, id): stable under inserts, no OFFSET scans. */
export function listLeadRows(
  db: DbOrTx,
  query: ListLeadsQuery,
  viewerId: string,
): { rows: LeadRow[]; nextCursor: string | null } {
  const conditions: SQL[] = [];
  if (query.stage !== undefined) conditions.push(eq(leads.stage, query.stage));
  if (query.owner === 'none') conditions.push(isNull(leads.ownerId));
  else if (query.owner !== undefined)
    conditions.push(eq(leads.ownerId, query.owner === 'me' ? viewerId : query.owner));
  if (query.source !== undefined) conditions.push(eq(leads.sourceChannel, query.source));
  if (query.campaign !== undefined) conditions.push(eq(leads.sourceCampaign, query.campaign));
  if (query.tag !== undefined) {
    conditions.push(
      inArray(leads.id, db.select({ id: leadTags.leadId }).from(leadTags).where(eq(leadTags.tag, query.tag))),
    );
  }
  if (query.flag !== undefined) {
    conditions.push(
      inArray(
        leads.id,
        db.select({ id: leadFlags.leadId }).from(leadFlags).where(eq(leadFlags.flag, query.flag)),
      ),
    );
  }
  if (query.q !== undefined) {
    const pattern = `%${escapeLike(query.q.toLowerCase())}%`;
    conditions.push(sql`${leads.searchText} like ${pattern} escape '\\'`);
  }
  const sort: LeadSort = query.sort;
  const isDescending = sort.startsWith('-');
  const field = (isDescending ? sort.slice(1) : sort) as keyof typeof sortColumns;
  const column = sortColumns[field];
  if (query.cursor !== undefined) {
    const cursor = decodeCursor(query.cursor);
    const compare = isDescending ? lt : gt;
    conditions.push(
      or(compare(column, cursor.value), and(eq(column, cursor.value), compare(leads.id, cursor.id)))!,
    );
  }
  const order = isDescending ? [desc(column), desc(leads.id)] : [asc(column), asc(leads.id)];
  const rows = db
    .select()
    .from(leads)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(...order)
    .limit(query.limit + 1)
    .all();
  const hasMore = rows.length > query.limit;
  const page = hasMore ? rows.slice(0, query.limit) : rows;
  const last = page[page.length - 1];
  return {
    rows: page,
    nextCursor: hasMore && last ? encodeCursor({ value: cursorValueOf(last, field), id: last.id }) : null,
  };
}

/**
 * A rep's queue: MQL and SAL leads they own or nobody owns, accepted by the gate; SLA breaches first (due and not
 * touched since entering the stage), then by score.
 */
export function listQueueRows(db: DbOrTx, userId: string, now: string, limit: number): LeadRow[] {
  const isBreached = sql`case when ${leads.slaDueAt} < ${now} and (${leads.lastAttemptAt} is null or ${leads.lastAttemptAt} < ${leads.stageEnteredAt}) then 0 else 1 end`;
  return db
    .select()
    .from(leads)
    .where(
      and(
        inArray(leads.stage, ['mql', 'sal']),
        or(eq(leads.ownerId, userId), isNull(leads.ownerId)),
        eq(leads.gate, 'accepted'),
        or(isNull(leads.reviewState), eq(leads.reviewState, 'reconsidered')),
      ),
    )
    .orderBy(isBreached, desc(scoreKey), asc(leads.slaDueAt), asc(leads.id))
    .limit(limit)
    .all();
}

/** Nurture leads whose recycle date has come, for their owner (or anyone when unowned). */
export function listRecycledRows(db: DbOrTx, userId: string, now: string, limit: number): LeadRow[] {
  return db
    .select()
    .from(leads)
    .where(
      and(
        eq(leads.stage, 'nurture'),
        sql`${leads.recycleAt} <= ${now}`,
        or(eq(leads.ownerId, userId), isNull(leads.ownerId)),
      ),
    )
    .orderBy(asc(leads.recycleAt), asc(leads.id))
    .limit(limit)
    .all();
}

/** The review queue, oldest first (so nothing waits forever); keyset on (createdAt, id). */
export function listReviewRows(
  db: DbOrTx,
  state: 'pending' | 'confirmed',
  options: { cursor?: string | undefined; limit: number },
): { rows: LeadRow[]; nextCursor: string | null } {
  const conditions: SQL[] = [eq(leads.reviewState, state)];
  if (options.cursor !== undefined) {
    const cursor = decodeCursor(options.cursor);
    conditions.push(
      or(
        gt(leads.createdAt, String(cursor.value)),
        and(eq(leads.createdAt, String(cursor.value)), gt(leads.id, cursor.id)),
      )!,
    );
  }
  const rows = db
    .select()
    .from(leads)
    .where(and(...conditions))
    .orderBy(asc(leads.createdAt), asc(leads.id))
    .limit(options.limit + 1)
    .all();
  const hasMore = rows.length > options.limit;
  const page = hasMore ? rows.slice(0, options.limit) : rows;
  const last = page[page.length - 1];
  return {
    rows: page,
    nextCursor: hasMore && last ? encodeCursor({ value: last.createdAt, id: last.id }) : null,
  };
}
