import { CreateIngestKeyRequestSchema, IdParamSchema, IngestRequestSchema } from '@leadlight/contract';
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import { listIngestKeys } from '../db/alerts';
import { ApiError } from '../lib/errors';
import { requireRole } from '../middleware/auth';
import { validate } from '../middleware/validate';
import { access } from '../route-table';
import {
  authenticateIngestKey,
  ingestEvents,
  issueIngestKey,
  revokeIngestKey,
} from '../services/alerts-ingest';
import { getAlertNotifier } from '../services/alerts-notifier';

interface IngestEnv {
  Variables: AppEnv['Variables'] & { ingestKeyId: string };
}

/**
 * Ingest keys, not user tokens: a website snippet or a marketing tool's webhook sends
 * `Authorization: Bearer lli_…` (or `X-Ingest-Key: lli_…`). Keys are 32 random bytes, so guessing is hopeless;
 * user tokens are refused here and ingest keys everywhere else.
 */
const requireIngestKey = createMiddleware<IngestEnv>(async (c, next) => {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1];
  const secret = bearer ?? c.req.header('x-ingest-key')?.trim();
  if (secret === undefined || secret === '') {
    c.header('WWW-Authenticate', 'Bearer');
    throw new ApiError(401, 'unauthorized', 'Send an ingest key as "Authorization: Bearer <key>"');
  }
  const key = authenticateIngestKey(c.get('db'), secret, c.get('clock').now());
  if (!key) {
    c.header('WWW-Authenticate', 'Bearer error="invalid_token"');
    throw new ApiError(401, 'unauthorized', 'The ingest key is unknown or revoked');
  }
  c.set('ingestKeyId', key.id);
  await next();
});

/** Engagement events in batches (ingest key), and the admin's key management (user token, admin role). */
export const ingestRoutes = new Hono<IngestEnv>()
  .post('/events', requireIngestKey, validate('json', IngestRequestSchema), (c) => {
    const { events } = c.req.valid('json');
    const db = c.get('db');
    const context = { keyId: c.get('ingestKeyId'), now: c.get('clock').now() };
    const { recipientIds, ...response } = db.transaction((tx) => ingestEvents(tx, events, context));
    getAlertNotifier(db).notify(recipientIds);
    return c.json(response);
  })
  .get('/keys', requireRole({ roles: access.admins }), (c) => c.json({ items: listIngestKeys(c.get('db')) }))
  .post(
    '/keys',
    requireRole({ roles: access.admins }),
    validate('json', CreateIngestKeyRequestSchema),
    (c) => {
      const { label } = c.req.valid('json');
      const context = { actorId: c.get('user').id, now: c.get('clock').now() };
      const issued = c.get('db').transaction((tx) => issueIngestKey(tx, label, context));
      return c.json(issued, 201);
    },
  )
  .delete('/keys/:id', requireRole({ roles: access.admins }), validate('param', IdParamSchema), (c) => {
    const { id } = c.req.valid('param');
    const context = { actorId: c.get('user').id, now: c.get('clock').now() };
    const key = c.get('db').transaction((tx) => revokeIngestKey(tx, id, context));
    return c.json({ key });
  });
