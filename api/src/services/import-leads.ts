import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type {
  ColumnMapping,
  ImportDuplicateMode,
  ImportEncoding,
  ImportJob,
  ImportPreset,
  ImportPreviewRow,
  ImportProgress,
  ImportRowIssue,
  Lead,
  ReviewReason,
  UpdateLeadRequest,
} from '@leadlight/contract';
import {
  buildPresetMapping,
  createRowMapper,
  detectPreset,
  type ImportOutcome,
  type PresetName,
  type RowMapper,
} from '@leadlight/import';
import { type Clock, systemClock } from '../clock';
import { getActiveRuleset } from '../db/active-ruleset';
import type { Db, DbOrTx } from '../db/client';
import { appendHistory } from '../db/history';
import {
  findImportJob,
  findLeadIdByExternalId,
  type ImportJobRow,
  type ImportRowIssueRow,
  insertImportJob,
  insertImportRowIssues,
  insertLeadExternalId,
  listImportJobs,
  updateImportJob,
} from '../db/imports';
import { loadLead } from '../db/leads';
import { findUserByEmail, findUserById } from '../db/users';
import { ApiError, conflict, notFound } from '../lib/errors';
import { type IdentityKey, normalizeLeadIdentities } from '../lib/identity-keys';
import { createId } from '../lib/ids';
import {
  type CsvItem,
  type CsvSource,
  countCsvRows,
  createFileSource,
  ImportFileError,
  readCsv,
} from './import-leads-csv';
import { createLead, type LeadDraft, updateLead, type WriteContext } from './lead-writes';

export { type CsvSource, createBufferSource, createFileSource, ImportFileError } from './import-leads-csv';

// The contract's preset list and @leadlight/import's must agree: this fails to compile when one gains a name.
const presetsAgree: [ImportPreset, PresetName] extends [PresetName, ImportPreset] ? true : never = true;
void presetsAgree;

/** Rows per transaction: a failure loses at most this many rows' work, never half a row. */
const defaultChunkSize = 250;
const previewSize = 10;
/** Longer cells are refused per row: no lead field holds more than 2,000 characters. */
export const maxCellChars = 10_000;

export interface ImportOptions {
  /** A preset (`auto`: detected from the header) or a custom mapping, which wins. */
  preset?: ImportPreset | 'auto' | undefined;
  mapping?: ColumnMapping | undefined;
  isDryRun?: boolean | undefined;
  duplicates?: ImportDuplicateMode | undefined;
  encoding?: ImportEncoding | undefined;
  /** Who imports (null: the CLI or the demo seeding). */
  actor: WriteContext['actor'];
  clock?: Clock | undefined;
  chunkSize?: number | undefined;
  /** Called after each committed chunk (CLI progress bar). */
  onProgress?: ((progress: ImportProgress) => void) | undefined;
}

type RowOutcome =
  | { kind: 'accepted'; leadId: string }
  | { kind: 'review' | 'merged' | 'duplicate'; leadId: string | null; messages: Message[] }
  | { kind: 'rejected'; messages: Message[] };
type Message = { column: string; message: string };

interface RunState {
  job: ImportJobRow;
  header: string[];
  mapper: RowMapper;
  system: string;
  duplicates: ImportDuplicateMode;
  isDryRun: boolean;
  actor: WriteContext['actor'];
  clock: Clock;
  progress: ImportProgress;
  preview: ImportPreviewRow[];
  /** Identities and external ids seen earlier in this file → the row and the lead it became (null: not stored). */
  seen: Map<string, { rowNumber: number; leadId: string | null }>;
}

function emptyProgress(): ImportProgress {
  return {
    totalRows: null,
    rowsDone: 0,
    accepted: 0,
    review: 0,
    rejected: 0,
    duplicates: 0,
    merged: 0,
    withOutcome: 0,
  };
}

export function toImportJob(row: ImportJobRow): ImportJob {
  return {
    id: row.id,
    status: row.status,
    isDryRun: row.isDryRun,
    fileName: row.fileName,
    mappingName: row.mappingName,
    duplicates: row.duplicates,
    encoding: row.encoding,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    cancelledBy: row.cancelledBy,
    cancelledAt: row.cancelledAt,
    cancelRequestedAt: row.cancelRequestedAt,
    progress: {
      totalRows: row.totalRows,
      rowsDone: row.rowsDone,
      accepted: row.accepted,
      review: row.review,
      rejected: row.rejected,
      duplicates: row.duplicateCount,
      merged: row.merged,
      withOutcome: row.withOutcome,
    },
    columns: (row.columns as ImportJob['columns']) ?? null,
    error: (row.error as ImportJob['error']) ?? null,
    preview: (row.preview as ImportPreviewRow[] | null) ?? [],
  };
}

export function toImportRowIssue(row: ImportRowIssueRow): ImportRowIssue {
  return {
    rowNumber: row.rowNumber,
    kind: row.kind,
    leadId: row.leadId,
    externalId: row.externalId,
    messages: row.messages as Message[],
  };
}

function progressColumns(progress: ImportProgress) {
  return {
    totalRows: progress.totalRows,
    rowsDone: progress.rowsDone,
    accepted: progress.accepted,
    review: progress.review,
    rejected: progress.rejected,
    duplicateCount: progress.duplicates,
    merged: progress.merged,
    withOutcome: progress.withOutcome,
  };
}

/** Jobs running in this process: a `running` job missing here was cut short by a restart. */
const runningJobs = new Map<string, Promise<ImportJob>>();

interface CancelRequest {
  actorId: string | null;
  at: string;
}

/** Thrown inside a run to leave the row loop; the rows of committed chunks stay. */
class ImportCancelled extends Error {
  constructor(readonly request: CancelRequest) {
    super('cancelled');
  }
}

/**
 * A stop is asked through the job's row, whichever process runs it (this server, or the CLI in its own): the runner
 * reads it before committing each chunk, so the rows read since the last commit are dropped whole, never half-stored.
 */
function throwIfCancelRequested(db: Db, jobId: string): void {
  const row = findImportJob(db, jobId);
  if (row?.cancelRequestedAt) {
    throw new ImportCancelled({ actorId: row.cancelRequestedBy, at: row.cancelRequestedAt });
  }
}

/** A running job whose heartbeat is older than this is taken for cut short (its process is gone). */
export const importHeartbeatStaleMs = 60_000;

/** How long a stop asked of another process's job is awaited before the answer says it is still on its way. */
const crossProcessStopWaitMs = 10_000;
const crossProcessPollMs = 100;

function isRunningElsewhere(row: ImportJobRow, now: Date): boolean {
  if (row.status !== 'running' && row.status !== 'queued') return false;
  if (runningJobs.has(row.id) || row.heartbeatAt === null) return false;
  return now.getTime() - Date.parse(row.heartbeatAt) < importHeartbeatStaleMs;
}

/**
 * Asks a running job to stop (through its row) and waits until it has: rows already committed stay, the rows read
 * but not yet committed are dropped whole. A job of this process is awaited to its end; one another process runs
 * (the CLI) is polled, and `isStopped` is false when it has not stopped within the wait: it will before its next
 * commit. 404 for an unknown job, 409 `import_not_running` for one that already ended or was cut short.
 */
export async function cancelImportJob(
  db: Db,
  jobId: string,
  actor: WriteContext['actor'],
  clock: Clock = systemClock,
  options: { stopWaitMs?: number } = {},
): Promise<{ job: ImportJob; isStopped: boolean }> {
  const row = findImportJob(db, jobId);
  if (!row) throw notFound('Import');
  const now = clock.now();
  const done = runningJobs.get(jobId);
  if (!done && !isRunningElsewhere(row, now)) {
    const status = (readImportJob(db, jobId, now) as ImportJob).status;
    throw conflict('import_not_running', `The import is ${status}: only a running import can be stopped`, {
      status,
    });
  }
  if (row.cancelRequestedAt === null) {
    updateImportJob(db, jobId, {
      cancelRequestedBy: actor?.id ?? null,
      cancelRequestedAt: now.toISOString(),
    });
  }
  const stopped = done
    ? await done
    : await waitForStop(db, jobId, options.stopWaitMs ?? crossProcessStopWaitMs);
  const isStillRunning = stopped.status === 'running' || stopped.status === 'queued';
  if (stopped.status !== 'cancelled' && !isStillRunning) {
    // It ended on its own before it read the request (its last chunk was already committed).
    throw conflict('import_not_running', `The import is ${stopped.status}: it ended before it could stop`, {
      status: stopped.status,
    });
  }
  return { job: stopped, isStopped: stopped.status === 'cancelled' };
}

/** Polls the row of a job another process runs until it has ended or `waitMs` has passed; answers it as it is. */
async function waitForStop(db: Db, jobId: string, waitMs: number): Promise<ImportJob> {
  const deadline = performance.now() + waitMs;
  for (;;) {
    const row = findImportJob(db, jobId) as ImportJobRow;
    const isEnded = row.status !== 'running' && row.status !== 'queued';
    if (isEnded || performance.now() >= deadline) return toImportJob(row);
    await new Promise((resolve) => setTimeout(resolve, crossProcessPollMs));
  }
}

/** Records a queued import; `runImportJob` (or `startImportJob`) does the work. */
export function createImportJob(db: Db, source: CsvSource, options: ImportOptions): ImportJob {
  const clock = options.clock ?? systemClock;
  const row: ImportJobRow = {
    id: createId(),
    status: 'queued',
    isDryRun: options.isDryRun ?? false,
    fileName: source.name,
    mappingName: options.mapping?.name ?? options.preset ?? 'auto',
    mapping: options.mapping ?? null,
    duplicates: options.duplicates ?? 'report',
    encoding: options.encoding ?? 'utf-8',
    createdBy: options.actor?.id ?? null,
    createdAt: clock.now().toISOString(),
    startedAt: null,
    finishedAt: null,
    cancelledBy: null,
    cancelledAt: null,
    cancelRequestedBy: null,
    cancelRequestedAt: null,
    heartbeatAt: clock.now().toISOString(),
    totalRows: null,
    rowsDone: 0,
    accepted: 0,
    review: 0,
    rejected: 0,
    duplicateCount: 0,
    merged: 0,
    withOutcome: 0,
    columns: null,
    error: null,
    preview: null,
  };
  insertImportJob(db, row);
  return toImportJob(row);
}

/**
 * A job as stored. A `queued` / `running` job runs in this process, or in another one (the CLI) while its heartbeat
 * is fresh; otherwise it was cut short (a restart, a killed CLI) and is reported as interrupted, the stored row left
 * alone.
 */
export function readImportJob(db: Db, id: string, now: Date = new Date()): ImportJob | undefined {
  const row = findImportJob(db, id);
  if (!row) return undefined;
  if (
    (row.status === 'running' || row.status === 'queued') &&
    !runningJobs.has(id) &&
    !isRunningElsewhere(row, now)
  ) {
    const error = {
      code: 'interrupted',
      message: `The import stopped after ${row.rowsDone} rows without finishing (its server or CLI process ended); those rows are stored`,
    };
    return toImportJob({ ...row, status: 'failed', error });
  }
  return toImportJob(row);
}

export function listRecentImportJobs(db: Db, limit: number, now: Date = new Date()): ImportJob[] {
  return listImportJobs(db, limit).map((row) => readImportJob(db, row.id, now) ?? toImportJob(row));
}

/** Runs a job in the background (the HTTP upload answers 202 at once); `waitForImportJob` awaits it. */
export function startImportJob(
  db: Db,
  jobId: string,
  source: CsvSource,
  options: ImportOptions,
): Promise<ImportJob> {
  const done = runImportJob(db, jobId, source, options);
  runningJobs.set(jobId, done);
  void done
    .finally(() => {
      runningJobs.delete(jobId);
    })
    .catch(() => undefined);
  return done;
}

export function waitForImportJob(jobId: string): Promise<ImportJob> | undefined {
  return runningJobs.get(jobId);
}

/**
 * Imports a CSV file from disk as `actor` (null for the system): what the CLI and the demo seeding call.
 * E.g. `await importCsvFile(db, 'test/fixtures/leads/x-education-leads.csv', { preset: 'x-education', actor: null })`.
 */
export async function importCsvFile(db: Db, path: string, options: ImportOptions): Promise<ImportJob> {
  const source = createFileSource(path);
  const job = createImportJob(db, source, options);
  return startImportJob(db, job.id, source, options);
}

function chooseMapping(header: readonly string[], options: ImportOptions): ColumnMapping {
  if (options.mapping) return options.mapping;
  const preset = options.preset ?? 'auto';
  return buildPresetMapping(preset === 'auto' ? detectPreset(header).preset : preset, header);
}

/**
 * Reads the file twice: first to count the rows and find whole-file problems (encoding, unclosed quote, header)
 * before anything is written; then row by row, committing every `chunkSize` rows with the job's counters and row
 * issues in one transaction. A dry run rolls each chunk's leads back but keeps the counters, issues and preview.
 */
export async function runImportJob(
  db: Db,
  jobId: string,
  source: CsvSource,
  options: ImportOptions,
): Promise<ImportJob> {
  const clock = options.clock ?? systemClock;
  const job = findImportJob(db, jobId);
  if (!job) throw new Error(`No import job ${jobId}`);
  const progress = emptyProgress();
  const startedAt = clock.now().toISOString();
  updateImportJob(db, jobId, { status: 'running', startedAt, heartbeatAt: startedAt });
  let state: RunState | undefined;
  try {
    progress.totalRows = await countCsvRows(source, job.encoding);
    updateImportJob(db, jobId, { totalRows: progress.totalRows, heartbeatAt: clock.now().toISOString() });
    const chunkSize = options.chunkSize ?? defaultChunkSize;
    let pending: Extract<CsvItem, { kind: 'row' | 'bad' }>[] = [];
    for await (const item of readCsv(source, job.encoding)) {
      if (item.kind === 'header') {
        state = prepareRun(db, job, item.cells, options, progress);
        continue;
      }
      pending.push(item);
      if (pending.length >= chunkSize && state) {
        throwIfCancelRequested(db, jobId);
        commitChunk(db, state, pending);
        pending = [];
        options.onProgress?.({ ...progress });
        await yieldToEventLoop();
      }
    }
    throwIfCancelRequested(db, jobId);
    if (state && pending.length > 0) commitChunk(db, state, pending);
    options.onProgress?.({ ...progress });
    const finishedAt = clock.now().toISOString();
    db.transaction((tx) => {
      updateImportJob(tx, jobId, {
        status: 'completed',
        finishedAt,
        error: null,
        ...progressColumns(progress),
      });
      appendHistory(tx, {
        entityType: 'import',
        entityId: jobId,
        action: job.isDryRun ? 'import.dry_run' : 'import.completed',
        actorId: options.actor?.id ?? null,
        at: finishedAt,
        before: null,
        after: { fileName: job.fileName, mappingName: state?.system ?? job.mappingName, ...progress },
      });
    });
  } catch (error) {
    const finishedAt = clock.now().toISOString();
    if (error instanceof ImportCancelled) {
      recordCancelled(db, job, state?.system ?? job.mappingName, progress, error.request, finishedAt);
      return toImportJob(findImportJob(db, jobId) as ImportJobRow);
    }
    const problem =
      error instanceof ImportFileError
        ? { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) }
        : {
            code: 'import_failed',
            message: `The import failed after ${progress.rowsDone} rows (those are stored, in whole chunks): ${(error as Error).message}`,
          };
    if (!(error instanceof ImportFileError)) console.error('leadlight: import failed', error);
    db.transaction((tx) => {
      updateImportJob(tx, jobId, {
        status: 'failed',
        finishedAt,
        error: problem,
        ...progressColumns(progress),
      });
      appendHistory(tx, {
        entityType: 'import',
        entityId: jobId,
        action: 'import.failed',
        actorId: options.actor?.id ?? null,
        at: finishedAt,
        before: null,
        after: { fileName: job.fileName, error: problem, ...progress },
      });
    });
  }
  const stored = findImportJob(db, jobId);
  return toImportJob(stored as ImportJobRow);
}

function recordCancelled(
  db: Db,
  job: ImportJobRow,
  mappingName: string,
  progress: ImportProgress,
  request: CancelRequest,
  finishedAt: string,
): void {
  db.transaction((tx) => {
    updateImportJob(tx, job.id, {
      status: 'cancelled',
      finishedAt,
      cancelledBy: request.actorId,
      cancelledAt: request.at,
      error: null,
      ...progressColumns(progress),
    });
    appendHistory(tx, {
      entityType: 'import',
      entityId: job.id,
      action: 'import.cancelled',
      actorId: request.actorId,
      at: request.at,
      before: null,
      after: { fileName: job.fileName, mappingName, ...progress },
    });
  });
}

function prepareRun(
  db: Db,
  job: ImportJobRow,
  header: string[],
  options: ImportOptions,
  progress: ImportProgress,
): RunState {
  const mapping = chooseMapping(header, options);
  const mapper = createRowMapper(header, mapping);
  const columns = {
    mapped: mapper.mappedColumns,
    ignored: mapper.ignoredColumns,
    unmapped: mapper.unmappedColumns,
    absent: mapper.absentColumns,
  };
  updateImportJob(db, job.id, { mappingName: mapping.name, mapping, columns });
  if (mapper.headerErrors.length > 0) {
    throw new ImportFileError(
      'invalid_header',
      `The header does not fit the mapping "${mapping.name}": ${mapper.headerErrors.map((e) => e.message).join('; ')}`,
      { issues: mapper.headerErrors },
    );
  }
  return {
    job,
    header,
    mapper,
    system: mapping.name,
    duplicates: job.duplicates,
    isDryRun: job.isDryRun,
    actor: options.actor,
    clock: options.clock ?? systemClock,
    progress,
    preview: [],
    seen: new Map(),
  };
}

class DryRunRollback extends Error {}

function commitChunk(db: Db, state: RunState, items: Extract<CsvItem, { kind: 'row' | 'bad' }>[]): void {
  const context: WriteContext = { actor: state.actor, now: state.clock.now(), ruleset: getActiveRuleset(db) };
  db.transaction((tx) => {
    const issues: ImportRowIssueRow[] = [];
    const counts = { ...state.progress };
    const previewBefore = state.preview.length;
    const runRows = (inner: DbOrTx) => {
      for (const item of items) {
        const { outcome, externalId } =
          item.kind === 'bad'
            ? { outcome: rejectedRow('(row)', item.message), externalId: null }
            : importRow(inner, state, item.rowNumber, item.cells, context, counts);
        tally(counts, outcome);
        if (outcome.kind !== 'accepted') {
          issues.push({
            jobId: state.job.id,
            rowNumber: item.rowNumber,
            kind: outcome.kind,
            // A dry run's new leads were rolled back: only existing leads (duplicates) are named.
            leadId:
              outcome.kind === 'rejected' || (state.isDryRun && outcome.kind === 'review')
                ? null
                : outcome.leadId,
            externalId,
            messages: outcome.messages,
          });
        }
      }
    };
    if (state.isDryRun) {
      try {
        tx.transaction((savepoint) => {
          runRows(savepoint);
          throw new DryRunRollback();
        });
      } catch (error) {
        if (!(error instanceof DryRunRollback)) throw error;
      }
    } else {
      runRows(tx);
    }
    insertImportRowIssues(tx, issues);
    const changes: Parameters<typeof updateImportJob>[2] = {
      ...progressColumns(counts),
      heartbeatAt: state.clock.now().toISOString(),
    };
    if (state.preview.length !== previewBefore) changes.preview = state.preview;
    updateImportJob(tx, state.job.id, changes);
    Object.assign(state.progress, counts);
  });
}

function tally(progress: ImportProgress, outcome: RowOutcome): void {
  progress.rowsDone += 1;
  if (outcome.kind === 'accepted') progress.accepted += 1;
  else if (outcome.kind === 'review') progress.review += 1;
  else if (outcome.kind === 'rejected') progress.rejected += 1;
  else if (outcome.kind === 'duplicate') progress.duplicates += 1;
  else progress.merged += 1;
}

function rejectedRow(column: string, message: string): RowOutcome {
  return { kind: 'rejected', messages: [{ column, message }] };
}

function toDraft(lead: Lead, ownerId: string | null, outcome: ImportOutcome | undefined): LeadDraft {
  // Most exports split the name; lists, search and the name + company lookup read the full name.
  const joinedName = [lead.person.firstName, lead.person.lastName].filter(Boolean).join(' ');
  return {
    person:
      lead.person.fullName || joinedName === '' ? lead.person : { ...lead.person, fullName: joinedName },
    company: lead.company,
    identities: lead.identities,
    source: lead.source,
    tags: lead.tags,
    ownerId,
    totals: lead.totals,
    custom: lead.custom,
    hasConverted: outcome?.converted ?? null,
    createdAt: lead.createdAt,
    stage: lead.stage,
  };
}

/** A file's owner column names a user by id or email; anything else fails the row rather than dropping the owner. */
function resolveOwner(
  db: DbOrTx,
  owner: string | null | undefined,
): { ownerId: string | null } | { error: string } {
  if (owner === undefined || owner === null || owner === '') return { ownerId: null };
  const user = findUserById(db, owner) ?? (owner.includes('@') ? findUserByEmail(db, owner) : undefined);
  return user ? { ownerId: user.id } : { error: `owner: no user with id or email "${owner}"` };
}

function keyOf(key: IdentityKey): string {
  return `${key.kind}:${key.value}`;
}

function describeApiError(error: ApiError): Message[] {
  const details = error.details as { issues?: { path: (string | number)[]; message: string }[] } | undefined;
  if (details?.issues && details.issues.length > 0) {
    return details.issues.map((issue) => ({ column: issue.path.join('.'), message: issue.message }));
  }
  return [{ column: '(lead)', message: error.message }];
}

/** One row through the mapping, the identity checks, then the API's own createLead (gate, dedupe, score, history). */
function importRow(
  db: DbOrTx,
  state: RunState,
  rowNumber: number,
  cells: string[],
  context: WriteContext,
  counts: ImportProgress,
): { outcome: RowOutcome; externalId: string | null } {
  const huge = cells.findIndex((cell) => cell.length > maxCellChars);
  if (huge !== -1) {
    const column = state.header[huge] ?? `column ${huge + 1}`;
    return {
      outcome: rejectedRow(column, `the cell has ${cells[huge]?.length} characters (limit ${maxCellChars})`),
      externalId: null,
    };
  }
  const mapped = state.mapper.mapRow(cells, rowNumber);
  const externalId = mapped.externalId ?? null;
  let draft: LeadDraft | undefined;
  let outcome: RowOutcome;
  if (!mapped.ok) {
    outcome = { kind: 'rejected', messages: mapped.errors };
  } else {
    const owner = resolveOwner(db, mapped.lead.owner);
    if ('error' in owner) {
      outcome = rejectedRow('owner', owner.error);
    } else {
      draft = toDraft(mapped.lead, owner.ownerId, mapped.outcome);
      outcome = storeRow(db, state, rowNumber, draft, externalId, context);
      if (mapped.outcome && (outcome.kind === 'accepted' || outcome.kind === 'review'))
        counts.withOutcome += 1;
    }
  }
  addPreview(db, state, rowNumber, outcome, externalId, draft);
  return { outcome, externalId };
}

/** Duplicates first (earlier rows, then the source system's id), then a new lead. */
function storeRow(
  db: DbOrTx,
  state: RunState,
  rowNumber: number,
  draft: LeadDraft,
  externalId: string | null,
  context: WriteContext,
): RowOutcome {
  let keys: IdentityKey[];
  try {
    keys = normalizeLeadIdentities(draft.identities, draft.company).keys;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { kind: 'rejected', messages: describeApiError(error) };
  }
  const seenKeys = [...keys.map(keyOf), ...(externalId === null ? [] : [`${state.system} id:${externalId}`])];
  const earlier = seenKeys.map((key) => ({ key, match: state.seen.get(key) })).find((entry) => entry.match);
  let outcome: RowOutcome;
  if (earlier?.match) {
    const why = `same ${earlier.key.slice(0, earlier.key.indexOf(':'))} as row ${earlier.match.rowNumber}`;
    outcome = handleDuplicate(db, state, earlier.match.leadId, draft, context, why);
  } else {
    const known = externalId === null ? undefined : findLeadIdByExternalId(db, state.system, externalId);
    outcome =
      known === undefined
        ? createImportedLead(db, state, draft, externalId, context)
        : handleDuplicate(
            db,
            state,
            known,
            draft,
            context,
            `${state.system} id ${externalId} was imported before`,
          );
  }
  const leadId = outcome.kind === 'rejected' ? null : outcome.leadId;
  for (const key of seenKeys) if (!state.seen.has(key)) state.seen.set(key, { rowNumber, leadId });
  return outcome;
}

function createImportedLead(
  db: DbOrTx,
  state: RunState,
  draft: LeadDraft,
  externalId: string | null,
  context: WriteContext,
): RowOutcome {
  try {
    // A savepoint per row: a row that fails half-way leaves nothing behind.
    const record = db.transaction((savepoint) => {
      const created = createLead(savepoint, draft, context);
      if (externalId !== null) {
        insertLeadExternalId(savepoint, { system: state.system, externalId, leadId: created.row.id });
      }
      return created;
    });
    if (record.row.gate === 'accepted') return { kind: 'accepted', leadId: record.row.id };
    const reasons = (record.row.reviewReasons as ReviewReason[] | null) ?? [];
    return {
      kind: 'review',
      leadId: record.row.id,
      messages: reasons.map((reason) => ({ column: `(gate: ${reason.kind})`, message: reason.reason })),
    };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.code === 'duplicate') {
      const details = error.details as { leadId: string; matchedBy: string; value: string };
      return handleDuplicate(
        db,
        state,
        details.leadId,
        draft,
        context,
        `same ${details.matchedBy} ${details.value} as a stored lead`,
      );
    }
    return { kind: 'rejected', messages: describeApiError(error) };
  }
}

/** `report`: the row is not stored. `merge`: the stored lead keeps its values and gains what it lacked. */
function handleDuplicate(
  db: DbOrTx,
  state: RunState,
  leadId: string | null,
  draft: LeadDraft,
  context: WriteContext,
  why: string,
): RowOutcome {
  const target = leadId === null ? 'an earlier row that was not stored' : `lead ${leadId}`;
  if (state.duplicates === 'report' || leadId === null) {
    return { kind: 'duplicate', leadId, messages: [{ column: '(identity)', message: `${why}: ${target}` }] };
  }
  const record = loadLead(db, leadId);
  if (!record) {
    // Dry run: the lead came from an earlier chunk that was rolled back.
    return {
      kind: 'merged',
      leadId,
      messages: [{ column: '(identity)', message: `${why}: would merge into ${target}` }],
    };
  }
  const patch = buildMergePatch(record, draft);
  if (patch === null) {
    return {
      kind: 'merged',
      leadId,
      messages: [{ column: '(identity)', message: `${why}: nothing new for ${target}` }],
    };
  }
  try {
    db.transaction((savepoint) => updateLead(savepoint, leadId, patch, context));
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return {
      kind: 'rejected',
      messages: [{ column: '(identity)', message: `${why}; merging failed: ${error.message}` }],
    };
  }
  const fields = Object.keys(patch).filter((key) => key !== 'version');
  return {
    kind: 'merged',
    leadId,
    messages: [{ column: '(identity)', message: `${why}: merged ${fields.join(', ')} into ${target}` }],
  };
}

function fillGaps<T extends object>(stored: T, incoming: T): T | null {
  const result = { ...stored } as Record<string, unknown>;
  let isChanged = false;
  for (const [key, value] of Object.entries(incoming)) {
    if (value === undefined || value === null || value === '') continue;
    const current = result[key];
    if (current === undefined || current === null || current === '') {
      result[key] = value;
      isChanged = true;
    }
  }
  return isChanged ? (result as T) : null;
}

function union(stored: readonly string[], incoming: readonly string[]): string[] | null {
  const extra = incoming.filter((value) => !stored.includes(value));
  return extra.length === 0 ? null : [...stored, ...extra];
}

function buildMergePatch(
  record: NonNullable<ReturnType<typeof loadLead>>,
  draft: LeadDraft,
): UpdateLeadRequest | null {
  const { profile } = record;
  const patch: UpdateLeadRequest = { version: record.row.version };
  const person = fillGaps(profile.person, draft.person);
  if (person) patch.person = person;
  const company = fillGaps(profile.company, draft.company);
  if (company) patch.company = company;
  const source = fillGaps(profile.source, draft.source);
  if (source) patch.source = source;
  const totals = fillGaps(profile.totals, draft.totals);
  if (totals) patch.totals = totals;
  const custom = fillGaps(profile.custom, draft.custom);
  if (custom) patch.custom = custom;
  const emails = union(profile.identities.emails, draft.identities.emails);
  const phones = union(profile.identities.phones, draft.identities.phones);
  const linkedinUrl = profile.identities.linkedinUrl ?? draft.identities.linkedinUrl;
  if (emails || phones || linkedinUrl !== profile.identities.linkedinUrl) {
    patch.identities = {
      emails: emails ?? profile.identities.emails,
      phones: phones ?? profile.identities.phones,
      ...(linkedinUrl === undefined ? {} : { linkedinUrl }),
    };
  }
  const tags = union(record.tags, draft.tags);
  if (tags) patch.tags = tags;
  return Object.keys(patch).length > 1 ? patch : null;
}

function addPreview(
  db: DbOrTx,
  state: RunState,
  rowNumber: number,
  outcome: RowOutcome,
  externalId: string | null,
  draft: LeadDraft | undefined,
): void {
  if (state.preview.length >= previewSize) return;
  // Read inside the chunk's transaction, so a dry run previews the score it would have stored.
  const leadId = outcome.kind === 'rejected' ? null : outcome.leadId;
  const record = leadId === null ? undefined : loadLead(db, leadId);
  state.preview.push({
    rowNumber,
    kind: outcome.kind,
    externalId,
    fullName: draft?.person.fullName ?? null,
    companyName: draft?.company.name ?? null,
    email: draft?.identities.emails[0] ?? null,
    source: draft?.source.channel ?? null,
    stage: record?.row.stage ?? null,
    score: record?.row.score ?? null,
    grade: record?.row.grade ?? null,
    hasConverted: draft?.hasConverted ?? null,
    messages: outcome.kind === 'accepted' ? [] : outcome.messages,
  });
}
