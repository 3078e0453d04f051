import type Database from 'better-sqlite3';

/**
 * Which tables this connection has written, as per-table generation counters, kept in JavaScript so that the read
 * cache (read-cache.ts) can tell whether a cached row may have changed without asking SQLite. Asking costs a
 * statement, and a statement on a WAL database file costs two fcntl lock calls (profiled: each SQLite call of a lookup
 * cost ~15-25 µs under load, more than the rest of the request's own work).
 *
 * Every statement the connection prepares passes through `track` (db/client.ts): a statement that can write (not
 * `readonly`: INSERT, UPDATE, DELETE, with or without RETURNING, DDL, writing pragmas) bumps the generation of the
 * table it names each time it runs. A write whose table is not read from its SQL (a WITH … INSERT, DDL, exec) bumps
 * every table. A write that rolls back has bumped too: over-invalidation is harmless, a missed write is not.
 * Writes by other connections (the CLI in another process) are seen through `PRAGMA data_version` (read-cache.ts).
 */
export interface WriteTracker {
  /** The sum of the generations of `tables` plus the all-tables generation: changes whenever any of them is written. */
  stampOf(tables: readonly string[]): number;
  /** Every table may have changed (another connection committed). */
  bumpAll(): void;
}

interface TrackerState extends WriteTracker {
  bump(table: string | undefined): void;
}

const trackers = new WeakMap<Database.Database, TrackerState>();

function createTracker(): TrackerState {
  const generations = new Map<string, number>();
  let allGeneration = 0;
  return {
    stampOf(tables) {
      let stamp = allGeneration;
      for (const table of tables) stamp += generations.get(table) ?? 0;
      return stamp;
    },
    bumpAll() {
      allGeneration += 1;
    },
    bump(table) {
      if (table === undefined) allGeneration += 1;
      else generations.set(table, (generations.get(table) ?? 0) + 1);
    },
  };
}

/** The tracker of a connection opened by openDatabase; undefined for one whose writes nobody tracks. */
export function findWriteTracker(client: Database.Database): WriteTracker | undefined {
  return trackers.get(client);
}

function getTracker(client: Database.Database): TrackerState {
  let tracker = trackers.get(client);
  if (!tracker) {
    tracker = createTracker();
    trackers.set(client, tracker);
  }
  return tracker;
}

const writeTargets = [
  /^\s*(?:insert|replace)\s+(?:or\s+\w+\s+)?into\s+["`[]?(\w+)/i,
  /^\s*update\s+(?:or\s+\w+\s+)?["`[]?(\w+)/i,
  /^\s*delete\s+from\s+["`[]?(\w+)/i,
];

/** The table a writing statement writes, undefined when its SQL does not say it plainly (then: every table). */
export function findWrittenTable(source: string): string | undefined {
  for (const pattern of writeTargets) {
    const table = pattern.exec(source)?.[1];
    if (table !== undefined) return table.toLowerCase();
  }
  return undefined;
}

type Runner = (...parameters: unknown[]) => unknown;

/**
 * Wraps a freshly prepared statement so that running it records its write. Read-only statements and pragmas that
 * only set connection options (no table data) are returned as they are.
 */
export function trackStatement(
  client: Database.Database,
  source: string,
  statement: Database.Statement,
): Database.Statement {
  if (statement.readonly || /^\s*pragma\b/i.test(source)) return statement;
  const tracker = getTracker(client);
  const table = findWrittenTable(source);
  const target = statement as unknown as Record<'run' | 'get' | 'all' | 'iterate', Runner>;
  for (const method of ['run', 'get', 'all', 'iterate'] as const) {
    const original = target[method].bind(statement);
    target[method] = (...parameters: unknown[]) => {
      tracker.bump(table);
      return original(...parameters);
    };
  }
  return statement;
}

/** `exec` runs any SQL (several statements): every table may have changed. */
export function trackExec(client: Database.Database): void {
  const tracker = getTracker(client);
  const exec = client.exec.bind(client);
  client.exec = ((source: string) => {
    tracker.bump(undefined);
    return exec(source);
  }) as typeof client.exec;
}
