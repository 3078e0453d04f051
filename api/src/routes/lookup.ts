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
import type { DbOrTx } from '../db/client';
import { findLeadIdsByColumn } from '../db/leads';
import { ApiError, badRequest } from '../lib/errors';
import { createNameKey, type IdentityKey } from '../lib/identity-keys';
import { requireRole } from '../middleware/auth';
import { validate } from '../middleware/validate';
import { access } from '../route-table';
import { readLeadCard, readLeadCardByIdentity } from '../services/lead-views';

const otherMatchesLimit = 10;

function invalid(field: string, message: string): ApiError {
  return badRequest('invalid_identity', message, { issues: [{ path: [field], message }] });
}

/** The card of the lead holding an identity, as the lookup's answer. */
function answerByIdentity(
  db: DbOrTx,
  matchedBy: IdentityKey['kind'],
  value: string,
  now: Date,
): LookupResponse | undefined {
  const card = readLeadCardByIdentity(db, { kind: matchedBy, value }, now);
  return card && { matchedBy, otherLeadIds: [], card };
}

/** The card of the best of several matching leads (by name + company or domain), naming the others. */
function answerByLeads(
  db: DbOrTx,
  matchedBy: LookupResponse['matchedBy'],
  ids: string[],
  now: Date,
): LookupResponse | undefined {
  const [leadId, ...others] = ids;
  const card = leadId === undefined ? undefined : readLeadCard(db, leadId, now);
  return card && { matchedBy, otherLeadIds: others, card };
}

/**
 * Tries the identities from the most to the least specific; the first that names a lead wins. An identity is only
 * checked when it is reached: a malformed LinkedIn URL beside an email that matched does not fail the lookup.
 */
function findCard(
  db: DbOrTx,
  query: Record<string, string | undefined>,
  now: Date,
): LookupResponse | undefined {
  if (query.email !== undefined) {
    const email = normalizeEmail(query.email);
    if (email === null) throw invalid('email', `Not an email: ${query.email}`);
    const answer = answerByIdentity(db, 'email', email, now);
    if (answer) return answer;
  }
  if (query.linkedin !== undefined) {
    const result = normalizeLinkedinUrl(query.linkedin);
    if (!result.ok) throw invalid('linkedin', result.reason);
    const answer = answerByIdentity(db, 'linkedin', result.key, now);
    if (answer) return answer;
  }
  if (query.phone !== undefined) {
    const phone = normalizePhone(query.phone);
    if (phone === null) throw invalid('phone', `Not a phone number: ${query.phone}`);
    const answer = answerByIdentity(db, 'phone', phone, now);
    if (answer) return answer;
  }
  const nameKey = createNameKey(query.name, query.company);
  if (nameKey !== null) {
    const ids = findLeadIdsByColumn(db, 'nameKey', nameKey, otherMatchesLimit + 1);
    if (ids.length > 0) return answerByLeads(db, 'name_company', ids, now);
  }
  if (query.domain !== undefined) {
    const domain = normalizeDomain(query.domain);
    if (domain === null) throw invalid('domain', `Not a domain: ${query.domain}`);
    const ids = findLeadIdsByColumn(db, 'companyDomain', domain, otherMatchesLimit + 1);
    if (ids.length > 0) return answerByLeads(db, 'domain', ids, now);
  }
  return undefined;
}

/** The overlay's hot path: identity → the lead's card; 404 `not_found` means "offer to capture". */
export const lookupRoutes = new Hono<AppEnv>().get(
  '/',
  requireRole({ roles: access.everyone }),
  validate('query', LookupQuerySchema),
  (c) => {
    const answer = findCard(c.get('db'), c.req.valid('query'), c.get('clock').now());
    if (!answer) throw new ApiError(404, 'not_found', 'No lead has these identities', { canCapture: true });
    return c.json(answer);
  },
);
