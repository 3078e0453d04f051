import type { Ruleset, Team } from '@leadlight/contract';
import { and, asc, desc, eq, isNotNull, max } from 'drizzle-orm';
import type { DbOrTx } from './client';
import { leads, rulesetApprovals, rulesetVersions, users } from './schema';

export type RulesetVersionRow = typeof rulesetVersions.$inferSelect;
export type NewRulesetVersionRow = typeof rulesetVersions.$inferInsert;

export interface RulesetApprovalRow {
  userId: string;
  userName: string;
  team: Team;
  approvedAt: string;
}

/** The identity of the active version (no definition): the per-request check of the compiled-ruleset cache. */
export function findActiveRulesetRef(
  db: DbOrTx,
): { rulesetId: string; version: number; definitionHash: string } | undefined {
  return db
    .select({
      rulesetId: rulesetVersions.rulesetId,
      version: rulesetVersions.version,
      definitionHash: rulesetVersions.definitionHash,
    })
    .from(rulesetVersions)
    .where(eq(rulesetVersions.state, 'active'))
    .get();
}

export function findRulesetVersion(
  db: DbOrTx,
  rulesetId: string,
  version: number,
): RulesetVersionRow | undefined {
  return db
    .select()
    .from(rulesetVersions)
    .where(and(eq(rulesetVersions.rulesetId, rulesetId), eq(rulesetVersions.version, version)))
    .get();
}

export function findActiveRulesetVersion(db: DbOrTx): RulesetVersionRow | undefined {
  return db.select().from(rulesetVersions).where(eq(rulesetVersions.state, 'active')).get();
}

/** Every version of every ruleset, newest first within a ruleset. */
export function listRulesetVersions(db: DbOrTx, rulesetId?: string): RulesetVersionRow[] {
  const query = db.select().from(rulesetVersions);
  const filtered = rulesetId === undefined ? query : query.where(eq(rulesetVersions.rulesetId, rulesetId));
  return filtered.orderBy(asc(rulesetVersions.rulesetId), desc(rulesetVersions.version)).all();
}

export function findLatestRulesetVersionNumber(db: DbOrTx, rulesetId: string): number {
  const row = db
    .select({ latest: max(rulesetVersions.version) })
    .from(rulesetVersions)
    .where(eq(rulesetVersions.rulesetId, rulesetId))
    .get();
  return row?.latest ?? 0;
}

export function insertRulesetVersion(db: DbOrTx, row: NewRulesetVersionRow): void {
  db.insert(rulesetVersions).values(row).run();
}

export function updateRulesetVersion(
  db: DbOrTx,
  rulesetId: string,
  version: number,
  changes: Partial<Omit<NewRulesetVersionRow, 'rulesetId' | 'version'>>,
): void {
  db.update(rulesetVersions)
    .set(changes)
    .where(and(eq(rulesetVersions.rulesetId, rulesetId), eq(rulesetVersions.version, version)))
    .run();
}

export function listRulesetApprovals(db: DbOrTx, rulesetId: string, version: number): RulesetApprovalRow[] {
  return db
    .select({
      userId: rulesetApprovals.userId,
      userName: users.name,
      team: rulesetApprovals.team,
      approvedAt: rulesetApprovals.approvedAt,
    })
    .from(rulesetApprovals)
    .innerJoin(users, eq(users.id, rulesetApprovals.userId))
    .where(and(eq(rulesetApprovals.rulesetId, rulesetId), eq(rulesetApprovals.version, version)))
    .orderBy(asc(rulesetApprovals.approvedAt), asc(rulesetApprovals.userId))
    .all();
}

export function insertRulesetApproval(
  db: DbOrTx,
  approval: { rulesetId: string; version: number; userId: string; team: Team; approvedAt: string },
): void {
  db.insert(rulesetApprovals).values(approval).onConflictDoNothing().run();
}

export function deleteRulesetApprovals(db: DbOrTx, rulesetId: string, version: number): void {
  db.delete(rulesetApprovals)
    .where(and(eq(rulesetApprovals.rulesetId, rulesetId), eq(rulesetApprovals.version, version)))
    .run();
}

/** Every lead id, for rescoring on activation (ordered, so a run is reproducible). */
export function listAllLeadIds(db: DbOrTx): string[] {
  return db
    .select({ id: leads.id })
    .from(leads)
    .orderBy(asc(leads.id))
    .all()
    .map((row) => row.id);
}

/** Leads with a known outcome (imported history): what backtests and comparisons run on. */
export function listLeadIdsWithOutcome(db: DbOrTx): { id: string; hasConverted: boolean }[] {
  return db
    .select({ id: leads.id, hasConverted: leads.hasConverted })
    .from(leads)
    .where(isNotNull(leads.hasConverted))
    .orderBy(asc(leads.createdAt), asc(leads.id))
    .all()
    .map((row) => ({ id: row.id, hasConverted: row.hasConverted === true }));
}

export function readRulesetDefinition(row: RulesetVersionRow): Ruleset {
  return row.definition as Ruleset;
}
