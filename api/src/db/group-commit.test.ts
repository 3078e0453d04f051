import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { createFixedClock } from '../clock';
import { loadConfig } from '../config';
import { weakLead } from '../testing/leads';
import { testNow } from '../testing/test-context';
import { closeDatabase, type Db, migrate, openDatabase } from './client';
import { commitInGroup, readGroupCommitStats } from './group-commit';
import { findUserByEmail, insertUser, issueToken } from './users';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** A real database file (a second connection sees only what was committed) with an admin and a token. */
function openFileDatabase() {
  const directory = mkdtempSync(join(tmpdir(), 'leadlight-group-'));
  const path = join(directory, 'leadlight.db');
  const db = openDatabase(path);
  migrate(db);
  const observer = new Database(path, { readonly: true });
  cleanups.push(() => rmSync(directory, { recursive: true, force: true }));
  cleanups.push(() => closeDatabase(db));
  cleanups.push(() => observer.close());
  const context = { actorId: null, now: testNow };
  const admin = insertUser(db, { name: 'Admin', email: 'admin@leadlight.test', role: 'admin' }, context);
  const { secret } = issueToken(db, admin.id, 'test', context);
  return { db, path, observer, token: secret };
}

function countCommitted(observer: Database.Database, table: string): number {
  return (observer.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
}

function insertNamedUser(db: Db, name: string) {
  return commitInGroup(db, (tx) =>
    insertUser(tx, { name, email: `${name}@leadlight.test`, role: 'rep' }, { actorId: null, now: testNow }),
  );
}

describe('group commit', () => {
  it('commits concurrent writes in one transaction; a failing one rolls back alone, after writing', async () => {
    const { db, observer } = openFileDatabase();
    const usersBefore = countCommitted(observer, 'users');
    const before = readGroupCommitStats(db);

    const writes = Array.from({ length: 12 }, (_, index) => insertNamedUser(db, `writer${index}`));
    const failing = commitInGroup(db, (tx) => {
      insertUser(
        tx,
        { name: 'Ghost', email: 'ghost@leadlight.test', role: 'rep' },
        { actorId: null, now: testNow },
      );
      throw new Error('refused after writing');
    });
    // Nothing is committed (or answered) before the event loop turns: the writes are only queued.
    expect(countCommitted(observer, 'users')).toBe(usersBefore);

    await expect(failing).rejects.toThrow('refused after writing');
    const written = await Promise.all(writes);
    expect(written).toHaveLength(12);

    const after = readGroupCommitStats(db);
    expect(after.batches - before.batches).toBe(1);
    expect(after.writes - before.writes).toBe(13);
    expect(countCommitted(observer, 'users')).toBe(usersBefore + 12);
    expect(findUserByEmail(db, 'ghost@leadlight.test')).toBeUndefined();
    // The failing write's history entry went with it; each committed user has its own.
    const created = observer
      .prepare("select count(*) as n from history where action = 'user.created' and after like '%writer%'")
      .get() as { n: number };
    expect(created.n).toBe(12);
    expect(
      (
        observer.prepare("select count(*) as n from history where after like '%Ghost%'").get() as {
          n: number;
        }
      ).n,
    ).toBe(0);
  });

  it('answers concurrent note requests only once their batch is committed; a failing one answers its own error', async () => {
    const { db, path, observer, token } = openFileDatabase();
    const config = loadConfig({ databasePath: path }, {});
    const app = createApp({ db, clock: createFixedClock(testNow), config });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const created = await app.request('/api/v1/leads', {
      method: 'POST',
      headers,
      body: JSON.stringify(weakLead),
    });
    expect(created.status).toBe(201);
    const leadId = ((await created.json()) as { lead: { id: string } }).lead.id;
    const before = readGroupCommitStats(db);

    const post = async (lead: string, body: string, extra: Record<string, string> = {}) => {
      const response = await app.request(`/api/v1/leads/${lead}/notes`, {
        method: 'POST',
        headers: { ...headers, ...extra },
        body: JSON.stringify({ body }),
      });
      // What this response acknowledges must already be visible to another connection: committed.
      const stored = observer.prepare('select count(*) as n from notes where body = ?').get(body) as {
        n: number;
      };
      return { status: response.status, json: (await response.json()) as Record<string, unknown>, stored };
    };
    const answers = await Promise.all([
      ...Array.from({ length: 20 }, (_, index) =>
        post(leadId, `note ${index}`, index === 3 ? { 'idempotency-key': 'note-3' } : {}),
      ),
      post('no-such-lead', 'orphan note'),
    ]);

    const succeeded = answers.slice(0, 20);
    for (const answer of succeeded) {
      expect(answer.status).toBe(201);
      expect(answer.stored.n).toBe(1);
    }
    const failed = answers[20];
    expect(failed?.status).toBe(404);
    expect(failed?.stored.n).toBe(0);
    const after = readGroupCommitStats(db);
    expect(after.batches - before.batches).toBeLessThan(5);
    expect(after.writes - before.writes).toBe(21);
    expect(countCommitted(observer, 'notes')).toBe(20);
    // The idempotency key was stored with its write, in the same batch.
    const replay = await post(leadId, 'note 3', { 'idempotency-key': 'note-3' });
    expect(replay.status).toBe(201);
    expect(replay.json).toEqual(succeeded[3]?.json);
    expect(countCommitted(observer, 'notes')).toBe(20);
  });

  it('fails every write of a batch whose commit fails: none is acknowledged', async () => {
    const { db } = openFileDatabase();
    // A write that ends the transaction itself, as SQLite does on a disk-full or I/O error.
    const breaking = commitInGroup(db, (tx) => {
      insertUser(
        tx,
        { name: 'Early', email: 'early@leadlight.test', role: 'rep' },
        { actorId: null, now: testNow },
      );
      db.$client.prepare('ROLLBACK').run();
      throw new Error('transaction lost');
    });
    const bystander = insertNamedUser(db, 'bystander');
    await expect(breaking).rejects.toThrow('transaction lost');
    await expect(bystander).rejects.toThrow('transaction lost');
    expect(findUserByEmail(db, 'early@leadlight.test')).toBeUndefined();
    expect(findUserByEmail(db, 'bystander@leadlight.test')).toBeUndefined();
    // The next batch works normally.
    await expect(insertNamedUser(db, 'later')).resolves.toMatchObject({ name: 'later' });
  });
});
