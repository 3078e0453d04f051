import type {
  Company,
  CustomAttributesSchema,
  EngagementEvent,
  EngagementTotals,
  Identities,
  Person,
  QualificationAnswerView,
  Source,
} from '@leadlight/contract';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { IdentityKey } from '../lib/identity-keys';
import type { DbOrTx } from './client';
import { prepareOnce } from './prepared';
import { engagementEvents, leadFlags, leadIdentities, leads, leadTags, qualificationAnswers } from './schema';

export type LeadRow = typeof leads.$inferSelect;
export type NewLeadRow = typeof leads.$inferInsert;

/** The JSON part of a lead row: the contract's sections that no filter reads. */
export interface LeadProfile {
  person: Person;
  company: Company;
  identities: Identities;
  source: Source;
  totals: EngagementTotals;
  custom: z.infer<typeof CustomAttributesSchema>;
}

/** A lead row with its child rows: everything a view or the scoring needs (events are loaded separately). */
export interface LeadRecord {
  row: LeadRow;
  profile: LeadProfile;
  tags: string[];
  flags: string[];
  qualification: QualificationAnswerView[];
}

export function readProfile(row: LeadRow): LeadProfile {
  const stored = (row.profile ?? {}) as Partial<LeadProfile>;
  return {
    person: stored.person ?? {},
    company: stored.company ?? {},
    identities: stored.identities ?? { emails: [], phones: [] },
    source: stored.source ?? {},
    totals: stored.totals ?? {},
    custom: stored.custom ?? {},
  };
}

/** The overlay's hot path: one primary-key read on (kind, value). */
export function findLeadIdByIdentity(db: DbOrTx, key: IdentityKey): string | undefined {
  const query = prepareOnce(db, 'findLeadIdByIdentity', (handle) =>
    handle
      .select({ leadId: leadIdentities.leadId })
      .from(leadIdentities)
      .where(
        and(
          eq(leadIdentities.kind, sql.placeholder('kind')),
          eq(leadIdentities.value, sql.placeholder('value')),
        ),
      )
      .prepare(),
  );
  return query.get({ kind: key.kind, value: key.value })?.leadId;
}

/** Leads matching a domain or a name key, best first (highest score, then most recently updated). */
export function findLeadIdsByColumn(
  db: DbOrTx,
  column: 'companyDomain' | 'nameKey',
  value: string,
  limit: number,
): string[] {
  return db
    .select({ id: leads.id })
    .from(leads)
    .where(eq(leads[column], value))
    .orderBy(sql`coalesce(${leads.score}, -2147483648) desc`, desc(leads.updatedAt), asc(leads.id))
    .limit(limit)
    .all()
    .map((row) => row.id);
}

/** Whether the lead exists, without reading (and mapping) its row: writes that only hang something off a lead. */
export function hasLead(db: DbOrTx, id: string): boolean {
  const query = prepareOnce(db, 'hasLead', (handle) =>
    handle
      .select({ id: leads.id })
      .from(leads)
      .where(eq(leads.id, sql.placeholder('id')))
      .prepare(),
  );
  return query.get({ id }) !== undefined;
}

export function findLeadRow(db: DbOrTx, id: string): LeadRow | undefined {
  const query = prepareOnce(db, 'findLeadRow', (handle) =>
    handle
      .select()
      .from(leads)
      .where(eq(leads.id, sql.placeholder('id')))
      .prepare(),
  );
  return query.get({ id });
}

export function listQualificationAnswers(db: DbOrTx, leadId: string): QualificationAnswerView[] {
  const query = prepareOnce(db, 'listQualificationAnswers', (handle) =>
    handle
      .select()
      .from(qualificationAnswers)
      .where(eq(qualificationAnswers.leadId, sql.placeholder('leadId')))
      .orderBy(asc(qualificationAnswers.itemId))
      .prepare(),
  );
  return query.all({ leadId }).map((row) => ({
    itemId: row.itemId,
    state: row.state,
    value: row.value,
    answeredBy: row.answeredBy,
    answeredAt: row.answeredAt,
  }));
}

export function loadLead(db: DbOrTx, id: string): LeadRecord | undefined {
  const row = findLeadRow(db, id);
  return row ? completeLeadRecord(db, row) : undefined;
}

/** A lead row with its tags, flags and qualification answers. */
function completeLeadRecord(db: DbOrTx, row: LeadRow): LeadRecord {
  const id = row.id;
  const tags = prepareOnce(db, 'listLeadTags', (handle) =>
    handle
      .select({ tag: leadTags.tag })
      .from(leadTags)
      .where(eq(leadTags.leadId, sql.placeholder('id')))
      .orderBy(asc(leadTags.tag))
      .prepare(),
  );
  const flags = prepareOnce(db, 'listLeadFlags', (handle) =>
    handle
      .select({ flag: leadFlags.flag })
      .from(leadFlags)
      .where(eq(leadFlags.leadId, sql.placeholder('id')))
      .orderBy(asc(leadFlags.flag))
      .prepare(),
  );
  return {
    row,
    profile: readProfile(row),
    tags: tags.all({ id }).map((tag) => tag.tag),
    flags: flags.all({ id }).map((flag) => flag.flag),
    qualification: listQualificationAnswers(db, id),
  };
}

/** Tags and flags of many leads at once (lists), keyed by lead id. */
export function loadTagsAndFlags(
  db: DbOrTx,
  ids: string[],
): Map<string, { tags: string[]; flags: string[] }> {
  const result = new Map(ids.map((id) => [id, { tags: [] as string[], flags: [] as string[] }]));
  if (ids.length === 0) return result;
  for (const row of db
    .select()
    .from(leadTags)
    .where(inArray(leadTags.leadId, ids))
    .orderBy(asc(leadTags.tag))
    .all()) {
    result.get(row.leadId)?.tags.push(row.tag);
  }
  for (const row of db
    .select()
    .from(leadFlags)
    .where(inArray(leadFlags.leadId, ids))
    .orderBy(asc(leadFlags.flag))
    .all()) {
    result.get(row.leadId)?.flags.push(row.flag);
  }
  return result;
}

export function loadLeadEvents(db: DbOrTx, leadId: string): EngagementEvent[] {
  return db
    .select()
    .from(engagementEvents)
    .where(eq(engagementEvents.leadId, leadId))
    .orderBy(asc(engagementEvents.at))
    .all()
    .map((row) => {
      const event: EngagementEvent = { type: row.type as EngagementEvent['type'], at: row.at };
      if (row.value !== null) event.value = row.value;
      if (row.url !== null) event.url = row.url;
      if (row.detail !== null) event.detail = row.detail;
      return event;
    });
}

export function insertLeadRow(db: DbOrTx, row: NewLeadRow): void {
  db.insert(leads).values(row).run();
}

/**
 * Writes `changes` only if the stored version is still `expectedVersion`, and bumps it. Returns false when another
 * writer got there first (the caller answers 409).
 */
export function updateLeadRow(
  db: DbOrTx,
  id: string,
  expectedVersion: number,
  changes: Partial<Omit<NewLeadRow, 'id' | 'version'>>,
): boolean {
  const result = db
    .update(leads)
    .set({ ...changes, version: expectedVersion + 1 })
    .where(and(eq(leads.id, id), eq(leads.version, expectedVersion)))
    .run();
  return result.changes === 1;
}

export function replaceLeadIdentities(db: DbOrTx, leadId: string, keys: IdentityKey[]): void {
  db.delete(leadIdentities).where(eq(leadIdentities.leadId, leadId)).run();
  if (keys.length > 0)
    db.insert(leadIdentities)
      .values(keys.map((key) => ({ ...key, leadId })))
      .run();
}

export function replaceLeadTags(db: DbOrTx, leadId: string, tags: string[]): void {
  db.delete(leadTags).where(eq(leadTags.leadId, leadId)).run();
  const unique = [...new Set(tags)];
  if (unique.length > 0)
    db.insert(leadTags)
      .values(unique.map((tag) => ({ leadId, tag })))
      .run();
}

export function replaceLeadFlags(db: DbOrTx, leadId: string, flags: string[]): void {
  db.delete(leadFlags).where(eq(leadFlags.leadId, leadId)).run();
  const unique = [...new Set(flags)];
  if (unique.length > 0)
    db.insert(leadFlags)
      .values(unique.map((flag) => ({ leadId, flag })))
      .run();
}

export function upsertQualificationAnswer(db: DbOrTx, leadId: string, answer: QualificationAnswerView): void {
  db.insert(qualificationAnswers)
    .values({ leadId, ...answer })
    .onConflictDoUpdate({
      target: [qualificationAnswers.leadId, qualificationAnswers.itemId],
      set: {
        state: answer.state,
        value: answer.value,
        answeredBy: answer.answeredBy,
        answeredAt: answer.answeredAt,
      },
    })
    .run();
}
