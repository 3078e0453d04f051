import {
  LookupQuerySchema,
  type LookupResponse,
  normalizeDomain,
  normalizeEmail,
  normalizeLinkedinUrl,
  normalizePhone,
} from '@leadlight/contract';
import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { getActiveRuleset } from '../db/active-ruleset';
import type { DbOrTx } from '../db/client';
import { listLeadHistory } from '../db/history';
import {
  completeLeadRecord,
  findLeadIdsByColumn,
  findLeadRowByIdentity,
  type LeadRow,
  loadLead,
} from '../db/leads';
import { findUserById } from '../db/users';
import { ApiError, badRequest } from '../lib/errors';
import { createNameKey } from '../lib/identity-keys';
import { requireRole } from '../middleware/auth';
import { validate } from '../middleware/validate';
import { access } from '../route-table';
import { toLeadCard } from '../services/lead-views';

const historyOnCard = 5;
const otherMatchesLimit = 10;

/** The matching lead ids, best first; an exact identity match brings its row along (one read less). */
type Match = { matchedBy: LookupResponse['matchedBy']; ids: string[]; row?: LeadRow };

function invalid(field: string, message: string): ApiError {
  return badRequest('invalid_identity', message, { issues: [{ path: [field], message }] });
}

/** Tries the identities from the most to the least specific; the first that names a lead wins. */
function findMatch(db: DbOrTx, query: Record<string, string | undefined>): Match | undefined {
  if (query.email !== undefined) {
    const email = normalizeEmail(query.email);
    if (email === null) throw invalid('email', `Not an email: ${query.email}`);
    const row = findLeadRowByIdentity(db, { kind: 'email', value: email });
    if (row !== undefined) return { matchedBy: 'email', ids: [row.id], row };
  }
  if (query.linkedin !== undefined) {
    const result = normalizeLinkedinUrl(query.linkedin);
    if (!result.ok) throw invalid('linkedin', result.reason);
    const row = findLeadRowByIdentity(db, { kind: 'linkedin', value: result.key });
    if (row !== undefined) return { matchedBy: 'linkedin', ids: [row.id], row };
  }
  if (query.phone !== undefined) {
    const phone = normalizePhone(query.phone);
    if (phone === null) throw invalid('phone', `Not a phone number: ${query.phone}`);
    const row = findLeadRowByIdentity(db, { kind: 'phone', value: phone });
    if (row !== undefined) return { matchedBy: 'phone', ids: [row.id], row };
  }
  const nameKey = createNameKey(query.name, query.company);
  if (nameKey !== null) {
    const ids = findLeadIdsByColumn(db, 'nameKey', nameKey, otherMatchesLimit + 1);
    if (ids.length > 0) return { matchedBy: 'name_company', ids };
  }
  if (query.domain !== undefined) {
    const domain = normalizeDomain(query.domain);
    if (domain === null) throw invalid('domain', `Not a domain: ${query.domain}`);
    const ids = findLeadIdsByColumn(db, 'companyDomain', domain, otherMatchesLimit + 1);
    if (ids.length > 0) return { matchedBy: 'domain', ids };
  }
  return undefined;
}

/** The overlay's hot path: identity → the lead's card; 404 `not_found` means "offer to capture". */
export const lookupRoutes = new Hono<AppEnv>().get(
  '/',
  requireRole({ roles: access.everyone }),
  validate('query', LookupQuerySchema),
  (c) => {
    const { db, clock } = c.var;
    const match = findMatch(db, c.req.valid('query'));
    const [leadId, ...others] = match?.ids ?? [];
    const record = match?.row
      ? completeLeadRecord(db, match.row)
      : leadId === undefined
        ? undefined
        : loadLead(db, leadId);
    if (!match || !record) {
      throw new ApiError(404, 'not_found', 'No lead has these identities', { canCapture: true });
    }
    const history = listLeadHistory(db, record.row.id, { limit: historyOnCard });
    const names = new Map<string, string>();
    for (const entry of history) {
      if (entry.actorId === null || names.has(entry.actorId)) continue;
      const user = findUserById(db, entry.actorId);
      if (user) names.set(user.id, user.name);
    }
    const body: LookupResponse = {
      matchedBy: match.matchedBy,
      otherLeadIds: others,
      card: toLeadCard(record, history, names, getActiveRuleset(db), clock.now()),
    };
    return c.json(body);
  },
);
