import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { createFixedClock } from '../clock';
import { loadConfig } from '../config';
import { testNow } from '../testing/test-context';
import { closeDatabase, migrate, openDatabase } from './client';
import { externalCheckMs } from './read-cache';
import { findUserByToken, insertUser, issueToken, revokeToken } from './users';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

const waitForExternalCheck = () => new Promise((resolve) => setTimeout(resolve, externalCheckMs + 20));

describe('read cache (tokens, users, active ruleset)', () => {
  it('refuses a token within the external check interval when another connection (the CLI) revokes it or disables its user', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'leadlight-cache-'));
    cleanups.push(() => rmSync(directory, { recursive: true, force: true }));
    const path = join(directory, 'leadlight.db');
    const server = openDatabase(path);
    migrate(server);
    cleanups.push(() => closeDatabase(server));
    const cli = openDatabase(path);
    cleanups.push(() => closeDatabase(cli));
    const context = { actorId: null, now: testNow };
    const rep = insertUser(server, { name: 'Rep', email: 'rep@leadlight.test', role: 'rep' }, context);
    const first = issueToken(server, rep.id, 'one', context);
    const second = issueToken(server, rep.id, 'two', context);
    const app = createApp({
      db: server,
      clock: createFixedClock(testNow),
      config: loadConfig({ databasePath: path }, {}),
    });
    const me = (secret: string) =>
      app.request('/api/v1/me', { headers: { authorization: `Bearer ${secret}` } });

    expect((await me(first.secret)).status).toBe(200);
    expect((await me(first.secret)).status).toBe(200); // now answered from the cache
    revokeToken(cli, first.token.id, context);
    await waitForExternalCheck();
    expect((await me(first.secret)).status).toBe(401);

    expect((await me(second.secret)).status).toBe(200);
    cli.$client.prepare('update users set disabled_at = ? where id = ?').run(testNow, rep.id);
    await waitForExternalCheck();
    expect((await me(second.secret)).status).toBe(401);
  });

  it('forgets a token revoked on the same connection, and never caches inside a transaction', () => {
    const db = openDatabase(':memory:');
    migrate(db);
    cleanups.push(() => closeDatabase(db));
    const context = { actorId: null, now: testNow };
    const rep = insertUser(db, { name: 'Rep', email: 'rep@leadlight.test', role: 'rep' }, context);
    const { token, secret } = issueToken(db, rep.id, 'one', context);
    expect(findUserByToken(db, secret)?.user.id).toBe(rep.id);
    // A revocation that rolls back must not leave the token refused, nor one read inside it cached.
    expect(() =>
      db.transaction((tx) => {
        revokeToken(tx, token.id, context);
        expect(findUserByToken(tx, secret)).toBeUndefined();
        throw new Error('roll back');
      }),
    ).toThrow('roll back');
    expect(findUserByToken(db, secret)?.user.id).toBe(rep.id);
    revokeToken(db, token.id, context);
    expect(findUserByToken(db, secret)).toBeUndefined();
  });
});
