import { z } from 'zod';
import { leadFieldTypes } from './ruleset';

/*
 * How the columns of a spreadsheet become a Lead: the shape shared by the API's importer (CSV upload, `--map FILE.json`),
 * the presets of @leadlight/import and the rules' X Education backtest. The logic lives in @leadlight/import.
 */

/** Standard Lead fields an import may write, with the type the value must end up as. */
export const importTargetTypes = {
  ...leadFieldTypes,
  'company.size': 'integer',
  createdAt: 'datetime',
  firstTouchedAt: 'datetime',
  lastTouchedAt: 'datetime',
  /** The source system's own id (X Education's Prospect ID, a Salesforce Id): returned beside the lead, not in it. */
  externalId: 'string',
  /** What became of the lead (historical data for backtests): returned beside the lead, never a lead field. */
  'outcome.converted': 'boolean',
  'outcome.revenue': 'number',
  'outcome.convertedAt': 'datetime',
} as const;
export type ImportTargetPath = keyof typeof importTargetTypes;
export type ImportTargetType = (typeof importTargetTypes)[ImportTargetPath] | 'any';
export const customImportPrefix = 'custom.';
/** Keys that would reach Object.prototype (zod drops `__proto__` from records silently): refused up front. */
const reservedKeys = new Set(['__proto__', 'constructor', 'prototype']);

/** A standard target, or `custom.<key>` (an admin-defined attribute: string, number, boolean or null). */
export const ImportTargetSchema = z
  .string()
  .refine(
    (path) =>
      Object.hasOwn(importTargetTypes, path) ||
      (path.startsWith(customImportPrefix) &&
        /^custom\.[A-Za-z0-9_.-]{1,100}$/.test(path) &&
        !reservedKeys.has(path.slice(customImportPrefix.length))),
    { message: 'not a lead field an import can write (see importTargetTypes), nor custom.<key>' },
  );

/** A cell value after transforms: what a custom attribute or a standard field can hold. */
export const MappedValueSchema = z.union([z.string(), z.number().finite(), z.boolean(), z.null()]);
export type MappedValue = z.infer<typeof MappedValueSchema>;

/** Steps applied in order to a trimmed, present cell. Each either yields a value or fails the row with a message. */
export const ColumnTransformSchema = z.discriminatedUnion('op', [
  /** Decimal number (`12`, `-3.5`, `1e3`); thousands separators are refused, not guessed. */
  z.strictObject({ op: z.literal('number') }),
  z.strictObject({ op: z.literal('integer') }),
  /** Multiply a number, e.g. minutes → seconds (60). */
  z.strictObject({ op: z.literal('scale'), factor: z.number().finite() }),
  /** Yes/no words (case-insensitive); anything else fails the row. */
  z.strictObject({
    op: z.literal('boolean'),
    true: z.array(z.string()).min(1).default(['yes', 'y', 'true', '1']),
    false: z.array(z.string()).min(1).default(['no', 'n', 'false', '0']),
  }),
  /** One cell holding several values, e.g. `a; b; c` → tags. Empty parts are dropped. */
  z.strictObject({ op: z.literal('split'), separator: z.string().min(1).default(';') }),
  /**
   * Replace known values (keys compared case-insensitively when `caseInsensitive`). `otherwise` says what an unlisted
   * value does: stays as it is, counts as missing, or fails the row.
   */
  z.strictObject({
    op: z.literal('map'),
    values: z.record(z.string(), MappedValueSchema),
    caseInsensitive: z.boolean().default(true),
    otherwise: z.enum(['keep', 'missing', 'error']).default('keep'),
  }),
  z.strictObject({ op: z.literal('lowercase') }),
  /** The identity normalisers of contract; an unusable value fails the row rather than being dropped. */
  z.strictObject({ op: z.literal('email') }),
  z.strictObject({ op: z.literal('linkedin') }),
  z.strictObject({ op: z.literal('phone') }),
  z.strictObject({ op: z.literal('domain') }),
  /** ISO date or date-time, or `YYYY-MM-DD HH:mm[:ss]`; without an offset it is read as UTC. */
  z.strictObject({ op: z.literal('datetime') }),
]);
export type ColumnTransform = z.infer<typeof ColumnTransformSchema>;
export type ColumnTransformInput = z.input<typeof ColumnTransformSchema>;

export const ColumnRuleSchema = z.strictObject({
  /** Source header; several are joined with `join` (missing ones skipped), e.g. City + State → person.location. */
  column: z.union([z.string().min(1), z.array(z.string().min(1)).min(1).max(10)]),
  join: z.string().default(' '),
  to: ImportTargetSchema,
  transforms: z.array(ColumnTransformSchema).max(20).default([]),
  /** Cell values meaning "not answered" for this column, on top of the mapping's `missingValues`. */
  missingValues: z.array(z.string()).default([]),
  /** A missing value fails the row (e.g. the external id). */
  required: z.boolean().default(false),
});
export type ColumnRule = z.infer<typeof ColumnRuleSchema>;
export type ColumnRuleInput = z.input<typeof ColumnRuleSchema>;

export const ColumnMappingSchema = z.strictObject({
  name: z.string().min(1).max(100),
  /** Header names compared trimmed and case-insensitively (exports differ in both). */
  columns: z.array(ColumnRuleSchema).max(500),
  /** Placeholders meaning "not answered" in every column, e.g. X Education's `Select`. Empty cells always are. */
  missingValues: z.array(z.string()).default([]),
  /** Columns deliberately not imported; every other unmapped column is reported, never dropped unseen. */
  ignore: z.array(z.string()).default([]),
  /** Constant values for every row, e.g. `{ "source.channel": "import" }`; a mapped non-missing cell wins. */
  defaults: z.record(ImportTargetSchema, MappedValueSchema).default({}),
  description: z.string().max(2000).optional(),
});
export type ColumnMapping = z.infer<typeof ColumnMappingSchema>;
export type ColumnMappingInput = z.input<typeof ColumnMappingSchema>;
