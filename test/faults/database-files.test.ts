import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeDatabase, openDatabase } from '@leadlight/api/src/db/client';
import { createTestContext } from '@leadlight/api/src/testing/test-context';
import { afterAll, describe, expect, it } from 'vitest';
import { type ApiProcess, callApi, findFreePort, runCli, startApi } from './support/api-process';

const migrationsDir = fileURLToPath(new URL('../../api/drizzle', import.meta.url));
const journal = JSON.parse(readFileSync(join(migrationsDir, 'meta/_journal.json'), 'utf8')) as {
  entries: { idx: number; when: number; tag: string }[];
};

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/**
 * Writes what `migrate` made of an empty file when only the first migration existed: its statements plus drizzle's
 * bookkeeping row (hash of the SQL file, its journal time), the same way drizzle-orm's migrator records it.
 */
function createFirstVersionDatabase(path: string): void {
  const first = journal.entries[0];
  if (first === undefined) throw new Error('no migrations in the journal');
  const sql = readFileSync(join(migrationsDir, `${first.tag}.sql`), 'utf8');
  const db = openDatabase(path);
  const sqlite = db.$client;
  sqlite.exec(
    'CREATE TABLE IF NOT EXISTS "__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)',
  );
  for (const statement of sql.split('--> statement-breakpoint')) {
    if (statement.trim() !== '') sqlite.exec(statement);
  }
  sqlite
    .prepare('INSERT INTO "__drizzle_migrations" ("hash", "created_at") VALUES (?, ?)')
    .run(createHash('sha256').update(sql).digest('hex'), first.when);
  closeDatabase(db);
}

/** Copies rows made by today's code into the old file, keeping only the columns the old tables have. */
function copyRows(from: ReturnType<typeof createTestContext>, toPath: string, tables: string[]): number {
  const db = openDatabase(toPath);
  let copied = 0;
  for (const table of tables) {
    const oldColumns = new Set(
      (db.$client.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map(
        (column) => column.name,
      ),
    );
    if (oldColumns.size === 0) continue;
    for (const row of from.db.$client.prepare(`SELECT * FROM "${table}"`).all() as Record<
      string,
      unknown
    >[]) {
      const columns = Object.keys(row).filter((column) => oldColumns.has(column));
      db.$client
        .prepare(
          `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
        )
        .run(...columns.map((column) => row[column]));
      copied += 1;
    }
  }
  closeDatabase(db);
  return copied;
}

describe('database files from elsewhere', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leadlight-files-'));
  let api: ApiProcess | undefined;

  afterAll(async () => {
    await api?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`migrates a file made by the first migration (of ${journal.entries.length}) with its data intact`, async () => {
    expect(journal.entries.length).toBeGreaterThan(1);
    // Today's code writes a user, a lead with identities and tags, and a note with their history ...
    const source = createTestContext();
    const created = await source.request('POST', '/api/v1/leads', {
      as: 'marketer',
      body: {
        person: { fullName: 'Old Timer', title: 'Director of Ops', seniority: 'director' },
        company: { name: 'Legacy Ltd', domain: 'legacy-ltd.example-corp.com', size: 300 },
        identities: { emails: ['old.timer@legacy-ltd.example-corp.com'], phones: [] },
        tags: ['legacy'],
      },
    });
    const { lead } = (await created.json()) as { lead: { id: string; stage: string; score: number | null } };
    expect(
      (
        await source.request('POST', `/api/v1/leads/${lead.id}/notes`, {
          as: 'rep',
          body: { body: 'Met at the 2019 fair' },
        })
      ).status,
    ).toBe(201);

    // ... into a file at the first schema version.
    const path = join(dir, 'old.db');
    createFirstVersionDatabase(path);
    const tables = [
      'users',
      'api_tokens',
      'leads',
      'lead_identities',
      'lead_tags',
      'lead_flags',
      'notes',
      'history',
    ];
    expect(copyRows(source, path, tables)).toBeGreaterThan(6);

    api = await startApi(path, await findFreePort());
    const token = source.users.rep.token;
    const read = await callApi(api.baseUrl, token, 'GET', `/leads/${lead.id}`);
    expect(read.status).toBe(200);
    const migrated = (JSON.parse(read.text) as { lead: Record<string, unknown> }).lead;
    expect(migrated).toMatchObject({
      id: lead.id,
      stage: lead.stage,
      fullName: 'Old Timer',
      companyName: 'Legacy Ltd',
      tags: ['legacy'],
    });
    const notes = await callApi(api.baseUrl, token, 'GET', `/leads/${lead.id}/notes`);
    expect((JSON.parse(notes.text) as { items: { body: string }[] }).items.map((note) => note.body)).toEqual([
      'Met at the 2019 fair',
    ]);
    const lookup = await callApi(
      api.baseUrl,
      token,
      'GET',
      '/lookup?email=Old.Timer%40legacy-ltd.example-corp.com',
    );
    expect(lookup.status).toBe(200);
    // And the file is now at the latest version: new writes work.
    const note = await callApi(api.baseUrl, token, 'POST', `/leads/${lead.id}/notes`, {
      body: { body: 'After the upgrade' },
    });
    expect(note.status).toBe(201);
    await api.stop();
    api = undefined;
    const db = openDatabase(path);
    expect(db.$client.prepare('SELECT count(*) FROM "__drizzle_migrations"').pluck().get()).toBe(
      journal.entries.length,
    );
    closeDatabase(db);
  });

  it('refuses a file that is not a database and leaves it byte-for-byte untouched', () => {
    const path = join(dir, 'not-a-database.db');
    writeFileSync(path, createHash('sha512').update('leadlight').digest().toString('hex').repeat(200));
    const before = sha256(path);
    const filesBefore = readdirSync(dir).sort();
    const result = runCli(['serve', '--db', path, '--port', '0']);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/is not a SQLite database \(/);
    // One line, no stack trace.
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(sha256(path)).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(filesBefore);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('refuses a SQLite database of another application (serve, users list) and leaves it byte-for-byte untouched', () => {
    const path = join(dir, 'other-app.db');
    // Made while the file is still empty (nothing to refuse yet), then left in rollback-journal mode as most apps do.
    const other = openDatabase(path);
    other.$client.exec(
      'CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5)',
    );
    other.$client.pragma('journal_mode = DELETE');
    closeDatabase(other);
    const before = sha256(path);
    const filesBefore = readdirSync(dir).sort();
    for (const args of [
      ['serve', '--db', path, '--port', '0'],
      ['users', 'list', '--db', path],
    ]) {
      const result = runCli(args);
      expect(result.status, args.join(' ')).not.toBe(0);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/another application \(tables invoices/);
    }
    expect(sha256(path)).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(filesBefore);
  });
});
