import { IdParamSchema, MoveStageRequestSchema } from '@leadlight/contract';
import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { requireRole } from '../middleware/auth';
import { idempotent, respondIdempotently } from '../middleware/idempotency';
import { validate } from '../middleware/validate';
import { access } from '../route-table';
import { moveLeadStage } from '../services/lead-writes';
import { createWriteContext, toLeadResponse } from './route-helpers';

/**
 * Stage moves, validated by the active ruleset (reasons for exits, verified checklist for SQL). Idempotent with
 * Idempotency-Key: the extension's outbox resends after a lost answer, and a move must not be recorded twice.
 */
export const stageRoutes = new Hono<AppEnv>().post(
  '/:id/stage',
  requireRole({ roles: access.sales }),
  idempotent(),
  validate('param', IdParamSchema),
  validate('json', MoveStageRequestSchema),
  (c) => {
    const { id } = c.req.valid('param');
    const request = c.req.valid('json');
    const context = createWriteContext(c);
    return respondIdempotently(c, 201, (tx) => {
      const { record, move } = moveLeadStage(tx, id, request, context);
      return { move, ...toLeadResponse(c, record) };
    });
  },
);
