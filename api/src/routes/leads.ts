import {
  CaptureLeadRequestSchema,
  CreateLeadRequestSchema,
  HistoryQuerySchema,
  IdParamSchema,
  type LeadCardResponse,
  type LeadListResponse,
  ListLeadsQuerySchema,
  UpdateLeadRequestSchema,
} from '@leadlight/contract';
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { getActiveRuleset } from '../db/active-ruleset';
import { listLeadHistory, parseHistoryCursor } from '../db/history';
import { listLeadRows } from '../db/lead-lists';
import type { LeadRecord } from '../db/leads';
import { loadLead, loadTagsAndFlags, readProfile } from '../db/leads';
import { ApiError, badRequest, notFound } from '../lib/errors';
import { requireRole } from '../middleware/auth';
import { validate } from '../middleware/validate';
import { access } from '../route-table';
import { readLeadCard, toLeadSummary } from '../services/lead-views';
import { createLead, type LeadDraft, updateLead } from '../services/lead-writes';
import { createWriteContext, toLeadResponse } from './route-helpers';

/** 201 when the gate accepted the lead; 422 `gate_refused` (lead kept in the review queue) otherwise. */
function respondCreated(c: Context<AppEnv>, record: LeadRecord) {
  if (record.row.gate !== 'accepted') {
    const reasons = (record.row.reviewReasons ?? []) as unknown[];
    throw new ApiError(422, 'gate_refused', 'The lead did not pass the gate; it waits in the review queue', {
      leadId: record.row.id,
      gate: record.row.gate,
      reasons,
    });
  }
  return c.json(toLeadResponse(c, record), 201);
}

export const leadRoutes = new Hono<AppEnv>()
  .get('/', requireRole({ roles: access.everyone }), validate('query', ListLeadsQuerySchema), (c) => {
    const { db, clock, user } = c.var;
    const { rows, nextCursor } = listLeadRows(db, c.req.valid('query'), user.id);
    const ruleset = getActiveRuleset(db);
    const now = clock.now();
    const extras = loadTagsAndFlags(
      db,
      rows.map((row) => row.id),
    );
    const body: LeadListResponse = {
      items: rows.map((row) =>
        toLeadSummary(row, extras.get(row.id) ?? { tags: [], flags: [] }, readProfile(row), ruleset, now),
      ),
      nextCursor,
    };
    return c.json(body);
  })
  .post('/', requireRole({ roles: access.marketing }), validate('json', CreateLeadRequestSchema), (c) => {
    const input = c.req.valid('json');
    // Answers need the checklist's checks and history (PUT …/qualification/:itemId); dropping them silently lost data.
    if (Object.keys(input.qualification).length > 0) {
      throw badRequest(
        'unsupported_field',
        'qualification cannot be set when creating a lead; answer each item with PUT /leads/:id/qualification/:itemId',
        { field: 'qualification' },
      );
    }
    const context = createWriteContext(c);
    const draft: LeadDraft = { ...input, ownerId: input.owner ?? null };
    const record = c.get('db').transaction((tx) => createLead(tx, draft, context));
    return respondCreated(c, record);
  })
  .post(
    '/capture',
    requireRole({ roles: access.everyone }),
    validate('json', CaptureLeadRequestSchema),
    (c) => {
      const input = c.req.valid('json');
      const context = createWriteContext(c);
      const draft: LeadDraft = {
        person: {
          ...(input.fullName === undefined ? {} : { fullName: input.fullName }),
          ...(input.title === undefined ? {} : { title: input.title }),
        },
        company: {
          ...(input.companyName === undefined ? {} : { name: input.companyName }),
          ...(input.companyDomain === undefined ? {} : { domain: input.companyDomain }),
        },
        identities: {
          emails: input.email === undefined ? [] : [input.email],
          phones: input.phone === undefined ? [] : [input.phone],
          ...(input.linkedinUrl === undefined ? {} : { linkedinUrl: input.linkedinUrl }),
        },
        source: { channel: 'extension', detail: input.site },
        tags: input.tags,
        // A rep capturing a prospect is the one who will work it.
        ownerId: c.get('user').role === 'rep' ? c.get('user').id : null,
        totals: {},
        custom: {},
      };
      const record = c.get('db').transaction((tx) => createLead(tx, draft, context));
      return respondCreated(c, record);
    },
  )
  .get('/:id', requireRole({ roles: access.everyone }), validate('param', IdParamSchema), (c) => {
    const record = loadLead(c.get('db'), c.req.valid('param').id);
    if (!record) throw notFound('Lead');
    return c.json(toLeadResponse(c, record));
  })
  .patch(
    '/:id',
    requireRole({ roles: access.everyone }),
    validate('param', IdParamSchema),
    validate('json', UpdateLeadRequestSchema),
    (c) => {
      const { id } = c.req.valid('param');
      const patch = c.req.valid('json');
      const context = createWriteContext(c);
      const record = c.get('db').transaction((tx) => updateLead(tx, id, patch, context));
      return c.json(toLeadResponse(c, record));
    },
  )
  .get('/:id/card', requireRole({ roles: access.everyone }), validate('param', IdParamSchema), (c) => {
    const card = readLeadCard(c.get('db'), c.req.valid('param').id, c.get('clock').now());
    if (!card) throw notFound('Lead');
    const body: LeadCardResponse = { card };
    return c.json(body);
  })
  .get(
    '/:id/history',
    requireRole({ roles: access.everyone }),
    validate('param', IdParamSchema),
    validate('query', HistoryQuerySchema),
    (c) => {
      const { id } = c.req.valid('param');
      const { cursor, limit } = c.req.valid('query');
      const { db } = c.var;
      if (!loadLead(db, id)) throw notFound('Lead');
      const items = listLeadHistory(db, id, { limit: limit + 1, beforeSeq: parseHistoryCursor(cursor) });
      const page = items.slice(0, limit);
      const last = page[page.length - 1];
      return c.json({ items: page, nextCursor: items.length > limit && last ? String(last.seq) : null });
    },
  );
