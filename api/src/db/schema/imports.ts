import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { leads } from './leads';
import { users } from './users';

/**
 * One CSV import (or dry run): options, progress counters and the outcome. Counters are written in the same
 * transaction as each committed chunk of rows, so after a crash they match what was stored.
 */
export const importJobs = sqliteTable(
  'import_jobs',
  {
    id: text('id').primaryKey(),
    status: text('status', { enum: ['queued', 'running', 'completed', 'failed', 'cancelled'] }).notNull(),
    isDryRun: integer('is_dry_run', { mode: 'boolean' }).notNull(),
    fileName: text('file_name'),
    /** The preset or custom mapping's name; `mapping` holds the mapping used (JSON). */
    mappingName: text('mapping_name').notNull(),
    mapping: text('mapping', { mode: 'json' }),
    duplicates: text('duplicates', { enum: ['report', 'merge'] }).notNull(),
    encoding: text('encoding', { enum: ['utf-8', 'latin1'] }).notNull(),
    createdBy: text('created_by').references(() => users.id),
    createdAt: text('created_at').notNull(),
    startedAt: text('started_at'),
    finishedAt: text('finished_at'),
    /** Who asked to stop a `cancelled` job, and when they asked. */
    cancelledBy: text('cancelled_by').references(() => users.id),
    cancelledAt: text('cancelled_at'),
    /**
     * A stop asked of a job running in another process (the CLI): its runner reads this after every chunk. Jobs of
     * this process are stopped in memory.
     */
    cancelRequestedBy: text('cancel_requested_by').references(() => users.id),
    cancelRequestedAt: text('cancel_requested_at'),
    /** Written by the running job as it starts and with every chunk: a stale one means the process is gone. */
    heartbeatAt: text('heartbeat_at'),
    totalRows: integer('total_rows'),
    rowsDone: integer('rows_done').notNull().default(0),
    accepted: integer('accepted').notNull().default(0),
    review: integer('review').notNull().default(0),
    rejected: integer('rejected').notNull().default(0),
    duplicateCount: integer('duplicate_count').notNull().default(0),
    merged: integer('merged').notNull().default(0),
    withOutcome: integer('with_outcome').notNull().default(0),
    /** Mapped / ignored / unmapped / absent header columns (JSON). */
    columns: text('columns', { mode: 'json' }),
    /** A whole-file problem: { code, message, details }. */
    error: text('error', { mode: 'json' }),
    /** The first rows as stored or, for a dry run, as they would be (JSON). */
    preview: text('preview', { mode: 'json' }),
  },
  (table) => [index('import_jobs_created_idx').on(table.createdAt, table.id)],
);

/** Rows of an import that were not simply accepted: rejected (with errors), in review, duplicate or merged. */
export const importRowIssues = sqliteTable(
  'import_row_issues',
  {
    jobId: text('job_id')
      .notNull()
      .references(() => importJobs.id, { onDelete: 'cascade' }),
    rowNumber: integer('row_number').notNull(),
    kind: text('kind', { enum: ['rejected', 'review', 'duplicate', 'merged'] }).notNull(),
    /** The stored lead (review), or the existing lead a duplicate matched. */
    leadId: text('lead_id'),
    externalId: text('external_id'),
    messages: text('messages', { mode: 'json' }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.jobId, table.rowNumber] }),
    index('import_row_issues_lead_idx').on(table.leadId),
  ],
);

/**
 * The source system's id of an imported lead (X Education's Prospect ID, a Salesforce Id), per mapping name: finds
 * re-imported rows that carry no email, phone or LinkedIn URL.
 */
export const leadExternalIds = sqliteTable(
  'lead_external_ids',
  {
    system: text('system').notNull(),
    externalId: text('external_id').notNull(),
    leadId: text('lead_id')
      .notNull()
      .references(() => leads.id, { onDelete: 'cascade' }),
  },
  (table) => [
    primaryKey({ columns: [table.system, table.externalId] }),
    index('lead_external_ids_lead_idx').on(table.leadId),
  ],
);
