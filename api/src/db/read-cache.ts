import type Database from 'better-sqlite3';
import { type Db, type DbOrTx, findSqliteClient } from './client';

/**
 * Caches of rows every request reads and that almost never change (token → user, the active ruleset, user names),
 * valid only while the database has not changed at all: the stamp is this connection's `total_changes()` (every row
 * it inserted, updated or deleted, committed or not) and `data_version` (moves when any other connection, such as the
 * CLI in another process, commits). Any write anywhere empties them, so a revoked token or a disabled user is refused
 * by the very next request; reads between writes (the lookup hot path) skip the queries. Reading the stamp is one
 * statement on in-memory counters.
 *
 * Inside a transaction the caches are neither read nor filled: what a transaction sees may still roll back.
 */
export interface ReadCache {
  readonly entries: Map<string, unknown>;
}

interface CacheState {
  changes: number;
  version: number;
  cache: ReadCache;
  readChanges: Database.Statement;
  readVersion: Database.Statement;
}

/** Bounds memory: past this many entries the cache starts over (a token per request would otherwise grow it). */
const maxEntries = 10_000;

const states = new WeakMap<object, CacheState>();

/** The cache of `db`'s connection as of now, or undefined inside a transaction (then read the database). */
export function getReadCache(db: DbOrTx): ReadCache | undefined {
  const client = findSqliteClient(db);
  if (client === undefined || client.inTransaction) return undefined;
  let state = states.get(client);
  if (!state) {
    // Two statements, not one SELECT over pragma_data_version: the table-valued pragma costs 5x both together.
    state = {
      changes: -1,
      version: -1,
      cache: { entries: new Map() },
      readChanges: client.prepare('SELECT total_changes()').pluck(),
      readVersion: client.prepare('PRAGMA data_version').pluck(),
    };
    states.set(client, state);
  }
  const changes = state.readChanges.get() as number;
  const version = state.readVersion.get() as number;
  if (changes !== state.changes || version !== state.version) {
    state.changes = changes;
    state.version = version;
    state.cache.entries.clear();
  }
  return state.cache;
}

/** The cached value of `key`, computing it (with `load`) on a miss; `undefined` results are not cached. */
export function readThrough<T>(db: DbOrTx, key: string, load: () => T | undefined): T | undefined {
  const cache = getReadCache(db);
  if (!cache) return load();
  if (cache.entries.has(key)) return cache.entries.get(key) as T;
  const value = load();
  if (value !== undefined) {
    if (cache.entries.size >= maxEntries) cache.entries.clear();
    cache.entries.set(key, value);
  }
  return value;
}

/** For tests: forget every cached row of this database (the stamp already does so on any change). */
export function clearReadCache(db: Db): void {
  states.delete(db.$client);
}
