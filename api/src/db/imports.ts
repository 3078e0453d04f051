import { and, asc, desc, eq, gt, type SQL } from 'drizzle-orm';
import type { DbOrTx } from './client';
import { importJobs, importRowIssues, leadExternalIds } from './schema';

export type ImportJobRow = typeof importJobs.$inferSelect;
export type NewImportJobRow = typeof importJobs.$inferInsert;
export type ImportRowIssueRow = typeof importRowIssues.$inferSelect;

export function insertImportJob(db: DbOrTx, row: NewImportJobRow): void {
  db.insert(importJobs).values(row).run();
}

export function findImportJob(db: DbOrTx, id: string): ImportJobRow | undefined {
  return db.select().from(importJobs).where(eq(importJobs.id, id)).get();
}

/** Newest first. */
export function listImportJobs(db: DbOrTx, limit: number): ImportJobRow[] {
  return db
    .select()
    .from(importJobs)
    .orderBy(desc(importJobs.createdAt), desc(importJobs.id))
    .limit(limit)
    .all();
}

export function updateImportJob(
  db: DbOrTx,
  id: string,
  changes: Partial<Omit<NewImportJobRow, 'id' | 'createdAt'>>,
): void {
  db.update(importJobs).set(changes).where(eq(importJobs.id, id)).run();
}

export function insertImportRowIssues(db: DbOrTx, rows: ImportRowIssueRow[]): void {
  // SQLite caps bound parameters per statement: insert in slices.
  for (let start = 0; start < rows.length; start += 100) {
    db.insert(importRowIssues)
      .values(rows.slice(start, start + 100))
      .run();
  }
}

/** In row order; `afterRow` continues a previous page. */
export function listImportRowIssues(
  db: DbOrTx,
  jobId: string,
  options: { kind?: ImportRowIssueRow['kind'] | undefined; afterRow?: number | undefined; limit: number },
): ImportRowIssueRow[] {
  const conditions: SQL[] = [eq(importRowIssues.jobId, jobId)];
  if (options.kind !== undefined) conditions.push(eq(importRowIssues.kind, options.kind));
  if (options.afterRow !== undefined) conditions.push(gt(importRowIssues.rowNumber, options.afterRow));
  return db
    .select()
    .from(importRowIssues)
    .where(and(...conditions))
    .orderBy(asc(importRowIssues.rowNumber))
    .limit(options.limit)
    .all();
}

export function findLeadIdByExternalId(db: DbOrTx, system: string, externalId: string): string | undefined {
  return db
    .select({ leadId: leadExternalIds.leadId })
    .from(leadExternalIds)
    .where(and(eq(leadExternalIds.system, system), eq(leadExternalIds.externalId, externalId)))
    .get()?.leadId;
}

export function insertLeadExternalId(
  db: DbOrTx,
  row: { system: string; externalId: string; leadId: string },
): void {
  db.insert(leadExternalIds).values(row).run();
}
