import {
  type ColumnMapping,
  ColumnMappingSchema,
  type ColumnRule,
  type ImportTargetType,
  importTargetTypes,
  type Lead,
  LeadSchema,
  type LeadWithOutcome,
} from '@leadlight/contract';
import { applyTransform, type CellValue, type CoercedValue, coerceToTarget, quote } from './transform-value';

export type RowError = { column: string; message: string };

/** What became of a historical lead, read from the file: for backtests, never stored as a lead field. */
export type ImportOutcome = { converted: boolean; revenue?: number; convertedAt?: string };

export type MappedRow =
  | { rowNumber: number; ok: true; lead: Lead; externalId?: string; outcome?: ImportOutcome }
  | { rowNumber: number; ok: false; errors: RowError[]; externalId?: string };

export type MapRowsOptions = {
  /**
   * Row number of `rows[0]`. Default 2: the header is row 1, as a spreadsheet shows it. Callers streaming records
   * (csv-parse's `info.records`) pass their own numbers to `mapRow` instead.
   */
  firstRowNumber?: number;
};

export type RowMapper = {
  mapping: ColumnMapping;
  /** Header columns some rule reads. */
  mappedColumns: string[];
  /** Header columns listed in `ignore`. */
  ignoredColumns: string[];
  /** Header columns neither mapped nor ignored: not imported, and the importer should say so. */
  unmappedColumns: string[];
  /** Columns the mapping names that the file does not have (absent optional columns are normal across exports). */
  absentColumns: string[];
  /** Problems with the header itself; when not empty, every row fails with them. */
  headerErrors: RowError[];
  mapRow(row: readonly string[], rowNumber: number): MappedRow;
  /** Only the outcome of a row (e.g. X Education's `Converted`), for callers that need nothing else. */
  readOutcome(row: readonly string[]): ImportOutcome | undefined;
};

/** Header names are matched trimmed and case-insensitively: `SICCode__c` and `SicCode__c` are one column. */
export function normalizeHeaderName(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase();
}

type CompiledRule = {
  rule: ColumnRule;
  label: string;
  indexes: number[];
  type: ImportTargetType;
  missing: Set<string>;
};

type Draft = {
  fields: Map<string, { value: CoercedValue; column: string }>;
  errors: RowError[];
};

function targetType(path: string): ImportTargetType {
  return Object.hasOwn(importTargetTypes, path)
    ? importTargetTypes[path as keyof typeof importTargetTypes]
    : 'any';
}

/** Prepares a mapping for one file's header; call `mapRow` for each record (streaming) or use `mapRows`. */
export function createRowMapper(header: readonly string[], mapping: ColumnMapping): RowMapper {
  const positions = new Map<string, number[]>();
  header.forEach((name, index) => {
    const key = normalizeHeaderName(name);
    positions.set(key, [...(positions.get(key) ?? []), index]);
  });

  const headerErrors: RowError[] = [];
  const used = new Set<number>();
  const absent = new Set<string>();
  const globalMissing = new Set(['', ...mapping.missingValues]);
  const compiled: CompiledRule[] = [];
  for (const rule of mapping.columns) {
    const sources = typeof rule.column === 'string' ? [rule.column] : rule.column;
    const indexes: number[] = [];
    for (const source of sources) {
      const found = positions.get(normalizeHeaderName(source));
      if (!found) {
        absent.add(source);
        continue;
      }
      if (found.length > 1) {
        headerErrors.push({
          column: source,
          message: `the header has ${found.length} columns named ${quote(source)}`,
        });
      }
      indexes.push(found[0] as number);
      used.add(found[0] as number);
    }
    const label = sources.join(' + ');
    if (indexes.length === 0 && rule.required) {
      headerErrors.push({ column: label, message: `required column ${quote(label)} is not in the file` });
    }
    if (indexes.length > 0 || rule.required) {
      compiled.push({
        rule,
        label,
        indexes,
        type: targetType(rule.to),
        missing: new Set([...globalMissing, ...rule.missingValues]),
      });
    }
  }

  const ignored = new Set(mapping.ignore.map(normalizeHeaderName));
  const mappedColumns: string[] = [];
  const ignoredColumns: string[] = [];
  const unmappedColumns: string[] = [];
  header.forEach((name, index) => {
    if (used.has(index)) mappedColumns.push(name);
    else if (ignored.has(normalizeHeaderName(name))) ignoredColumns.push(name);
    else unmappedColumns.push(name);
  });

  function readRule(row: readonly string[], entry: CompiledRule, draft: Draft): void {
    const present = entry.indexes
      .map((index) => (row[index] ?? '').trim())
      .filter((cell) => !entry.missing.has(cell));
    if (present.length === 0) {
      if (entry.rule.required)
        draft.errors.push({ column: entry.label, message: `${entry.rule.to} is required` });
      return;
    }
    let value: CellValue | null = present.join(entry.rule.join);
    for (const transform of entry.rule.transforms) {
      const step = applyTransform(value, transform);
      if (!step.ok) {
        draft.errors.push({ column: entry.label, message: `${entry.rule.to}: ${step.message}` });
        return;
      }
      value = step.value;
      if (value === null) break;
    }
    if (value === null) {
      if (entry.rule.required)
        draft.errors.push({ column: entry.label, message: `${entry.rule.to} is required` });
      return;
    }
    const coerced = coerceToTarget(value, entry.type, entry.rule.to);
    if (!coerced.ok) {
      draft.errors.push({ column: entry.label, message: coerced.message });
      return;
    }
    assign(draft, entry.rule.to, coerced.value, entry.label, entry.type);
  }

  function mapRow(row: readonly string[], rowNumber: number): MappedRow {
    const draft: Draft = { fields: new Map(), errors: [...headerErrors] };
    const extra = row.slice(header.length).filter((cell) => cell.trim() !== '');
    if (extra.length > 0) {
      draft.errors.push({
        column: `(${row.length} cells)`,
        message: `the row has ${row.length} cells but the header ${header.length}: values past the last column would be lost`,
      });
    }
    for (const entry of compiled) readRule(row, entry, draft);
    for (const [path, value] of Object.entries(mapping.defaults)) {
      if (value === null || draft.fields.has(path)) continue;
      const coerced = coerceToTarget(value, targetType(path), path);
      if (coerced.ok) assign(draft, path, coerced.value, '(default)', targetType(path));
      else draft.errors.push({ column: '(default)', message: coerced.message });
    }
    const externalValue = draft.fields.get('externalId')?.value;
    const externalId = typeof externalValue === 'string' ? externalValue : undefined;
    const withId = <T extends object>(result: T) =>
      externalId === undefined ? result : { ...result, externalId };
    if (draft.errors.length > 0) return withId({ rowNumber, ok: false as const, errors: draft.errors });

    const parsed = LeadSchema.safeParse(buildLead(draft));
    if (!parsed.success) {
      const errors = parsed.error.issues.map((issue) => ({
        column: columnForPath(draft, issue.path.map(String)),
        message: `${issue.path.join('.')}: ${issue.message}`,
      }));
      return withId({ rowNumber, ok: false as const, errors });
    }
    const outcome = readOutcomeFrom(draft);
    return withId({ rowNumber, ok: true as const, lead: parsed.data, ...(outcome ? { outcome } : {}) });
  }

  function readOutcome(row: readonly string[]): ImportOutcome | undefined {
    const draft: Draft = { fields: new Map(), errors: [] };
    for (const entry of compiled) if (entry.rule.to.startsWith('outcome.')) readRule(row, entry, draft);
    return draft.errors.length > 0 ? undefined : readOutcomeFrom(draft);
  }

  return {
    mapping,
    mappedColumns,
    ignoredColumns,
    unmappedColumns,
    absentColumns: [...absent],
    headerErrors,
    mapRow,
    readOutcome,
  };
}

function assign(
  draft: Draft,
  path: string,
  value: CoercedValue,
  column: string,
  type: ImportTargetType,
): void {
  const existing = draft.fields.get(path);
  if (!existing) {
    draft.fields.set(path, { value: Array.isArray(value) ? [...new Set(value)] : value, column });
    return;
  }
  if (type === 'strings' && Array.isArray(existing.value) && Array.isArray(value)) {
    const merged = [...existing.value];
    for (const item of value) if (!merged.includes(item)) merged.push(item);
    draft.fields.set(path, { value: merged, column: `${existing.column}, ${column}` });
    return;
  }
  if (existing.value !== value) {
    // Two columns feeding one single-valued field with different values: keeping either would drop the other unseen.
    draft.errors.push({
      column,
      message: `${path} is already ${quote(existing.value)} from ${quote(existing.column)}; this column says ${quote(value)}`,
    });
  }
}

/** Nests `person.firstName`-style paths into the Lead shape. */
function buildLead(draft: Draft): Record<string, unknown> {
  const groups = new Map<string, Record<string, unknown>>();
  const lead: Record<string, unknown> = {};
  for (const [path, { value }] of draft.fields) {
    if (path === 'externalId' || path.startsWith('outcome.')) continue;
    const dot = path.indexOf('.');
    if (dot === -1) {
      lead[path] = value;
      continue;
    }
    const name = path.slice(0, dot);
    const group = groups.get(name) ?? {};
    // defineProperty: an admin's custom key such as "__proto__" stays a plain own property.
    Object.defineProperty(group, path.slice(dot + 1), {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
    groups.set(name, group);
  }
  for (const [name, group] of groups) lead[name] = group;
  return lead;
}

function columnForPath(draft: Draft, path: string[]): string {
  for (let length = Math.min(path.length, 2); length > 0; length--) {
    const field = draft.fields.get(path.slice(0, length).join('.'));
    if (field) return field.column;
  }
  return '(lead)';
}

function readOutcomeFrom(draft: Draft): ImportOutcome | undefined {
  const converted = draft.fields.get('outcome.converted')?.value;
  if (typeof converted !== 'boolean') return undefined;
  const revenue = draft.fields.get('outcome.revenue')?.value;
  const convertedAt = draft.fields.get('outcome.convertedAt')?.value;
  return {
    converted,
    ...(typeof revenue === 'number' ? { revenue } : {}),
    ...(typeof convertedAt === 'string' ? { convertedAt } : {}),
  };
}

/**
 * Maps already-parsed rows to lead drafts, one result per row in order. Never throws on row data: a bad row becomes
 * `{ ok: false, errors }` naming the column and the value, and the rest go on.
 */
export function mapRows(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  mapping: ColumnMapping,
  options: MapRowsOptions = {},
): MappedRow[] {
  const mapper = createRowMapper(header, mapping);
  const first = options.firstRowNumber ?? 2;
  return rows.map((row, index) => mapper.mapRow(row, first + index));
}

export type ParseMappingResult =
  | { ok: true; mapping: ColumnMapping }
  | { ok: false; errors: Array<{ path: string; message: string }> };

/** Validates a user-supplied mapping (e.g. `--map FILE.json`); never throws. */
export function parseColumnMapping(json: unknown): ParseMappingResult {
  const parsed = ColumnMappingSchema.safeParse(json);
  if (parsed.success) return { ok: true, mapping: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
  };
}

/** The accepted rows that carry an outcome, in the shape `backtest` takes; rows without one are skipped. */
export function toLeadsWithOutcomes(results: readonly MappedRow[]): LeadWithOutcome[] {
  const leads: LeadWithOutcome[] = [];
  for (const row of results) {
    if (row.ok && row.outcome) leads.push({ lead: row.lead, ...row.outcome });
  }
  return leads;
}
