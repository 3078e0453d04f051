import {
  IdParamSchema,
  ReviewDecisionRequestSchema,
  ReviewQueueQuerySchema,
  type ReviewQueueResponse,
  type ReviewReason,
} from '@leadlight/contract';
import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { getActiveRuleset } from '../db/active-ruleset';
import { countReviewTotals, listReviewRows } from '../db/lead-lists';
import { loadTagsAndFlags, readProfile } from '../db/leads';
import { requireRole } from '../middleware/auth';
import { validate } from '../middleware/validate';
import { access } from '../route-table';
import { toLeadSummary } from '../services/lead-views';
import { confirmReview, reconsiderLead } from '../services/lead-writes';
import { createWriteContext, toLeadResponse } from './route-helpers';

/** Junk, incomplete and rejected leads: kept, never dropped, until marketing reconsiders or confirms them. */
export const reviewRoutes = new Hono<AppEnv>()
  .get('/', requireRole({ roles: access.marketing }), validate('query', ReviewQueueQuerySchema), (c) => {
    const { db, clock } = c.var;
    const { state, cursor, limit } = c.req.valid('query');
    const { rows, nextCursor } = listReviewRows(db, state, { cursor, limit });
    const ruleset = getActiveRuleset(db);
    const now = clock.now();
    const extras = loadTagsAndFlags(
      db,
      rows.map((row) => row.id),
    );
    const body: ReviewQueueResponse = {
      items: rows.map((row) => ({
        lead: toLeadSummary(
          row,
          extras.get(row.id) ?? { tags: [], flags: [] },
          readProfile(row),
          ruleset,
          now,
        ),
        reasons: (row.reviewReasons as ReviewReason[] | null) ?? [],
        reviewState: row.reviewState ?? 'pending',
      })),
      nextCursor,
      // Over the whole queue of this state, not this page: where the bad leads come from.
      totals: countReviewTotals(db, state),
    };
    return c.json(body);
  })
  .post(
    '/:id/reconsider',
    requireRole({ roles: access.marketing }),
    validate('param', IdParamSchema),
    validate('json', ReviewDecisionRequestSchema),
    (c) => {
      const { id } = c.req.valid('param');
      const { note } = c.req.valid('json');
      const context = createWriteContext(c);
      const record = c.get('db').transaction((tx) => reconsiderLead(tx, id, note, context));
      return c.json(toLeadResponse(c, record));
    },
  )
  .post(
    '/:id/confirm',
    requireRole({ roles: access.marketing }),
    validate('param', IdParamSchema),
    validate('json', ReviewDecisionRequestSchema),
    (c) => {
      const { id } = c.req.valid('param');
      const { note } = c.req.valid('json');
      const context = createWriteContext(c);
      const record = c.get('db').transaction((tx) => confirmReview(tx, id, note, context));
      return c.json(toLeadResponse(c, record));
    },
  );
