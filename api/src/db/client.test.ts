import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { backupDatabase, closeDatabase, DatabaseFileError, migrate, openDatabase } from './client';
import { insertUser, listUsers } from './users';

const directories: string[] = [];
function createTempDir(): string {
  const directory = mkdtempSync(join(tmpdir(), 'leadlight-db-'));
  directories.push(directory);
  return directory;
}
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

describe('openDatabase', () => {
  it('sets WAL, synchronous=FULL, foreign keys and a busy timeout', () => {
    const db = openDatabase(join(createTempDir(), 'nested', 'leadlight.db'));
    expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.$client.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.$client.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.$client.pragma('secure_delete', { simple: true })).toBe(1);
    expect(db.$client.pragma('temp_store', { simple: true })).toBe(2);
    closeDatabase(db);
  });

  it('leaves no bytes of deleted data in the file or its WAL (secure_delete)', () => {
    const path = join(createTempDir(), 'leadlight.db');
    const db = openDatabase(path);
    migrate(db);
    const secret = 'erase-me-7f3a9c-confidential-phone-+4420794609';
    const user = insertUser(
      db,
      { name: secret, email: 'erased@leadlight.test', role: 'rep' },
      { actorId: null, now: '2026-11-24T09:00:00.000Z' },
    );
    // The history entry holds the name too: erase both, as a privacy erasure would.
    db.$client.prepare('delete from history where entity_id = ?').run(user.id);
    db.$client.prepare('delete from users where id = ?').run(user.id);
    db.$client.pragma('wal_checkpoint(TRUNCATE)');
    closeDatabase(db);
    for (const file of readdirSync(join(path, '..'))) {
      const bytes = readFileSync(join(path, '..', file));
      expect(bytes.includes(Buffer.from(secret)), `${file} still holds the erased value`).toBe(false);
    }
  });

  it('applies migrations once; running them again changes nothing', () => {
    const db = openDatabase(':memory:');
    migrate(db);
    migrate(db);
    const tables = db.$client
      .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")
      .all() as { name: string }[];
    expect(tables.map((table) => table.name)).toEqual(
      expect.arrayContaining([
        'users',
        'api_tokens',
        'leads',
        'lead_identities',
        'history',
        'idempotency_keys',
      ]),
    );
  });

  it('backs up a live database online', async () => {
    const directory = createTempDir();
    const db = openDatabase(join(directory, 'live.db'));
    migrate(db);
    insertUser(
      db,
      { name: 'Ada', email: 'ada@acme-corp.com', role: 'admin' },
      { actorId: null, now: new Date().toISOString() },
    );
    await backupDatabase(db, join(directory, 'backups', 'copy.db'));
    insertUser(
      db,
      { name: 'Bob', email: 'bob@acme-corp.com', role: 'rep' },
      { actorId: null, now: new Date().toISOString() },
    );
    const copy = openDatabase(join(directory, 'backups', 'copy.db'));
    expect(listUsers(copy).map((user) => user.name)).toEqual(['Ada']);
    closeDatabase(copy);
    closeDatabase(db);
  });
});

describe('database files that are not ours', () => {
  it('refuses a SQLite database of another application and leaves it byte-identical', () => {
    const directory = createTempDir();
    const path = join(directory, 'other-app.db');
    const other = new Database(path);
    other.exec(
      'CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5)',
    );
    other.close();
    const before = readFileSync(path);
    expect(() => openDatabase(path)).toThrow(DatabaseFileError);
    expect(() => openDatabase(path)).toThrow(/another application \(tables invoices/);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(readdirSync(directory)).toEqual(['other-app.db']);
  });

  it('refuses a file that is not SQLite with a one-line message', () => {
    const directory = createTempDir();
    const path = join(directory, 'notes.db');
    writeFileSync(path, 'just some text, not a database\n'.repeat(200));
    let message = '';
    try {
      openDatabase(path);
    } catch (error) {
      expect(error).toBeInstanceOf(DatabaseFileError);
      message = (error as Error).message;
    }
    expect(message).toMatch(/is not a SQLite database \(/);
    expect(message).not.toContain('\n');
    expect(readdirSync(directory)).toEqual(['notes.db']);
  });
});

describe('durability', () => {
  it('keeps every acknowledged write after kill -9', async () => {
    const path = join(createTempDir(), 'durable.db');
    const writer = fileURLToPath(new URL('../testing/durability-writer.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', writer, path], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const acknowledged: string[] = [];
    let buffer = '';
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (code) =>
        acknowledged.length >= 50 ? resolve() : reject(new Error(`writer exited ${code}`)),
      );
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        acknowledged.push(...lines.filter((line) => line !== ''));
        if (acknowledged.length >= 50 && !child.killed) child.kill('SIGKILL');
      });
    });
    const db = openDatabase(path);
    const stored = new Set(
      (db.$client.prepare('select id from notes').all() as { id: string }[]).map((row) => row.id),
    );
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    closeDatabase(db);
  }, 60_000);
});
