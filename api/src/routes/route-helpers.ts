import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { getActiveRuleset } from '../db/active-ruleset';
import type { LeadRecord } from '../db/leads';
import { toLeadView } from '../services/lead-views';
import type { WriteContext } from '../services/lead-writes';

/** The caller, the time and the active ruleset: what every write of a lead needs. */
export function createWriteContext(c: Context<AppEnv>) {
  const user = c.get('user');
  return {
    actor: { id: user.id, role: user.role },
    now: c.get('clock').now(),
    ruleset: getActiveRuleset(c.get('db')),
  } satisfies WriteContext;
}

export function toLeadResponse(c: Context<AppEnv>, record: LeadRecord) {
  return { lead: toLeadView(record, getActiveRuleset(c.get('db')), c.get('clock').now()) };
}
