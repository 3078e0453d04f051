import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LeadWithOutcome } from '@leadlight/contract';
import { mapRows, xEducationMapping } from '@leadlight/import';
import { parse } from 'csv-parse/sync';

const csvPath = fileURLToPath(new URL('../../fixtures/leads/x-education-leads.csv', import.meta.url));

/** The 9,240 X Education leads with their outcomes, mapped by the importer's own preset. */
export function loadXEducationLeads(): LeadWithOutcome[] {
  const [header, ...rows] = parse(readFileSync(csvPath), { skip_empty_lines: true }) as string[][];
  if (header === undefined) throw new Error(`${csvPath} is empty`);
  return mapRows(header, rows, xEducationMapping).map((result) => {
    if (!result.ok || result.outcome === undefined) throw new Error(`row ${result.rowNumber} does not map`);
    return { lead: result.lead, converted: result.outcome.converted };
  });
}

/** Draws `count` leads with replacement, from a seeded generator (mulberry32) so every run uses the same set. */
export function resampleLeads<T>(source: readonly T[], count: number, seed: number): T[] {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return Array.from({ length: count }, () => source[Math.floor(next() * source.length)]!);
}
