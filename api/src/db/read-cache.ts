import type Database from 'better-sqlite3';
import { type Db, type DbOrTx, findSqliteClient } from './client';
import { findWriteTracker, type WriteTracker } from './write-tracker';

/**
 * Caches of rows every request reads and that rarely change (token → user, the active ruleset, users), each entry
 * valid while none of the tables it was read from has been written:
 * - writes on this connection are known without asking SQLite (write-tracker.ts counts them per table), so a note or
 *   a stage move leaves the token cache alone, while a revoked token or a disabled user is refused by the very next
 *   request;
 * - commits by other connections (the CLI in another process) move `PRAGMA data_version`, which is read at most once
 *   per `externalCheckMs`: such a change reaches the server within that time. Reading it per request cost two fcntl
 *   lock calls on the database file each time, more than the cached reads it guards.
 *
 * Inside a transaction the caches are neither read nor filled: what a transaction sees may still roll back.
 */
export const externalCheckMs = 100;

interface Entry {
  value: unknown;
  stamp: number;
}

interface CacheState {
  entries: Map<string, Entry>;
  tracker: WriteTracker;
  version: number;
  checkedAt: number;
  readVersion: Database.Statement;
}

/** Bounds memory: past this many entries the cache starts over (a token per request would otherwise grow it). */
const maxEntries = 10_000;

const states = new WeakMap<Database.Database, CacheState>();

/** The cache of `db`'s connection as of now, or undefined inside a transaction or on an untracked connection. */
function getCacheState(db: DbOrTx): CacheState | undefined {
  const client = findSqliteClient(db);
  if (client === undefined || client.inTransaction) return undefined;
  let state = states.get(client);
  if (!state) {
    const tracker = findWriteTracker(client);
    if (!tracker) return undefined;
    const readVersion = client.prepare('PRAGMA data_version').pluck();
    state = {
      entries: new Map(),
      tracker,
      version: readVersion.get() as number,
      checkedAt: performance.now(),
      readVersion,
    };
    states.set(client, state);
  }
  const now = performance.now();
  if (now - state.checkedAt >= externalCheckMs) {
    state.checkedAt = now;
    const version = state.readVersion.get() as number;
    if (version !== state.version) {
      state.version = version;
      state.tracker.bumpAll();
    }
  }
  return state;
}

/**
 * The cached value of `key`, computing it (with `load`) on a miss or when one of `tables` (the tables `load` reads)
 * has been written since; `undefined` results are not cached.
 */
export function readThrough<T>(
  db: DbOrTx,
  key: string,
  tables: readonly string[],
  load: () => T | undefined,
): T | undefined {
  const state = getCacheState(db);
  if (!state) return load();
  const stamp = state.tracker.stampOf(tables);
  const entry = state.entries.get(key);
  if (entry !== undefined && entry.stamp === stamp) return entry.value as T;
  const value = load();
  if (value === undefined) state.entries.delete(key);
  else {
    if (entry === undefined && state.entries.size >= maxEntries) state.entries.clear();
    state.entries.set(key, { value, stamp });
  }
  return value;
}

/** For tests: forget every cached row of this database. */
export function clearReadCache(db: Db): void {
  states.delete(db.$client);
}
