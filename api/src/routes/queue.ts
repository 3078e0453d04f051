import { type MyQueueResponse, QueueQuerySchema } from '@leadlight/contract';
import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { getActiveRuleset } from '../db/active-ruleset';
import { listQueuePage, listRecycledRows } from '../db/lead-lists';
import type { LeadRow } from '../db/leads';
import { loadTagsAndFlags, readProfile } from '../db/leads';
import { requireRole } from '../middleware/auth';
import { validate } from '../middleware/validate';
import { access } from '../route-table';
import { computeNextAction, computeSla, toLeadSummary } from '../services/lead-views';

/** Nurture leads due back are few; they come with the first page only, at most this many. */
const recycledLimit = 200;

/**
 * The rep's day: own and unowned MQL / SAL leads (SLA breaches first, then score), one page at a time, filtered by
 * stage, SLA state, owner and text; with the first page, the recycled nurture leads.
 */
export const queueRoutes = new Hono<AppEnv>().get(
  '/',
  requireRole({ roles: access.sales }),
  validate('query', QueueQuerySchema),
  (c) => {
    const { db, clock, user } = c.var;
    const { cursor, limit, ...filters } = c.req.valid('query');
    const now = clock.now();
    const ruleset = getActiveRuleset(db);
    const filter = { userId: user.id, ...filters };
    const page = listQueuePage(db, filter, { now: now.toISOString(), cursor, limit });
    const recycled =
      cursor === undefined ? listRecycledRows(db, filter, now.toISOString(), recycledLimit) : [];
    const extras = loadTagsAndFlags(
      db,
      [...page.rows, ...recycled].map((row) => row.id),
    );
    const toItem = (row: LeadRow) => ({
      lead: toLeadSummary(row, extras.get(row.id) ?? { tags: [], flags: [] }, readProfile(row), ruleset, now),
      // The queue list shows the cadence step; the checklist-based advice needs the answers (lead view).
      nextAction: computeNextAction(row, [], ruleset, now),
      isSlaBreached: computeSla(row, now).state === 'breached',
    });
    const body: MyQueueResponse = {
      items: page.rows.map(toItem),
      nextCursor: page.nextCursor,
      counts: page.counts,
      recycled: recycled.map(toItem),
    };
    return c.json(body);
  },
);
