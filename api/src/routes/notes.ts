import {
  CreateNoteRequestSchema,
  IdParamSchema,
  IdSchema,
  UpdateNoteRequestSchema,
} from '@leadlight/contract';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env';
import { listNotes } from '../db/activity';
import { findLeadRow } from '../db/leads';
import { notFound } from '../lib/errors';
import { requireRole } from '../middleware/auth';
import { idempotent, respondIdempotently } from '../middleware/idempotency';
import { validate } from '../middleware/validate';
import { access } from '../route-table';
import { addNote, editNote } from '../services/lead-writes';
import { createWriteContext } from './route-helpers';

const NoteParamSchema = z.strictObject({ id: IdSchema, noteId: IdSchema });

/** Notes of a lead: anyone may add one (idempotent with Idempotency-Key); only the author edits it. */
export const noteRoutes = new Hono<AppEnv>()
  .get('/:id/notes', requireRole({ roles: access.everyone }), validate('param', IdParamSchema), (c) => {
    const { id } = c.req.valid('param');
    if (!findLeadRow(c.get('db'), id)) throw notFound('Lead');
    return c.json({ items: listNotes(c.get('db'), id) });
  })
  .post(
    '/:id/notes',
    requireRole({ roles: access.everyone }),
    idempotent(),
    validate('param', IdParamSchema),
    validate('json', CreateNoteRequestSchema),
    (c) => {
      const { id } = c.req.valid('param');
      const { body } = c.req.valid('json');
      const context = createWriteContext(c);
      return respondIdempotently(c, 201, (tx) => ({ note: addNote(tx, id, body, context) }));
    },
  )
  .patch(
    '/:id/notes/:noteId',
    requireRole({ roles: access.everyone }),
    validate('param', NoteParamSchema),
    validate('json', UpdateNoteRequestSchema),
    (c) => {
      const { id, noteId } = c.req.valid('param');
      const { body } = c.req.valid('json');
      const context = createWriteContext(c);
      const note = c.get('db').transaction((tx) => editNote(tx, id, noteId, body, context));
      return c.json({ note });
    },
  );
