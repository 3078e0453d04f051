import {
  IdParamSchema,
  QualificationItemParamSchema,
  type QualificationResponse,
  SetQualificationRequestSchema,
} from '@leadlight/contract';
import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { getActiveRuleset } from '../db/active-ruleset';
import { findLeadRow, listQualificationAnswers } from '../db/leads';
import { notFound } from '../lib/errors';
import { requireRole } from '../middleware/auth';
import { idempotent, respondIdempotently } from '../middleware/idempotency';
import { validate } from '../middleware/validate';
import { access } from '../route-table';
import { answerQualification } from '../services/lead-writes';
import { createWriteContext, toLeadResponse } from './route-helpers';

/** The checklist of the active ruleset with this lead's answers (state, value, who, when). */
export const qualificationRoutes = new Hono<AppEnv>()
  .get(
    '/:id/qualification',
    requireRole({ roles: access.everyone }),
    validate('param', IdParamSchema),
    (c) => {
      const { id } = c.req.valid('param');
      const { db } = c.var;
      if (!findLeadRow(db, id)) throw notFound('Lead');
      const { ruleset } = getActiveRuleset(db);
      const answers = new Map(listQualificationAnswers(db, id).map((answer) => [answer.itemId, answer]));
      const required = new Set(ruleset.thresholds.sql.requiredVerified);
      const items = ruleset.checklist.items.map((item) => {
        const answer = answers.get(item.id);
        return {
          itemId: item.id,
          label: item.label,
          state: answer?.state ?? 'unknown',
          value: answer?.value ?? null,
          answeredBy: answer?.answeredBy ?? null,
          answeredAt: answer?.answeredAt ?? null,
          isRequiredForSql: required.has(item.id),
        };
      });
      const body: QualificationResponse = { items, minVerifiedForSql: ruleset.thresholds.sql.minVerified };
      return c.json(body);
    },
  )
  .put(
    '/:id/qualification/:itemId',
    requireRole({ roles: access.sales }),
    idempotent(), // the outbox resends after a lost answer: the answer's history entry must not double
    validate('param', QualificationItemParamSchema),
    validate('json', SetQualificationRequestSchema),
    (c) => {
      const { id, itemId } = c.req.valid('param');
      const request = c.req.valid('json');
      const context = createWriteContext(c);
      return respondIdempotently(c, 200, (tx) =>
        toLeadResponse(c, answerQualification(tx, id, itemId, request, context)),
      );
    },
  );
