/**
 * Loads the X Education fixture twice over, row for row: as Leads with outcomes through the `x-education` preset
 * of @leadlight/import (the mapping the API's importer uses; no private copy here) and as raw records for the
 * baseline. Split with one seed so the ruleset and the baseline see the very same train and test leads.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LeadWithOutcome } from '@leadlight/contract';
import { mapRows, xEducationMapping } from '@leadlight/import';
import { parse } from 'csv-parse/sync';
import type { RawLeadRow } from './baseline';
import { splitStratified } from './split';

export const xEducationCsvPath = fileURLToPath(
  new URL('../fixtures/leads/x-education-leads.csv', import.meta.url),
);

/** The split every figure in README.md uses. */
export const splitSettings = { trainShare: 0.7, seed: 20_261_124 } as const;

/** Scoring instant for backtests: these rows carry no dates, so nothing depends on it; fixed for determinism. */
export const backtestNow = '2026-01-01T00:00:00.000Z';

export interface XEducationRecord {
  /** Prospect ID. */
  externalId: string;
  raw: RawLeadRow;
  withOutcome: LeadWithOutcome;
}

export function loadXEducation(path: string = xEducationCsvPath): XEducationRecord[] {
  const [header, ...rows] = parse(readFileSync(path), { skip_empty_lines: true }) as string[][];
  if (header === undefined) throw new Error(`${path} is empty`);
  const mapped = mapRows(header, rows, xEducationMapping);
  return mapped.map((result, index) => {
    if (!result.ok) {
      const problems = result.errors.map((error) => `${error.column}: ${error.message}`).join('; ');
      throw new Error(`row ${result.rowNumber} of ${path} does not map: ${problems}`);
    }
    if (result.outcome === undefined || result.externalId === undefined) {
      throw new Error(`row ${result.rowNumber} of ${path} has no Converted outcome or Prospect ID`);
    }
    const cells = rows[index] as string[];
    const raw = Object.fromEntries(header.map((column, columnIndex) => [column, cells[columnIndex] ?? '']));
    return {
      externalId: result.externalId,
      raw,
      withOutcome: { lead: result.lead, converted: result.outcome.converted },
    };
  });
}

export function splitXEducation(records: readonly XEducationRecord[]) {
  return splitStratified(records, (record) => record.withOutcome.converted, splitSettings);
}
