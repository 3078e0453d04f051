import type { MyQueueResponse } from '@leadlight/contract';
import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { getActiveRuleset } from '../db/active-ruleset';
import { listQueueRows, listRecycledRows } from '../db/lead-lists';
import { loadTagsAndFlags, readProfile } from '../db/leads';
import { requireRole } from '../middleware/auth';
import { access } from '../route-table';
import { computeNextAction, computeSla, toLeadSummary } from '../services/lead-views';

const queueLimit = 200;

/** The rep's day: own and unowned MQL / SAL leads (SLA breaches first, then score) and recycled nurture leads. */
export const queueRoutes = new Hono<AppEnv>().get('/', requireRole({ roles: access.sales }), (c) => {
  const { db, clock, user } = c.var;
  const now = clock.now();
  const ruleset = getActiveRuleset(db);
  const queue = listQueueRows(db, user.id, now.toISOString(), queueLimit);
  const recycled = listRecycledRows(db, user.id, now.toISOString(), queueLimit);
  const extras = loadTagsAndFlags(
    db,
    [...queue, ...recycled].map((row) => row.id),
  );
  const toItem = (row: (typeof queue)[number]) => ({
    lead: toLeadSummary(row, extras.get(row.id) ?? { tags: [], flags: [] }, readProfile(row), ruleset, now),
    // The queue list shows the cadence step; the checklist-based advice needs the answers (lead view).
    nextAction: computeNextAction(row, [], ruleset, now),
    isSlaBreached: computeSla(row, now).state === 'breached',
  });
  const body: MyQueueResponse = { items: queue.map(toItem), recycled: recycled.map(toItem) };
  return c.json(body);
});
