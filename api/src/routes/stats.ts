import {
  funnelStages,
  SlaStatsQuerySchema,
  type SlaStatsResponse,
  WaterfallQuerySchema,
  type WaterfallResponse,
  type WaterfallRow,
} from '@leadlight/contract';
import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import {
  countIgnoredMqls,
  countLeadsByFurthestStage,
  listMqlFirstTouches,
  type ReachedCountRow,
} from '../db/stats';
import { badRequest } from '../lib/errors';
import { requireRole } from '../middleware/auth';
import { validate } from '../middleware/validate';
import { access } from '../route-table';

type FunnelStage = (typeof funnelStages)[number];

/** ISO-8601 week of a UTC day ("2026-11-24" → "2026-W48"): weeks start on Monday, week 1 holds the first Thursday. */
export function toIsoWeek(day: string): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  const weekday = (date.getUTCDay() + 6) % 7;
  date.setUTCDate(date.getUTCDate() - weekday + 3);
  const year = date.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  firstThursday.setUTCDate(firstThursday.getUTCDate() - ((firstThursday.getUTCDay() + 6) % 7) + 3);
  const week = 1 + Math.round((date.getTime() - firstThursday.getTime()) / (7 * 86_400_000));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Folds per-day counts of the furthest stage reached into "reached at least" counts per period and group. */
export function buildWaterfallRows(
  rows: readonly ReachedCountRow[],
  period: 'week' | 'month',
): WaterfallRow[] {
  const buckets = new Map<string, { period: string; group: string | null; counts: number[] }>();
  for (const row of rows) {
    const key = period === 'week' ? toIsoWeek(row.day) : row.day.slice(0, 7);
    const id = JSON.stringify([key, row.group]);
    let bucket = buckets.get(id);
    if (bucket === undefined) {
      bucket = { period: key, group: row.group, counts: funnelStages.map(() => 0) };
      buckets.set(id, bucket);
    }
    // A lead that reached rank r also passed every earlier stage.
    for (let rank = 0; rank <= row.rank && rank < funnelStages.length; rank += 1) {
      bucket.counts[rank] = (bucket.counts[rank] ?? 0) + row.count;
    }
  }
  return [...buckets.values()]
    .sort((a, b) => a.period.localeCompare(b.period) || (a.group ?? '').localeCompare(b.group ?? ''))
    .map((bucket) => {
      const reached = Object.fromEntries(
        funnelStages.map((stage, index) => [stage, bucket.counts[index] ?? 0]),
      ) as Record<FunnelStage, number>;
      const conversion = funnelStages.slice(1).map((to, index) => {
        const from = funnelStages[index] as FunnelStage;
        const base = reached[from];
        return { from, to, rate: base === 0 ? null : reached[to] / base };
      });
      return { period: bucket.period, group: bucket.group, reached, conversion };
    });
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? null)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Funnel statistics for marketing and sales managers (everyone may read them). */
export const statsRoutes = new Hono<AppEnv>()
  .get(
    '/waterfall',
    requireRole({ roles: access.everyone }),
    validate('query', WaterfallQuerySchema),
    (c) => {
      const query = c.req.valid('query');
      if (query.from !== undefined && query.to !== undefined && query.from > query.to) {
        throw badRequest('invalid_range', '`from` must not be after `to`', {
          from: query.from,
          to: query.to,
        });
      }
      const rows = countLeadsByFurthestStage(c.get('db'), query);
      const body: WaterfallResponse = {
        period: query.period,
        by: query.by,
        stages: [...funnelStages],
        rows: buildWaterfallRows(rows, query.period),
      };
      return c.json(body);
    },
  )
  .get('/sla', requireRole({ roles: access.everyone }), validate('query', SlaStatsQuerySchema), (c) => {
    const { by } = c.req.valid('query');
    const db = c.get('db');
    const now = c.get('clock').now().toISOString();
    const groups = new Map<string, SlaStatsResponse['rows'][number] & { hours: number[] }>();
    const groupOf = (group: string | null) => {
      const id = JSON.stringify(group);
      let entry = groups.get(id);
      if (entry === undefined) {
        entry = {
          group,
          mqls: 0,
          ignored: 0,
          ignoredShare: null,
          touched: 0,
          medianHoursToFirstTouch: null,
          hours: [],
        };
        groups.set(id, entry);
      }
      return entry;
    };
    for (const row of countIgnoredMqls(db, by, now)) {
      const entry = groupOf(row.group);
      entry.mqls = row.mqls;
      entry.ignored = row.ignored;
    }
    // Median is not portable SQL (percentile_cont vs nothing in SQLite): SQL finds each first touch, TS the median.
    for (const row of listMqlFirstTouches(db, by)) {
      const entry = groupOf(row.group);
      if (row.firstTouchAt !== null) {
        entry.hours.push((Date.parse(row.firstTouchAt) - Date.parse(row.mqlAt)) / 3_600_000);
      }
    }
    const rows = [...groups.values()]
      .sort((a, b) => (a.group ?? '').localeCompare(b.group ?? ''))
      .map(({ hours, ...entry }) => ({
        ...entry,
        ignoredShare: entry.mqls === 0 ? null : entry.ignored / entry.mqls,
        touched: hours.length,
        medianHoursToFirstTouch: median(hours),
      }));
    const body: SlaStatsResponse = { by, at: now, rows };
    return c.json(body);
  });
