import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

/**
 * How the demo lays the X Education export out in time. The export has no dates; its `Lead Number` is the CRM's
 * sequence (the file lists it newest first). The demo keeps that order and spreads the leads evenly over the past
 * year: the newest `openShare` of them fall in the last `openDays` days and are still open (their `Converted` is
 * withheld: nobody knows yet, and so are `Tags` and `Lead Quality`, which X Education's sales team wrote after
 * contact — "Closed by Horizzon" on a lead nobody has called yet would give the outcome away; the demo's rep learns
 * the tag by working the lead), the rest are closed history with their real outcome. Deterministic: same file and
 * `now`, same plan.
 */
export const demoTimeline = {
  /** Share of the leads, newest by Lead Number, left open for sales to work: 2% (185 of the 9,240). */
  openShare: 0.02,
  /** The open leads arrived over the last week… */
  openDays: 7,
  /** …the closed ones over the 51 weeks before it. */
  historyDays: 357,
} as const;

/** Columns the demo adds to the file it imports (and maps with the preset's columns). */
export const createdAtColumn = 'Demo Created At';
export const stageColumn = 'Demo Stage';

export interface DemoLeadPlan {
  prospectId: string;
  createdAt: string;
  /** Open: sales has not finished with it; its outcome is withheld from the database. */
  isOpen: boolean;
  /** What the X Education sales team recorded about the lead (the `Tags` column); null when blank. */
  salesTag: string | null;
  hasConverted: boolean;
}

export interface XEducationDemoPlan {
  /** The file as imported: the original columns (after-contact ones blank for open leads) plus the two demo columns. */
  csv: Uint8Array;
  leads: DemoLeadPlan[];
}

const dayMs = 86_400_000;

function readColumn(header: string[], name: string): number {
  const index = header.indexOf(name);
  if (index === -1) throw new Error(`The X Education file has no "${name}" column`);
  return index;
}

/** Rewrites the X Education CSV for the demo (see `demoTimeline`); converted closed leads are imported as won. */
export function planXEducationDemo(csv: string | Uint8Array, now: Date): XEducationDemoPlan {
  const text = typeof csv === 'string' ? csv : new TextDecoder().decode(csv);
  const records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
  const [header, ...rows] = records;
  if (!header) throw new Error('The X Education file is empty');
  const idColumn = readColumn(header, 'Prospect ID');
  const numberColumn = readColumn(header, 'Lead Number');
  const convertedColumn = readColumn(header, 'Converted');
  const tagsColumn = readColumn(header, 'Tags');
  const qualityColumn = readColumn(header, 'Lead Quality');

  // Oldest first: ascending Lead Number (file position breaks ties, so the order is total).
  const order = rows
    .map((row, index) => ({ row, index, number: Number(row[numberColumn]) }))
    .sort((a, b) => a.number - b.number || b.index - a.index);
  const openCount = Math.round(order.length * demoTimeline.openShare);
  const historyCount = order.length - openCount;
  const openStart = now.getTime() - demoTimeline.openDays * dayMs;
  const historyStart = openStart - demoTimeline.historyDays * dayMs;

  const planned = new Map<number, { createdAt: string; isOpen: boolean }>();
  order.forEach((entry, rank) => {
    const isOpen = rank >= historyCount;
    const [start, span, position, count] = isOpen
      ? [openStart, demoTimeline.openDays * dayMs, rank - historyCount, openCount]
      : [historyStart, demoTimeline.historyDays * dayMs, rank, historyCount];
    // Whole minutes, evenly spaced inside the window (never at its end: the newest lead is before `now`).
    const at = start + Math.floor((span * position) / Math.max(count, 1) / 60_000) * 60_000;
    planned.set(entry.index, { createdAt: new Date(at).toISOString(), isOpen });
  });

  const leads: DemoLeadPlan[] = [];
  const output = rows.map((row, index) => {
    const plan = planned.get(index);
    if (!plan) throw new Error(`row ${index + 2} was not planned`);
    const hasConverted = row[convertedColumn] === '1';
    leads.push({
      prospectId: row[idColumn] ?? '',
      createdAt: plan.createdAt,
      isOpen: plan.isOpen,
      salesTag: row[tagsColumn] ? (row[tagsColumn] ?? null) : null,
      hasConverted,
    });
    const cells = [...row];
    if (plan.isOpen) {
      cells[convertedColumn] = '';
      cells[tagsColumn] = '';
      cells[qualityColumn] = '';
    }
    const stage = !plan.isOpen && hasConverted ? 'won' : '';
    return [...cells, plan.createdAt, stage];
  });
  const rewritten = stringify([[...header, createdAtColumn, stageColumn], ...output]);
  return { csv: new TextEncoder().encode(rewritten), leads };
}
