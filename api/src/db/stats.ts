import { and, eq, gte, isNotNull, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from './client';
import { followUps, leads, stageMoves } from './schema';

export type StatsGrouping = 'none' | 'source' | 'campaign';

function groupColumn(by: StatsGrouping) {
  if (by === 'source') return leads.sourceChannel;
  if (by === 'campaign') return leads.sourceCampaign;
  return sql<string | null>`null`;
}

/**
 * How far along the funnel a stage is (inquiry 0 … won 5). `lost` is a lost opportunity; nurture and disqualified
 * say nothing beyond inquiry (earlier stage moves tell the rest).
 */
function funnelRank(column: unknown) {
  return sql<number>`case ${column} when 'mql' then 1 when 'sal' then 2 when 'sql' then 3 when 'opportunity' then 4 when 'lost' then 4 when 'won' then 5 else 0 end`;
}

export interface ReachedCountRow {
  day: string;
  group: string | null;
  /** The furthest funnel rank the lead reached: its stage now or any stage it moved from or to. */
  rank: number;
  count: number;
}

/**
 * Leads per creation day, group and furthest stage reached. Days (ISO text prefix) rather than weeks because week
 * numbering is not portable SQL; callers fold days into weeks or months.
 */
export function countLeadsByFurthestStage(
  db: DbOrTx,
  options: { by: StatsGrouping; from?: string | undefined; to?: string | undefined },
): ReachedCountRow[] {
  const moveRank = sql<number>`max(case when ${funnelRank(stageMoves.fromStage)} > ${funnelRank(stageMoves.toStage)} then ${funnelRank(stageMoves.fromStage)} else ${funnelRank(stageMoves.toStage)} end)`;
  const perLead = db
    .select({
      id: leads.id,
      day: sql<string>`substr(${leads.createdAt}, 1, 10)`.as('day'),
      group: sql<string | null>`${groupColumn(options.by)}`.as('grp'),
      stageRank: sql<number>`${funnelRank(leads.stage)}`.as('stage_rank'),
      moveRank: sql<number | null>`${moveRank}`.as('move_rank'),
    })
    .from(leads)
    .leftJoin(stageMoves, eq(stageMoves.leadId, leads.id))
    .where(
      and(
        options.from === undefined ? undefined : gte(leads.createdAt, options.from),
        // "<day>T99" sorts after every instant of that day: an inclusive end on ISO text.
        options.to === undefined ? undefined : lte(leads.createdAt, `${options.to}T99`),
      ),
    )
    .groupBy(leads.id)
    .as('per_lead');
  const rank = sql<number>`case when coalesce(${perLead.moveRank}, 0) > ${perLead.stageRank} then ${perLead.moveRank} else ${perLead.stageRank} end`;
  return db
    .select({
      day: perLead.day,
      group: perLead.group,
      rank: sql<number>`${rank}`.mapWith(Number),
      count: sql<number>`count(*)`.mapWith(Number),
    })
    .from(perLead)
    .groupBy(sql`day`, sql`grp`, rank)
    .all();
}

export interface MqlTouchRow {
  group: string | null;
  mqlAt: string;
  /** First follow-up at or after becoming MQL; null when none yet. */
  firstTouchAt: string | null;
}

/** Every lead that became MQL, with its first touch after that: the median time to first touch reads these. */
export function listMqlFirstTouches(db: DbOrTx, by: StatsGrouping): MqlTouchRow[] {
  return db
    .select({
      group: sql<string | null>`${groupColumn(by)}`,
      mqlAt: sql<string>`${leads.mqlAt}`,
      firstTouchAt: sql<string | null>`min(${followUps.occurredAt})`,
    })
    .from(leads)
    .leftJoin(followUps, and(eq(followUps.leadId, leads.id), gte(followUps.occurredAt, leads.mqlAt)))
    .where(isNotNull(leads.mqlAt))
    .groupBy(leads.id)
    .all();
}

export interface IgnoredMqlRow {
  group: string | null;
  mqls: number;
  ignored: number;
}

/** Leads in stage MQL now, and those of them past their first-touch SLA with no attempt since entering it. */
export function countIgnoredMqls(db: DbOrTx, by: StatsGrouping, now: string): IgnoredMqlRow[] {
  const group = groupColumn(by);
  return db
    .select({
      group: sql<string | null>`${group}`,
      mqls: sql<number>`count(*)`.mapWith(Number),
      ignored:
        sql<number>`sum(case when ${leads.slaDueAt} < ${now} and (${leads.lastAttemptAt} is null or ${leads.lastAttemptAt} < ${leads.stageEnteredAt}) then 1 else 0 end)`.mapWith(
          Number,
        ),
    })
    .from(leads)
    .where(eq(leads.stage, 'mql'))
    .groupBy(group)
    .all();
}
