import type { EngagementEvent, Score } from '@leadlight/contract';
import { findMoments } from '@leadlight/rules';
import { insertAlert, listActiveTeamUserIds } from '../db/alerts';
import type { DbOrTx } from '../db/client';
import { appendHistory } from '../db/history';
import { findLeadRow } from '../db/leads';
import { notFound } from '../lib/errors';
import { rescoreLead, type WriteContext } from './lead-writes';

export interface RaisedAlert {
  kind: 'mql' | 'moment';
  label: string;
  ruleId: string | null;
}

export interface RescoreOutcome {
  score: Score;
  alerts: RaisedAlert[];
  /** Users who got an alert: notify them once the transaction has committed. */
  recipientIds: string[];
}

/** Stages where reaching the MQL threshold no longer means "reach out now". */
const closedStages: ReadonlySet<string> = new Set(['won', 'lost', 'disqualified']);

/**
 * Rescores a lead and stores the alerts this raised: the MQL threshold crossed upwards (or the lead moved to MQL),
 * and the active ruleset's moments of interest matched by `event`. Alerts go to the owner, or to every sales user
 * when the lead is unowned. Call inside the transaction of the change that triggered the rescore.
 */
export function rescoreLeadAndAlert(
  db: DbOrTx,
  leadId: string,
  context: WriteContext,
  trigger: { event?: EngagementEvent } = {},
): RescoreOutcome {
  const before = findLeadRow(db, leadId);
  if (!before) throw notFound('Lead', { leadId });
  const score = rescoreLead(db, leadId, context);
  const after = findLeadRow(db, leadId) ?? before;
  const threshold = context.ruleset.ruleset.thresholds.mql;
  const total = score.totals.total;
  const hasCrossed =
    score.flags.length === 0 &&
    !closedStages.has(after.stage) &&
    ((before.stage !== 'mql' && after.stage === 'mql') ||
      ((before.score ?? Number.NEGATIVE_INFINITY) < threshold && total >= threshold));

  const raised: RaisedAlert[] = [];
  if (hasCrossed) {
    raised.push({ kind: 'mql', label: `Reached the MQL threshold (${total} ≥ ${threshold})`, ruleId: null });
  }
  if (trigger.event !== undefined && !closedStages.has(after.stage)) {
    for (const moment of findMoments(context.ruleset.compiled, trigger.event)) {
      raised.push({ kind: 'moment', label: moment.label, ruleId: moment.id });
    }
  }
  if (raised.length === 0) return { score, alerts: raised, recipientIds: [] };

  const audience = after.ownerId === null ? 'team' : 'owner';
  const recipientIds = after.ownerId === null ? listActiveTeamUserIds(db, 'sales') : [after.ownerId];
  const now = context.now.toISOString();
  for (const alert of raised) {
    for (const userId of recipientIds) {
      insertAlert(db, {
        userId,
        leadId,
        kind: alert.kind,
        label: alert.label,
        ruleId: alert.ruleId,
        audience,
        createdAt: now,
      });
    }
    appendHistory(db, {
      entityType: 'lead',
      entityId: leadId,
      leadId,
      action: 'alert.raised',
      actorId: context.actor?.id ?? null,
      at: now,
      before: null,
      after: { ...alert, audience, recipientIds },
    });
  }
  return { score, alerts: raised, recipientIds };
}
