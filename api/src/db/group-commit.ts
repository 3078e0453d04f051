import type { Db, Tx } from './client';

/**
 * Group commit: the durable writes requested in one event-loop turn run in ONE transaction, committed once (one
 * fsync under synchronous=FULL), and only then does any of them answer. Each write runs inside its own SAVEPOINT, so a
 * write that throws rolls back alone and the others still commit; its caller gets its error, also only after the
 * commit (nothing of it was stored either way).
 *
 * Why: with WAL + synchronous=FULL every commit waits for the disk, and per-commit work (BEGIN, COMMIT, WAL frame
 * headers, the fsync) dominates a small write such as a note. Sharing it across concurrent requests is what databases
 * do (PostgreSQL's commit_delay, InnoDB's group commit). The SQL is the standard SAVEPOINT / RELEASE / ROLLBACK TO, so
 * the PostgreSQL driver can keep the same shape.
 */

interface Job {
  work: (tx: Tx) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

interface Outcome {
  ok: boolean;
  value: unknown;
}

/** Counters for tests and operations: how many transactions carried how many writes. */
export interface GroupCommitStats {
  batches: number;
  writes: number;
  largestBatch: number;
}

interface Group {
  queue: Job[];
  isScheduled: boolean;
  stats: GroupCommitStats;
}

/** One batch never holds more writes than this: a bound on the latency a write can add to the others. */
const maxBatchSize = 512;

const groups = new WeakMap<Db, Group>();

function getGroup(db: Db): Group {
  let group = groups.get(db);
  if (!group) {
    group = { queue: [], isScheduled: false, stats: { batches: 0, writes: 0, largestBatch: 0 } };
    groups.set(db, group);
  }
  return group;
}

/**
 * Runs `work` in the next group transaction and resolves with its result once that transaction has committed (or
 * rejects with the error `work` threw, or with the commit's error, after which nothing of the batch is stored).
 * `work` is synchronous and must not keep `tx` beyond its call.
 */
export function commitInGroup<T>(db: Db, work: (tx: Tx) => T): Promise<T> {
  const group = getGroup(db);
  return new Promise<T>((resolve, reject) => {
    group.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
    if (!group.isScheduled) {
      group.isScheduled = true;
      // setImmediate runs after the poll phase: every request whose bytes arrived in this turn has queued by then.
      setImmediate(() => flushGroup(db, group));
    }
  });
}

export function readGroupCommitStats(db: Db): GroupCommitStats {
  return { ...getGroup(db).stats };
}

function flushGroup(db: Db, group: Group): void {
  const jobs = group.queue.splice(0, maxBatchSize);
  if (group.queue.length > 0) setImmediate(() => flushGroup(db, group));
  else group.isScheduled = false;
  if (jobs.length === 0) return;

  const sqlite = db.$client;
  let outcomes: Outcome[];
  try {
    outcomes = db.transaction((tx) => jobs.map((job) => runInSavepoint(sqlite, tx, job)), {
      behavior: 'immediate',
    });
  } catch (error) {
    // BEGIN or COMMIT failed, or SQLite rolled the whole transaction back (disk full, I/O error): nothing of the
    // batch is stored, so no write of it may be acknowledged.
    for (const job of jobs) job.reject(error);
    return;
  }
  group.stats.batches += 1;
  group.stats.writes += jobs.length;
  group.stats.largestBatch = Math.max(group.stats.largestBatch, jobs.length);
  jobs.forEach((job, index) => {
    const outcome = outcomes[index] as Outcome;
    if (outcome.ok) job.resolve(outcome.value);
    else job.reject(outcome.value);
  });
}

function runInSavepoint(sqlite: Db['$client'], tx: Tx, job: Job): Outcome {
  sqlite.prepare('SAVEPOINT group_write').run();
  try {
    const value = job.work(tx);
    sqlite.prepare('RELEASE SAVEPOINT group_write').run();
    return { ok: true, value };
  } catch (error) {
    // Some errors (SQLITE_FULL, SQLITE_IOERR…) end the whole transaction: then the batch cannot commit, and the
    // error is rethrown so that every write of it fails rather than being acknowledged unstored.
    if (!sqlite.inTransaction) throw error;
    sqlite.prepare('ROLLBACK TO SAVEPOINT group_write').run();
    sqlite.prepare('RELEASE SAVEPOINT group_write').run();
    return { ok: false, value: error };
  }
}
