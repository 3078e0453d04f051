import { CreateFollowUpRequestSchema, IdParamSchema } from '@leadlight/contract';
import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { getActiveRuleset } from '../db/active-ruleset';
import { listFollowUps } from '../db/activity';
import { findLeadRow } from '../db/leads';
import { notFound } from '../lib/errors';
import { requireRole } from '../middleware/auth';
import { idempotent, respondIdempotently } from '../middleware/idempotency';
import { validate } from '../middleware/validate';
import { access } from '../route-table';
import { getRequiredAttempts } from '../services/lead-views';
import { recordFollowUp } from '../services/lead-writes';
import { createWriteContext } from './route-helpers';

/** Touches (call, voicemail, email, LinkedIn message, meeting) with their outcome; each one is an attempt. */
export const followUpRoutes = new Hono<AppEnv>()
  .get('/:id/follow-ups', requireRole({ roles: access.everyone }), validate('param', IdParamSchema), (c) => {
    const { id } = c.req.valid('param');
    const row = findLeadRow(c.get('db'), id);
    if (!row) throw notFound('Lead');
    const required = getRequiredAttempts(getActiveRuleset(c.get('db')));
    return c.json({ items: listFollowUps(c.get('db'), id), attempts: { made: row.attemptCount, required } });
  })
  .post(
    '/:id/follow-ups',
    requireRole({ roles: access.sales }),
    idempotent(),
    validate('param', IdParamSchema),
    validate('json', CreateFollowUpRequestSchema),
    (c) => {
      const { id } = c.req.valid('param');
      const request = c.req.valid('json');
      const context = createWriteContext(c);
      const required = getRequiredAttempts(context.ruleset);
      return respondIdempotently(c, 201, (tx) => {
        const { followUp, attemptCount } = recordFollowUp(tx, id, request, context);
        return { followUp, attempts: { made: attemptCount, required } };
      });
    },
  );
