import { z } from 'zod';
import { IsoDateTimeSchema } from '../lead';
import { CursorSchema, IdSchema } from './common';

/** The mapping presets of @leadlight/import (the API checks at compile time that the two lists agree). */
export const importPresetNames = ['x-education', 'salesforce', 'hubspot', 'generic'] as const;
export const ImportPresetSchema = z.enum(importPresetNames);
export type ImportPreset = z.infer<typeof ImportPresetSchema>;

/** `report` skips a row whose identity (or external id) is already known; `merge` fills the existing lead's gaps. */
export const importDuplicateModes = ['report', 'merge'] as const;
export const ImportDuplicateModeSchema = z.enum(importDuplicateModes);
export type ImportDuplicateMode = z.infer<typeof ImportDuplicateModeSchema>;

/** UTF-8 (default: anything else is refused with the byte and line), or Latin-1 / Windows-1252 transcoded. */
export const importEncodings = ['utf-8', 'latin1'] as const;
export const ImportEncodingSchema = z.enum(importEncodings);
export type ImportEncoding = z.infer<typeof ImportEncodingSchema>;

/** "true" / "false" (and 1 / 0) in a query string or form field. */
export const BooleanFlagSchema = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

/**
 * Options of `POST /imports` (query string). The body is the CSV itself (`text/csv`), or `multipart/form-data` with a
 * `file` field and, for a custom column mapping, a `mapping` field holding the mapping's JSON.
 */
export const ImportUploadQuerySchema = z.strictObject({
  /** A preset, or `auto` to pick one from the header (detectPreset). Ignored when a `mapping` is sent. */
  preset: z.enum([...importPresetNames, 'auto']).default('auto'),
  dryRun: BooleanFlagSchema.default(false),
  duplicates: ImportDuplicateModeSchema.default('report'),
  encoding: ImportEncodingSchema.default('utf-8'),
  fileName: z.string().trim().min(1).max(255).optional(),
  /** Answer when the job is finished (200) instead of at once (202). */
  wait: BooleanFlagSchema.default(false),
});
export type ImportUploadQuery = z.infer<typeof ImportUploadQuerySchema>;

/** `cancelled`: stopped on request between chunks; the rows committed before it stay stored. */
export const importJobStatuses = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;
export const ImportJobStatusSchema = z.enum(importJobStatuses);
export type ImportJobStatus = z.infer<typeof ImportJobStatusSchema>;

/**
 * What became of the rows so far. `accepted` passed the gate; `review` were stored but wait in the review queue
 * (junk, incomplete); `rejected` were not stored (errors per row); `duplicates` were not stored because the person is
 * already known; `merged` filled an existing lead instead (duplicates=merge).
 */
export const ImportProgressSchema = z.strictObject({
  totalRows: z.number().int().nonnegative().nullable(),
  rowsDone: z.number().int().nonnegative(),
  accepted: z.number().int().nonnegative(),
  review: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  merged: z.number().int().nonnegative(),
  /** Rows with an outcome (e.g. X Education's Converted) stored for backtests. */
  withOutcome: z.number().int().nonnegative(),
});
export type ImportProgress = z.infer<typeof ImportProgressSchema>;

export const ImportColumnsSchema = z.strictObject({
  mapped: z.array(z.string()),
  ignored: z.array(z.string()),
  /** Columns neither mapped nor ignored: not imported. */
  unmapped: z.array(z.string()),
  /** Columns the mapping names that the file lacks. */
  absent: z.array(z.string()),
});

export const ImportMessageSchema = z.strictObject({ column: z.string(), message: z.string() });

export const importRowKinds = ['rejected', 'review', 'duplicate', 'merged'] as const;
export const ImportRowKindSchema = z.enum(importRowKinds);
export type ImportRowKind = z.infer<typeof ImportRowKindSchema>;

/** A row that was not simply accepted: why, and which lead it concerns (the duplicate's existing lead). */
export const ImportRowIssueSchema = z.strictObject({
  rowNumber: z.number().int().positive(),
  kind: ImportRowKindSchema,
  leadId: IdSchema.nullable(),
  externalId: z.string().nullable(),
  messages: z.array(ImportMessageSchema),
});
export type ImportRowIssue = z.infer<typeof ImportRowIssueSchema>;

/** One of the first rows as it would be (dry run) or was stored. */
export const ImportPreviewRowSchema = z.strictObject({
  rowNumber: z.number().int().positive(),
  kind: z.enum(['accepted', ...importRowKinds]),
  externalId: z.string().nullable(),
  fullName: z.string().nullable(),
  companyName: z.string().nullable(),
  email: z.string().nullable(),
  source: z.string().nullable(),
  stage: z.string().nullable(),
  score: z.number().nullable(),
  grade: z.string().nullable(),
  hasConverted: z.boolean().nullable(),
  messages: z.array(ImportMessageSchema),
});
export type ImportPreviewRow = z.infer<typeof ImportPreviewRowSchema>;

export const ImportJobSchema = z.strictObject({
  id: IdSchema,
  status: ImportJobStatusSchema,
  isDryRun: z.boolean(),
  fileName: z.string().nullable(),
  /** The preset or custom mapping's name. */
  mappingName: z.string(),
  duplicates: ImportDuplicateModeSchema,
  encoding: ImportEncodingSchema,
  createdBy: IdSchema.nullable(),
  createdAt: IsoDateTimeSchema,
  startedAt: IsoDateTimeSchema.nullable(),
  finishedAt: IsoDateTimeSchema.nullable(),
  /**
   * Who asked to stop a `cancelled` job, and when (null otherwise). Optional so a dashboard newer than its API still
   * reads that API's jobs.
   */
  cancelledBy: IdSchema.nullable().optional(),
  cancelledAt: IsoDateTimeSchema.nullable().optional(),
  /** When a stop was asked of a job another process runs (the CLI); it stops after its current chunk. */
  cancelRequestedAt: IsoDateTimeSchema.nullable().optional(),
  progress: ImportProgressSchema,
  columns: ImportColumnsSchema.nullable(),
  /** A problem with the whole file (encoding, quoting, header): nothing was imported. */
  error: z
    .strictObject({ code: z.string(), message: z.string(), details: z.unknown().optional() })
    .nullable(),
  preview: z.array(ImportPreviewRowSchema),
});
export type ImportJob = z.infer<typeof ImportJobSchema>;

export const ImportJobResponseSchema = z.strictObject({ job: ImportJobSchema });
/**
 * `POST /imports/:id/cancel`: 200 with the job once it has stopped, `cancelled` with its counts so far; 202 with the
 * job still `running` (its `cancelRequestedAt` set) when another process runs it and has not stopped yet.
 */
export const ImportCancelResponseSchema = ImportJobResponseSchema;
export const ImportJobListResponseSchema = z.strictObject({ items: z.array(ImportJobSchema) });

export const ImportRowsQuerySchema = z.strictObject({
  kind: ImportRowKindSchema.optional(),
  format: z.enum(['json', 'csv']).default('json'),
  /** The last rowNumber of the previous page (JSON only). */
  cursor: CursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export type ImportRowsQuery = z.infer<typeof ImportRowsQuerySchema>;

export const ImportRowListResponseSchema = z.strictObject({
  items: z.array(ImportRowIssueSchema),
  nextCursor: z.string().nullable(),
});
