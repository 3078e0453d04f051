import type { DbOrTx } from './client';

const preparedByDb = new WeakMap<object, Map<string, unknown>>();

/**
 * Builds a drizzle prepared query once per database handle and reuses it: building the SQL of a query costs more
 * than running an indexed read, so the hot paths (authentication, lookup) use placeholders through this.
 */
export function prepareOnce<T>(db: DbOrTx, name: string, build: (db: DbOrTx) => T): T {
  // Keyed by the connection's session, which a transaction handle shares with its database: a transaction is a new
  // handle each time, and keying by it rebuilt every query of every write. A prepared query runs on the connection,
  // so using it inside the transaction is the same as using the transaction's own.
  const key = (db as unknown as { session?: object }).session ?? db;
  let prepared = preparedByDb.get(key);
  if (!prepared) {
    prepared = new Map();
    preparedByDb.set(key, prepared);
  }
  let query = prepared.get(name) as T | undefined;
  if (query === undefined) {
    query = build(db);
    prepared.set(name, query);
  }
  return query;
}
