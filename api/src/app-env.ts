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

/** An `Idempotency-Key` the request may store with its write (set by `idempotent()`). */
export interface IdempotencyClaim {
  userId: string;
  key: string;
  requestHash: string;
  createdAt: string;
  /** Keys created before this instant are swept with the write. */
  cutoff: string;
}

/**
 * Typed context variables every route can read: `c.get('user')`, `c.get('db')`, `c.get('clock')`, `c.get('config')`.
 * Read one with `c.get`: Hono's `c.var` builds a new object of every variable at each access.
 */
export interface AppEnv {
  Variables: {
    user: AuthUser;
    db: Db;
    clock: Clock;
    config: Config;
    idempotency: IdempotencyClaim | undefined;
  };
}
