import { AlertFeedQuerySchema, AlertParamSchema } from '@leadlight/contract';
import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { findAlertForUser, findLatestAlertSeq, listAlertsForUser, markAlertRead } from '../db/alerts';
import { appendHistory } from '../db/history';
import { notFound } from '../lib/errors';
import { requireRole } from '../middleware/auth';
import { validate } from '../middleware/validate';
import { access } from '../route-table';
import { getAlertNotifier } from '../services/alerts-notifier';

/**
 * The signed-in user's alert feed, followed by LONG-POLL (chosen over SSE: plain JSON requests that pass every proxy
 * and fit the extension's fetch-based client). `GET /alerts?after=<nextCursor>&wait=25` answers at once when alerts
 * newer than the cursor exist, else holds the request up to `wait` seconds and answers as soon as one arrives (an
 * in-process notifier wakes it), else answers an empty page. Without `after` it lists the unread alerts. Loop with
 * the returned `nextCursor`.
 */
export const alertRoutes = new Hono<AppEnv>()
  .get('/', requireRole({ roles: access.everyone }), validate('query', AlertFeedQuerySchema), async (c) => {
    const { after, wait, limit } = c.req.valid('query');
    const { db, user } = c.var;
    const read = () => listAlertsForUser(db, user.id, { afterSeq: after, limit });
    let items = read();
    if (items.length === 0 && wait > 0) {
      // No await between the read and the registration: an alert committed in between cannot be missed.
      await getAlertNotifier(db).waitForAlert(user.id, wait * 1000, c.req.raw.signal);
      items = read();
    }
    const last = items.at(-1)?.seq;
    const nextCursor = last ?? after ?? findLatestAlertSeq(db, user.id);
    return c.json({ items, nextCursor });
  })
  .post('/:seq/read', requireRole({ roles: access.everyone }), validate('param', AlertParamSchema), (c) => {
    const { seq } = c.req.valid('param');
    const { db, user } = c.var;
    const now = c.get('clock').now().toISOString();
    const alert = db.transaction((tx) => {
      const found = findAlertForUser(tx, user.id, seq);
      // Another user's alert is as unknown as a missing one.
      if (!found) throw notFound('Alert', { seq });
      if (found.readAt !== null) return found;
      markAlertRead(tx, seq, now);
      appendHistory(tx, {
        entityType: 'alert',
        entityId: String(seq),
        action: 'alert.read',
        actorId: user.id,
        at: now,
        before: { readAt: null },
        after: { readAt: now },
      });
      return { ...found, readAt: now };
    });
    return c.json({ alert });
  });
