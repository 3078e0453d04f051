import { IdParamSchema, MoveStageRequestSchema } from '@leadlight/contract';
import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { requireRole } from '../middleware/auth';
import { validate } from '../middleware/validate';
import { access } from '../route-table';
import { moveLeadStage } from '../services/lead-writes';
import { createWriteContext, toLeadResponse } from './route-helpers';

/** Stage moves, validated by the active ruleset (reasons for exits, verified checklist for SQL). */
export const stageRoutes = new Hono<AppEnv>().post(
  '/:id/stage',
  requireRole({ roles: access.sales }),
  validate('param', IdParamSchema),
  validate('json', MoveStageRequestSchema),
  (c) => {
    const { id } = c.req.valid('param');
    const request = c.req.valid('json');
    const context = createWriteContext(c);
    const { record, move } = c.var.db.transaction((tx) => moveLeadStage(tx, id, request, context));
    return c.json({ move, ...toLeadResponse(c, record) }, 201);
  },
);
