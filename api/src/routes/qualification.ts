import {
  IdParamSchema,
  QualificationItemParamSchema,
  type QualificationResponse,
  SetQualificationRequestSchema,
  type SetQualificationResponse,
} from '@leadlight/contract';
import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { getActiveRuleset } from '../db/active-ruleset';
import type { DbOrTx } from '../db/client';
import { findLeadRow, listQualificationAnswers } from '../db/leads';
import { notFound } from '../lib/errors';
import { requireRole } from '../middleware/auth';
import { idempotent, respondIdempotently } from '../middleware/idempotency';
import { validate } from '../middleware/validate';
import { access } from '../route-table';
import { answerQualification } from '../services/lead-writes';
import { createWriteContext, toLeadResponse } from './route-helpers';

/** The checklist of the active ruleset with this lead's answers (state, value, who, when). */
function buildChecklist(db: DbOrTx, leadId: string): QualificationResponse {
  const { ruleset } = getActiveRuleset(db);
  const answers = new Map(listQualificationAnswers(db, leadId).map((answer) => [answer.itemId, answer]));
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
  return { items, minVerifiedForSql: ruleset.thresholds.sql.minVerified };
}

export const qualificationRoutes = new Hono<AppEnv>()
  .get(
    '/:id/qualification',
    requireRole({ roles: access.everyone }),
    validate('param', IdParamSchema),
    (c) => {
      const { id } = c.req.valid('param');
      const { db } = c.var;
      if (!findLeadRow(db, id)) throw notFound('Lead');
      return c.json(buildChecklist(db, id));
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
      // The answer rescores the lead: both the lead and the checklist are read inside the write's transaction.
      return respondIdempotently(c, 200, (tx): SetQualificationResponse => {
        const { lead } = toLeadResponse(c, answerQualification(tx, id, itemId, request, context));
        return { lead, qualification: buildChecklist(tx, id) };
      });
    },
  );
