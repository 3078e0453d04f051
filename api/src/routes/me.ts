import type { MeResponse } from '@leadlight/contract';
import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { findUserById } from '../db/users';
import { ApiError } from '../lib/errors';
import { requireRole } from '../middleware/auth';
import { access } from '../route-table';

export const meRoutes = new Hono<AppEnv>().get('/', requireRole({ roles: access.everyone }), (c) => {
  const user = findUserById(c.get('db'), c.get('user').id);
  if (!user) throw new ApiError(401, 'unauthorized', 'The user of this token no longer exists');
  const body: MeResponse = { user };
  return c.json(body);
});
