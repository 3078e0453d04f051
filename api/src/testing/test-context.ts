import type { Role } from '@leadlight/contract';
import { type App, createApp } from '../app';
import { createFixedClock, type FixedClock } from '../clock';
import { type Config, loadConfig } from '../config';
import { type Db, migrate, openDatabase } from '../db/client';
import { insertUser, issueToken } from '../db/users';

export const testNow = '2026-11-24T09:00:00.000Z';
export const testOrigin = 'chrome-extension://leadlighttestextensionid';

export interface TestUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  token: string;
}

export interface TestContext {
  app: App;
  db: Db;
  clock: FixedClock;
  config: Config;
  users: Record<Role, TestUser>;
  /** `app.request` with JSON body and the bearer token of `as` (a role, a token, or null for none). */
  request(
    method: string,
    path: string,
    options?: { as?: Role | null; token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<Response>;
}

/**
 * The real app on a fresh `:memory:` database with every migration applied, one user per role (each with a token)
 * and a fixed clock at `testNow`. Environment variables are ignored so tests never depend on the shell.
 */
export function createTestContext(overrides: Partial<Config> = {}): TestContext {
  const db = openDatabase(':memory:');
  migrate(db);
  const clock = createFixedClock(testNow);
  const config = loadConfig({ databasePath: ':memory:', corsOrigins: [testOrigin], ...overrides }, {});
  const users = {} as Record<Role, TestUser>;
  for (const role of ['rep', 'marketer', 'admin'] as const) {
    const context = { actorId: null, now: testNow };
    const user = insertUser(db, { name: `Test ${role}`, email: `${role}@leadlight.test`, role }, context);
    const { secret } = issueToken(db, user.id, 'test', context);
    users[role] = { id: user.id, name: user.name, email: user.email, role, token: secret };
  }
  const app = createApp({ db, clock, config });
  return {
    app,
    db,
    clock,
    config,
    users,
    async request(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      const role = options.as === undefined ? 'admin' : options.as;
      const token = options.token ?? (role === null ? undefined : users[role].token);
      if (token !== undefined) headers.authorization = `Bearer ${token}`;
      let body: string | undefined;
      if (options.body !== undefined) {
        body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json';
      }
      return app.request(path, { method, headers, body });
    },
  };
}

/** Reads a JSON response body as a plain object for assertions. */
export async function readJson<T = Record<string, unknown>>(response: Response): Promise<T> {
  return (await response.json()) as T;
}
