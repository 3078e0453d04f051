import type { Role } from '@leadlight/contract';
import type { Clock } from './clock';
import type { Config } from './config';
import type { Db } from './db/client';

/** The authenticated caller, set by the auth middleware. */
export interface AuthUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  team: 'sales' | 'marketing';
  tokenId: string;
}

/** Typed context variables every route can read: `c.var.user`, `c.var.db`, `c.var.clock`, `c.var.config`. */
export interface AppEnv {
  Variables: {
    user: AuthUser;
    db: Db;
    clock: Clock;
    config: Config;
  };
}
