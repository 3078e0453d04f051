import type { Erasure } from '@leadlight/contract';
import { and, asc, desc, eq, isNotNull, like, or } from 'drizzle-orm';
import type { DbOrTx } from './client';
import {
  engagementEvents,
  erasures,
  followUps,
  history,
  idempotencyKeys,
  importRowIssues,
  leadExternalIds,
  leadIdentities,
  notes,
  qualificationAnswers,
  stageMoves,
} from './schema';

/*
 * Queries of the privacy service: reading everything held about one lead, and blanking it in place. Rows are kept
 * (counts, stage moves and attempts feed the stats); only their personal content is removed.
 */

export function listIdentitiesOfLead(db: DbOrTx, leadId: string): { kind: string; value: string }[] {
  return db
    .select({ kind: leadIdentities.kind, value: leadIdentities.value })
    .from(leadIdentities)
    .where(eq(leadIdentities.leadId, leadId))
    .orderBy(asc(leadIdentities.kind), asc(leadIdentities.value))
    .all();
}

export function listExternalIdsOfLead(db: DbOrTx, leadId: string): { system: string; externalId: string }[] {
  return db
    .select({ system: leadExternalIds.system, externalId: leadExternalIds.externalId })
    .from(leadExternalIds)
    .where(eq(leadExternalIds.leadId, leadId))
    .orderBy(asc(leadExternalIds.system), asc(leadExternalIds.externalId))
    .all();
}

export function listEventRowsOfLead(db: DbOrTx, leadId: string) {
  return db
    .select({
      type: engagementEvents.type,
      at: engagementEvents.at,
      value: engagementEvents.value,
      url: engagementEvents.url,
      detail: engagementEvents.detail,
    })
    .from(engagementEvents)
    .where(eq(engagementEvents.leadId, leadId))
    .orderBy(asc(engagementEvents.at), asc(engagementEvents.id))
    .all();
}

/** The whole history of a lead, oldest first. */
export function listAllHistoryOfLead(db: DbOrTx, leadId: string) {
  return db.select().from(history).where(eq(history.leadId, leadId)).orderBy(asc(history.seq)).all();
}

export function deleteExternalIdsOfLead(db: DbOrTx, leadId: string): number {
  return db.delete(leadExternalIds).where(eq(leadExternalIds.leadId, leadId)).run().changes;
}

export function blankNotesOfLead(db: DbOrTx, leadId: string, placeholder: string, now: string): number {
  return db.update(notes).set({ body: placeholder, updatedAt: now }).where(eq(notes.leadId, leadId)).run()
    .changes;
}

/** Follow-ups stay (attempt counts, time to first touch); their free-text note goes. */
export function blankFollowUpNotesOfLead(db: DbOrTx, leadId: string): number {
  return db.update(followUps).set({ note: null }).where(eq(followUps.leadId, leadId)).run().changes;
}

/** Stage moves stay (waterfall stats) with their reason code; the free-text reason goes. */
export function blankStageMoveTextsOfLead(db: DbOrTx, leadId: string): number {
  return db.update(stageMoves).set({ reasonText: null }).where(eq(stageMoves.leadId, leadId)).run().changes;
}

export function blankQualificationValuesOfLead(db: DbOrTx, leadId: string): number {
  return db
    .update(qualificationAnswers)
    .set({ value: null })
    .where(eq(qualificationAnswers.leadId, leadId))
    .run().changes;
}

/** Events stay (type, time, quantity); the URL and detail, which can name the person, go. */
export function blankEventDetailsOfLead(db: DbOrTx, leadId: string): number {
  return db
    .update(engagementEvents)
    .set({ url: null, detail: null })
    .where(eq(engagementEvents.leadId, leadId))
    .run().changes;
}

/** History entries stay (who did what when); their before / after payloads go. */
export function blankHistoryPayloadsOfLead(db: DbOrTx, leadId: string): number {
  return db
    .update(history)
    .set({ before: null, after: null })
    .where(and(eq(history.leadId, leadId), or(isNotNull(history.before), isNotNull(history.after))))
    .run().changes;
}

export function deleteImportRowIssuesOfLead(db: DbOrTx, leadId: string): number {
  return db.delete(importRowIssues).where(eq(importRowIssues.leadId, leadId)).run().changes;
}

/** Stored idempotent responses (kept ≥ 24 h) may repeat a note or the lead: those naming the lead are dropped. */
export function deleteIdempotencyRecordsNaming(db: DbOrTx, leadId: string): number {
  return db
    .delete(idempotencyKeys)
    .where(like(idempotencyKeys.responseBody, `%${leadId.replace(/[\\%_]/g, '')}%`))
    .run().changes;
}

function toErasure(row: typeof erasures.$inferSelect): Erasure {
  return { ...row, counts: row.counts as Erasure['counts'] };
}

export function insertErasure(db: DbOrTx, erasure: Erasure): void {
  db.insert(erasures).values(erasure).run();
}

export function findErasureOfLead(db: DbOrTx, leadId: string): Erasure | undefined {
  const row = db.select().from(erasures).where(eq(erasures.leadId, leadId)).get();
  return row ? toErasure(row) : undefined;
}

/** Newest first. */
export function listErasures(db: DbOrTx, limit: number): Erasure[] {
  return db
    .select()
    .from(erasures)
    .orderBy(desc(erasures.erasedAt), desc(erasures.id))
    .limit(limit)
    .all()
    .map(toErasure);
}
