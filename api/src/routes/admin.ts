import {
  CreateTokenRequestSchema,
  CreateUserRequestSchema,
  type CreateUserResponse,
  IdParamSchema,
  type IssuedToken,
} from '@leadlight/contract';
import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import {
  findUserByEmail,
  findUserById,
  insertUser,
  issueToken,
  listTokens,
  listUsers,
  revokeToken,
} from '../db/users';
import { conflict, notFound } from '../lib/errors';
import { requireRole } from '../middleware/auth';
import { validate } from '../middleware/validate';
import { access } from '../route-table';

const onlyAdmins = requireRole({ roles: access.admins });

/** Users and tokens (admin). Tokens are shown once, at creation; only their hash is stored. */
export const adminRoutes = new Hono<AppEnv>()
  .get('/users', onlyAdmins, (c) => c.json({ items: listUsers(c.get('db')) }))
  .post('/users', onlyAdmins, validate('json', CreateUserRequestSchema), (c) => {
    const input = c.req.valid('json');
    const { db, clock, user: actor } = c.var;
    const now = clock.now().toISOString();
    const body = db.transaction((tx): CreateUserResponse => {
      if (findUserByEmail(tx, input.email)) {
        throw conflict('email_taken', `A user with the email ${input.email} already exists`);
      }
      const user = insertUser(tx, input, { actorId: actor.id, now });
      const token = issueToken(tx, user.id, 'initial', { actorId: actor.id, now });
      return { user, token };
    });
    return c.json(body, 201);
  })
  .get('/users/:id/tokens', onlyAdmins, validate('param', IdParamSchema), (c) => {
    const { id } = c.req.valid('param');
    if (!findUserById(c.get('db'), id)) throw notFound('User');
    return c.json({ items: listTokens(c.get('db'), id) });
  })
  .post(
    '/users/:id/tokens',
    onlyAdmins,
    validate('param', IdParamSchema),
    validate('json', CreateTokenRequestSchema),
    (c) => {
      const { id } = c.req.valid('param');
      const { label } = c.req.valid('json');
      const { db, clock, user: actor } = c.var;
      const body = db.transaction((tx): IssuedToken => {
        if (!findUserById(tx, id)) throw notFound('User');
        return issueToken(tx, id, label, { actorId: actor.id, now: clock.now().toISOString() });
      });
      return c.json(body, 201);
    },
  )
  .delete('/tokens/:id', onlyAdmins, validate('param', IdParamSchema), (c) => {
    const { id } = c.req.valid('param');
    const { db, clock, user: actor } = c.var;
    const token = db.transaction((tx) =>
      revokeToken(tx, id, { actorId: actor.id, now: clock.now().toISOString() }),
    );
    if (!token) throw notFound('Token');
    return c.json({ token });
  });
