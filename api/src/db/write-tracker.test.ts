import { afterEach, describe, expect, it } from 'vitest';
import { testNow } from '../testing/test-context';
import { closeDatabase, type Db, migrate, openDatabase } from './client';
import { findUserByToken, insertUser, issueToken } from './users';
import { findWriteTracker, findWrittenTable } from './write-tracker';

const opened: Db[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) closeDatabase(db);
});

function openMigrated(): Db {
  const db = openDatabase(':memory:');
  opened.push(db);
  migrate(db);
  return db;
}

describe('findWrittenTable', () => {
  it.each([
    ['insert into "notes" ("id") values (?)', 'notes'],
    ['INSERT OR IGNORE INTO lead_tags (lead_id, tag) VALUES (?, ?)', 'lead_tags'],
    ['replace into `users` values (?)', 'users'],
    ['update "api_tokens" set "last_used_at" = ? where "id" = ?', 'api_tokens'],
    ['UPDATE OR ROLLBACK leads SET stage = ?', 'leads'],
    ['delete from "ruleset_versions" where 1', 'ruleset_versions'],
    ['  insert into [History] values (1)', 'history'],
  ])('%s writes %s', (source, table) => {
    expect(findWrittenTable(source)).toBe(table);
  });

  it.each([
    'with recursive seq(n) as (select 1) insert into leads select n from seq',
    'create table t (a)',
    'drop table users',
  ])('%s: not plain, so every table counts as written', (source) => {
    expect(findWrittenTable(source)).toBeUndefined();
  });
});

describe('write tracker', () => {
  it('moves the stamp of exactly the tables a statement writes, even when it rolls back', () => {
    const db = openMigrated();
    const tracker = findWriteTracker(db.$client);
    if (!tracker) throw new Error('openDatabase tracks its connection');
    const users = tracker.stampOf(['users']);
    const leads = tracker.stampOf(['leads']);
    db.$client.prepare("update leads set stage = 'mql' where id = 'none'").run();
    expect(tracker.stampOf(['users'])).toBe(users);
    expect(tracker.stampOf(['leads'])).toBe(leads + 1);
    expect(() =>
      db.$client.transaction(() => {
        db.$client.prepare("update users set name = 'x' where id = 'none'").run();
        throw new Error('roll back');
      })(),
    ).toThrow('roll back');
    expect(tracker.stampOf(['users'])).toBe(users + 1);
    db.$client.exec('create table scratch (a)');
    expect(tracker.stampOf(['users'])).toBe(users + 2);
    expect(tracker.stampOf(['leads'])).toBe(leads + 2);
  });

  it('keeps a cached token owner across writes to other tables and re-reads it after users is written', () => {
    const db = openMigrated();
    const context = { actorId: null, now: testNow };
    const rep = insertUser(db, { name: 'Rep', email: 'rep@leadlight.test', role: 'rep' }, context);
    const { secret } = issueToken(db, rep.id, 'one', context);
    const cached = findUserByToken(db, secret);
    expect(cached?.user.name).toBe('Rep');
    db.$client.prepare("update leads set stage = 'mql' where id = 'none'").run();
    expect(findUserByToken(db, secret)).toBe(cached);
    db.$client.prepare("update users set name = 'Renamed' where id = ?").run(rep.id);
    const reread = findUserByToken(db, secret);
    expect(reread).not.toBe(cached);
    expect(reread?.user.name).toBe('Renamed');
  });
});
