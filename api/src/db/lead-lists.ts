import {
  type LeadSort,
  type ListLeadsQuery,
  type QueueQuery,
  ReviewReasonSchema,
  type ReviewTotals,
} from '@leadlight/contract';
import { and, asc, desc, eq, gt, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
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

/** Keyset position in a rep's queue; `asOf` is the first page's time, so every page sorts breaches alike. */
interface QueueCursor {
  asOf: string;
  breached: 0 | 1;
  score: number;
  due: string;
  id: string;
}

/** The stored timestamps' own format (toISOString): the SLA conditions compare them as text. */
function isIsoInstant(value: string): boolean {
  const time = Date.parse(value);
  return !Number.isNaN(time) && new Date(time).toISOString() === value;
}

function decodeQueueCursor(raw: string): QueueCursor {
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<QueueCursor>;
    if (
      typeof parsed.asOf === 'string' &&
      isIsoInstant(parsed.asOf) &&
      (parsed.breached === 0 || parsed.breached === 1) &&
      typeof parsed.score === 'number' &&
      Number.isFinite(parsed.score) &&
      typeof parsed.due === 'string' &&
      typeof parsed.id === 'string'
    ) {
      return {
        asOf: parsed.asOf,
        breached: parsed.breached,
        score: parsed.score,
        due: parsed.due,
        id: parsed.id,
      };
    }
  } catch {
    // fall through to the error below
  }
  throw badRequest('invalid_cursor', 'The cursor is not one this API returned');
}

/** Milliseconds since the epoch of an ISO column, exact (julianday's rounding error is far below 1 ms). */
function epochMsOf(value: SQL | SQLiteColumn): SQL<number> {
  return sql<number>`cast(round((julianday(${value}) - 2440587.5) * 86400000) as integer)`;
}

/** The SLA state as computeSla (services/lead-views.ts) derives it, in SQL, so the queue can filter and count by it. */
function buildSlaConditions(now: string) {
  const isUntouched = sql`(${leads.lastAttemptAt} is null or ${leads.lastAttemptAt} < ${leads.stageEnteredAt})`;
  const breached = sql`(${leads.slaDueAt} is not null and ${leads.slaDueAt} < ${now} and ${isUntouched})`;
  // due_soon: untouched, not yet due, with at most a quarter of the stage's SLA window left.
  const dueSoon = sql`(${leads.slaDueAt} is not null and ${leads.slaDueAt} >= ${now} and ${isUntouched} and 4 * (${epochMsOf(leads.slaDueAt)} - ${epochMsOf(sql`${now}`)}) <= ${epochMsOf(leads.slaDueAt)} - ${epochMsOf(leads.stageEnteredAt)})`;
  return {
    breached,
    due_soon: dueSoon,
    ok: sql`(${leads.slaDueAt} is not null and not ${breached} and not ${dueSoon})`,
    none: sql`(${leads.slaDueAt} is null)`,
  } satisfies Record<NonNullable<QueueQuery['sla']>, SQL>;
}

export interface QueueFilter {
  userId: string;
  stage?: QueueQuery['stage'];
  sla?: QueueQuery['sla'];
  owner?: QueueQuery['owner'];
  q?: QueueQuery['q'];
}

function buildOwnerCondition(filter: QueueFilter): SQL {
  if (filter.owner === 'me') return eq(leads.ownerId, filter.userId);
  if (filter.owner === 'none') return isNull(leads.ownerId);
  return or(eq(leads.ownerId, filter.userId), isNull(leads.ownerId))!;
}

function buildTextCondition(q: string): SQL {
  return sql`${leads.searchText} like ${`%${escapeLike(q.toLowerCase())}%`} escape '\\'`;
}

function buildQueueConditions(filter: QueueFilter, asOf: string): SQL[] {
  const conditions: SQL[] = [
    filter.stage === undefined ? inArray(leads.stage, ['mql', 'sal']) : eq(leads.stage, filter.stage),
    buildOwnerCondition(filter),
    eq(leads.gate, 'accepted'),
    or(isNull(leads.reviewState), eq(leads.reviewState, 'reconsidered'))!,
  ];
  if (filter.sla !== undefined) conditions.push(buildSlaConditions(asOf)[filter.sla]);
  if (filter.q !== undefined) conditions.push(buildTextCondition(filter.q));
  return conditions;
}

/**
 * A rep's queue, one page: MQL and SAL leads they own or nobody owns, accepted by the gate; SLA breaches first (due
 * and not touched since entering the stage), then by score, then by due date. Keyset on (breached, score, due, id)
 * with breaches judged as of the first page's time (kept in the cursor), so a lead whose SLA runs out between two
 * pages is neither skipped nor shown twice. `counts` cover every page of the filtered queue.
 */
export function listQueuePage(
  db: DbOrTx,
  filter: QueueFilter,
  options: { now: string; cursor?: string | undefined; limit: number },
): { rows: LeadRow[]; nextCursor: string | null; counts: { total: number; breached: number } } {
  const cursor = options.cursor === undefined ? undefined : decodeQueueCursor(options.cursor);
  const asOf = cursor?.asOf ?? options.now;
  const breachedKey = sql<number>`case when ${buildSlaConditions(asOf).breached} then 0 else 1 end`;
  const dueKey = sql<string>`coalesce(${leads.slaDueAt}, '')`;
  const conditions = buildQueueConditions(filter, asOf);
  const [countRow] = db
    .select({
      total: sql<number>`count(*)`,
      breached: sql<number>`coalesce(sum(1 - ${breachedKey}), 0)`,
    })
    .from(leads)
    .where(and(...conditions))
    .all();
  if (cursor !== undefined) {
    conditions.push(
      sql`(${breachedKey} > ${cursor.breached} or (${breachedKey} = ${cursor.breached} and (${scoreKey} < ${cursor.score} or (${scoreKey} = ${cursor.score} and (${dueKey} > ${cursor.due} or (${dueKey} = ${cursor.due} and ${leads.id} > ${cursor.id}))))))`,
    );
  }
  const rows = db
    .select({ row: leads, breached: breachedKey })
    .from(leads)
    .where(and(...conditions))
    .orderBy(breachedKey, desc(scoreKey), asc(dueKey), asc(leads.id))
    .limit(options.limit + 1)
    .all();
  const hasMore = rows.length > options.limit;
  const page = hasMore ? rows.slice(0, options.limit) : rows;
  const last = page[page.length - 1];
  const nextCursor =
    hasMore && last
      ? Buffer.from(
          JSON.stringify({
            asOf,
            breached: last.breached === 0 ? 0 : 1,
            score: last.row.score ?? -2147483648,
            due: last.row.slaDueAt ?? '',
            id: last.row.id,
          } satisfies QueueCursor),
        ).toString('base64url')
      : null;
  return {
    rows: page.map(({ row }) => row),
    nextCursor,
    counts: { total: countRow?.total ?? 0, breached: countRow?.breached ?? 0 },
  };
}

/** Nurture leads whose recycle date has come, for their owner (or anyone when unowned); owner and text filter. */
export function listRecycledRows(
  db: DbOrTx,
  filter: Pick<QueueFilter, 'userId' | 'owner' | 'q'>,
  now: string,
  limit: number,
): LeadRow[] {
  return db
    .select()
    .from(leads)
    .where(
      and(
        eq(leads.stage, 'nurture'),
        sql`${leads.recycleAt} <= ${now}`,
        buildOwnerCondition(filter),
        filter.q === undefined ? undefined : buildTextCondition(filter.q),
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

/**
 * Totals over the whole review queue of one state: leads, leads per source channel and per reason (a rule by its
 * id, a reason without a rule by its text; each lead once per reason), and leads without a recorded reason.
 */
export function countReviewTotals(db: DbOrTx, state: 'pending' | 'confirmed'): ReviewTotals {
  const inQueue = eq(leads.reviewState, state);
  const bySource = db
    .select({ channel: leads.sourceChannel, count: sql<number>`count(*)` })
    .from(leads)
    .where(inQueue)
    .groupBy(leads.sourceChannel)
    .orderBy(desc(sql`count(*)`), sql`${leads.sourceChannel} is null`, asc(leads.sourceChannel))
    .all();
  // One row per (lead, reason); a reason that is not an object (never written by the API) is skipped.
  const reasonRows = db.all<{ kind: unknown; ruleId: unknown; reason: unknown; count: number }>(sql`
    select json_extract(reason.value, '$.kind') as kind, json_extract(reason.value, '$.ruleId') as ruleId,
      case when json_extract(reason.value, '$.ruleId') is null then json_extract(reason.value, '$.reason') end as reason,
      count(distinct ${leads.id}) as count
    from ${leads}, json_each(case when json_valid(${leads.reviewReasons}) then ${leads.reviewReasons} else '[]' end) as reason
    where ${inQueue} and json_type(reason.value) = 'object'
    group by 1, 2, 3
    order by count desc, kind, ruleId, reason`);
  const byReason = reasonRows.flatMap((row) => {
    const kind = ReviewReasonSchema.shape.kind.safeParse(row.kind);
    if (!kind.success) return [];
    return [
      {
        kind: kind.data,
        ruleId: typeof row.ruleId === 'string' ? row.ruleId : null,
        reason: typeof row.reason === 'string' ? row.reason : null,
        count: row.count,
      },
    ];
  });
  const [totals] = db
    .select({
      total: sql<number>`count(*)`,
      withoutReason: sql<number>`coalesce(sum(case when json_valid(${leads.reviewReasons}) and json_array_length(${leads.reviewReasons}) > 0 then 0 else 1 end), 0)`,
    })
    .from(leads)
    .where(inQueue)
    .all();
  return {
    total: totals?.total ?? 0,
    bySource,
    byReason,
    withoutReason: totals?.withoutReason ?? 0,
  };
}
