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
import { findLeadIdByIdentity, findLeadIdsByColumn } from '../db/leads';
import { ApiError, badRequest } from '../lib/errors';
import { createNameKey } from '../lib/identity-keys';
import { requireRole } from '../middleware/auth';
import { validate } from '../middleware/validate';
import { access } from '../route-table';
import { readLeadCard } from '../services/lead-views';

const otherMatchesLimit = 10;

/** The matching lead ids, best first. */
type Match = { matchedBy: LookupResponse['matchedBy']; ids: string[] };

function invalid(field: string, message: string): ApiError {
  return badRequest('invalid_identity', message, { issues: [{ path: [field], message }] });
}

/** Tries the identities from the most to the least specific; the first that names a lead wins. */
function findMatch(db: DbOrTx, query: Record<string, string | undefined>): Match | undefined {
  if (query.email !== undefined) {
    const email = normalizeEmail(query.email);
    if (email === null) throw invalid('email', `Not an email: ${query.email}`);
    const id = findLeadIdByIdentity(db, { kind: 'email', value: email });
    if (id !== undefined) return { matchedBy: 'email', ids: [id] };
  }
  if (query.linkedin !== undefined) {
    const result = normalizeLinkedinUrl(query.linkedin);
    if (!result.ok) throw invalid('linkedin', result.reason);
    const id = findLeadIdByIdentity(db, { kind: 'linkedin', value: result.key });
    if (id !== undefined) return { matchedBy: 'linkedin', ids: [id] };
  }
  if (query.phone !== undefined) {
    const phone = normalizePhone(query.phone);
    if (phone === null) throw invalid('phone', `Not a phone number: ${query.phone}`);
    const id = findLeadIdByIdentity(db, { kind: 'phone', value: phone });
    if (id !== undefined) return { matchedBy: 'phone', ids: [id] };
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
    const card = leadId === undefined ? undefined : readLeadCard(db, leadId, clock.now());
    if (!match || !card) {
      throw new ApiError(404, 'not_found', 'No lead has these identities', { canCapture: true });
    }
    const body: LookupResponse = { matchedBy: match.matchedBy, otherLeadIds: others, card };
    return c.json(body);
  },
);
