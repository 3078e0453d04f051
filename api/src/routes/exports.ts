import { ExportLeadsQuerySchema } from '@leadlight/contract';
import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import type { AppEnv } from '../app-env';
import { requireRole } from '../middleware/auth';
import { validate } from '../middleware/validate';
import { access } from '../route-table';
import { streamLeadExport } from '../services/export-leads';

/** Lead exports with the list's filters, streamed (JSON by default, `format=csv` for spreadsheets). */
export const exportRoutes = new Hono<AppEnv>().get(
  '/leads',
  requireRole({ roles: access.marketing }),
  validate('query', ExportLeadsQuerySchema),
  (c) => {
    const query = c.req.valid('query');
    const { db, clock, user } = c.var;
    const chunks = streamLeadExport(db, query, { viewerId: user.id, now: clock.now() });
    const stamp = clock.now().toISOString().slice(0, 10);
    if (query.format === 'csv') {
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="leads-${stamp}.csv"`);
    } else {
      c.header('Content-Type', 'application/json; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="leads-${stamp}.json"`);
    }
    return stream(c, async (output) => {
      for await (const chunk of chunks) await output.write(chunk);
    });
  },
);
