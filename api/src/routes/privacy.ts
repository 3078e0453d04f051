import { EraseLeadRequestSchema, IdParamSchema } from '@leadlight/contract';
import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { listErasures } from '../db/privacy';
import { requireRole } from '../middleware/auth';
import { validate } from '../middleware/validate';
import { access } from '../route-table';
import { eraseLead, exportPersonalData } from '../services/privacy';

/** Data-subject requests (GDPR art. 15 and 17): admins only. */
export const privacyRoutes = new Hono<AppEnv>()
  .get('/leads/:id', requireRole({ roles: access.admins }), validate('param', IdParamSchema), (c) => {
    const { id } = c.req.valid('param');
    const dossier = exportPersonalData(c.get('db'), id, c.get('clock').now());
    c.header('Content-Disposition', `attachment; filename="personal-data-${id}.json"`);
    return c.json(dossier);
  })
  .post(
    '/leads/:id/erase',
    requireRole({ roles: access.admins }),
    validate('param', IdParamSchema),
    validate('json', EraseLeadRequestSchema),
    (c) => {
      const { id } = c.req.valid('param');
      const { reason } = c.req.valid('json');
      const { db, clock, user } = c.var;
      const erasure = db.transaction((tx) =>
        eraseLead(tx, id, { actorId: user.id, now: clock.now(), reason }),
      );
      return c.json({ erasure }, 200);
    },
  )
  .get('/erasures', requireRole({ roles: access.admins }), (c) =>
    c.json({ items: listErasures(c.get('db'), 200) }),
  );
