import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate as runMigrations } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';
import { trackExec, trackStatement } from './write-tracker';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** A transaction handle; query functions accept either a Db or a Tx. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

/**
 * The better-sqlite3 connection behind a drizzle handle (a transaction handle shares its database's). For the few
 * hot paths that run plain statements; undefined for a handle drizzle built some other way.
 */
export function findSqliteClient(db: DbOrTx): Database.Database | undefined {
  return (db as unknown as { session?: { client?: Database.Database } }).session?.client;
}

export const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

/** The file at the database path is not a Leadlight database; the message is one line for the CLI. */
export class DatabaseFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseFileError';
  }
}

/**
 * Refuses a file that is no SQLite database, or a SQLite database of another application (tables but no drizzle
 * migrations table), before anything writes to it: opening it normally would switch it to WAL and migrating would add
 * our tables. It is inspected read-only, so a refused file stays byte-identical.
 */
export function assertLeadlightDatabaseFile(path: string): void {
  if (path === ':memory:') return;
  const size = statSync(path, { throwIfNoEntry: false })?.size ?? 0;
  if (size === 0) return;
  let tables: string[];
  try {
    const probe = new Database(path, { readonly: true, fileMustExist: true });
    try {
      const names = probe.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
      tables = (names as string[]).filter((name) => !name.startsWith('sqlite_'));
    } finally {
      probe.close();
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseFileError(`${path} is not a SQLite database (${reason}); refusing to open it`);
  }
  if (tables.length > 0 && !tables.includes('__drizzle_migrations')) {
    const shown = tables.slice(0, 5).join(', ') + (tables.length > 5 ? ', …' : '');
    throw new DatabaseFileError(
      `${path} is a SQLite database of another application (tables ${shown}, no Leadlight migrations); refusing to change it`,
    );
  }
}

/**
 * Opens (creating if needed) the SQLite database. WAL + synchronous=FULL: a write acknowledged to the client has
 * reached the disk and survives kill -9 or power loss (writes share commits through db/group-commit.ts).
 * secure_delete: erased data (privacy erasure, deleted rows) is overwritten with zeros, not left in free pages where
 * a copy of the file would still show it. The cache, memory-mapped reads and in-memory temporary tables keep the
 * lookup's reads off the file system.
 */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  assertLeadlightDatabaseFile(path);
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('secure_delete = ON');
  sqlite.pragma(`cache_size = ${pageCacheSize}`);
  sqlite.pragma(`mmap_size = ${mmapSize}`);
  sqlite.pragma('temp_store = MEMORY');
  cacheStatements(sqlite);
  return beginImmediately(drizzle({ client: sqlite, schema }));
}

/**
 * Write transactions take the write lock when they begin (BEGIN IMMEDIATE), where SQLite waits for it up to the busy
 * timeout. A deferred transaction reads first and asks for the lock at its first write: if another connection (the
 * CLI importing while the server runs) committed in between, its snapshot is stale and SQLite answers SQLITE_BUSY at
 * once, without waiting (found by the test that stops a CLI import from the API: the import failed "database is
 * locked"). A caller may still ask for another behaviour.
 */
function beginImmediately(db: Db): Db {
  const transaction = db.transaction.bind(db);
  db.transaction = ((work, config) =>
    transaction(work, { behavior: 'immediate', ...config })) as Db['transaction'];
  return db;
}

/** Page cache per connection, in KiB when negative (SQLite's convention): 64 MiB instead of the default 2 MiB. */
export const pageCacheSize = -65_536;
/** Reads through a memory map of up to 1 GiB of the file: no copy into the page cache for pages read. */
const mmapSize = 1024 * 1024 * 1024;

const statementCacheSize = 1000;

/**
 * drizzle prepares a new statement for every query; SQLite's prepare costs more than most of our queries (profiled:
 * the largest share of a lookup). Statements are reusable, so they are kept per SQL text. drizzle switches select
 * statements to raw mode, so a reused statement is reset to object mode first. Each statement is also registered
 * with the write tracker (write-tracker.ts), which the read cache relies on.
 */
function cacheStatements(sqlite: Database.Database): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    const cached = cache.get(source);
    if (cached) {
      if (cached.reader) cached.raw(false);
      return cached;
    }
    const statement = trackStatement(sqlite, source, prepare(source));
    if (cache.size >= statementCacheSize) cache.clear();
    cache.set(source, statement);
    return statement;
  }) as typeof sqlite.prepare;
  trackExec(sqlite);
}

/** Applies the committed drizzle-kit migrations (idempotent: already applied ones are skipped). */
export function migrate(db: Db): void {
  runMigrations(db, { migrationsFolder });
}

export function closeDatabase(db: Db): void {
  db.$client.close();
}

/** Online backup of a live database (readers and writers keep going while it copies). */
export async function backupDatabase(db: Db, destination: string): Promise<void> {
  mkdirSync(dirname(destination), { recursive: true });
  await db.$client.backup(destination);
}
