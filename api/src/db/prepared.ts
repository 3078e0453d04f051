import type { DbOrTx } from './client';

const preparedByDb = new WeakMap<object, Map<string, unknown>>();

/**
 * Builds a drizzle prepared query once per database handle and reuses it: building the SQL of a query costs more
 * than running an indexed read, so the hot paths (authentication, lookup) use placeholders through this.
 */
export function prepareOnce<T>(db: DbOrTx, name: string, build: (db: DbOrTx) => T): T {
  let prepared = preparedByDb.get(db);
  if (!prepared) {
    prepared = new Map();
    preparedByDb.set(db, prepared);
  }
  let query = prepared.get(name) as T | undefined;
  if (query === undefined) {
    query = build(db);
    prepared.set(name, query);
  }
  return query;
}
