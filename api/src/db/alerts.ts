import type { Alert, EngagementEvent, IngestKey } from '@leadlight/contract';
import { and, asc, desc, eq, gt, isNull } from 'drizzle-orm';
import type { DbOrTx } from './client';
import { alerts, engagementEvents, ingestKeys, leads, users } from './schema';

/* Ingest keys, engagement events written by the ingest endpoint, and the alerts feed. */

type IngestKeyRow = typeof ingestKeys.$inferSelect;

function toIngestKey(row: IngestKeyRow): IngestKey {
  return {
    id: row.id,
    label: row.label,
    prefix: row.prefix,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
  };
}

export function insertIngestKey(db: DbOrTx, row: typeof ingestKeys.$inferInsert): IngestKey {
  db.insert(ingestKeys).values(row).run();
  return toIngestKey({ lastUsedAt: null, revokedAt: null, createdBy: null, ...row });
}

export function listIngestKeys(db: DbOrTx): IngestKey[] {
  return db
    .select()
    .from(ingestKeys)
    .orderBy(asc(ingestKeys.createdAt), asc(ingestKeys.id))
    .all()
    .map(toIngestKey);
}

export function findIngestKeyById(db: DbOrTx, id: string): IngestKey | undefined {
  const row = db.select().from(ingestKeys).where(eq(ingestKeys.id, id)).get();
  return row ? toIngestKey(row) : undefined;
}

/** A live (not revoked) key by the SHA-256 of its secret. */
export function findLiveIngestKeyByHash(db: DbOrTx, keyHash: string): IngestKey | undefined {
  const row = db
    .select()
    .from(ingestKeys)
    .where(and(eq(ingestKeys.keyHash, keyHash), isNull(ingestKeys.revokedAt)))
    .get();
  return row ? toIngestKey(row) : undefined;
}

export function markIngestKeyRevoked(db: DbOrTx, id: string, now: string): void {
  db.update(ingestKeys).set({ revokedAt: now }).where(eq(ingestKeys.id, id)).run();
}

export function touchIngestKey(db: DbOrTx, id: string, now: string): void {
  db.update(ingestKeys).set({ lastUsedAt: now }).where(eq(ingestKeys.id, id)).run();
}

export function insertEngagementEvent(
  db: DbOrTx,
  event: EngagementEvent & { id: string; leadId: string; createdAt: string },
): void {
  db.insert(engagementEvents)
    .values({
      id: event.id,
      leadId: event.leadId,
      type: event.type,
      at: event.at,
      value: event.value ?? null,
      url: event.url ?? null,
      detail: event.detail ?? null,
      createdAt: event.createdAt,
    })
    .run();
}

/** Active users of a team: the recipients of an unowned lead's alert. */
export function listActiveTeamUserIds(db: DbOrTx, team: 'sales' | 'marketing'): string[] {
  return db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.team, team), isNull(users.disabledAt)))
    .orderBy(asc(users.id))
    .all()
    .map((row) => row.id);
}

export type NewAlertRow = Omit<typeof alerts.$inferInsert, 'seq' | 'readAt'>;

export function insertAlert(db: DbOrTx, row: NewAlertRow): number {
  const inserted = db.insert(alerts).values(row).returning({ seq: alerts.seq }).get();
  return inserted.seq;
}

const alertColumns = {
  seq: alerts.seq,
  kind: alerts.kind,
  leadId: alerts.leadId,
  leadName: leads.fullName,
  label: alerts.label,
  ruleId: alerts.ruleId,
  audience: alerts.audience,
  createdAt: alerts.createdAt,
  readAt: alerts.readAt,
};

/** A user's alerts after `afterSeq` (oldest first), or, without a cursor, their unread ones. */
export function listAlertsForUser(
  db: DbOrTx,
  userId: string,
  options: { afterSeq?: number | undefined; limit: number },
): Alert[] {
  const condition =
    options.afterSeq === undefined
      ? and(eq(alerts.userId, userId), isNull(alerts.readAt))
      : and(eq(alerts.userId, userId), gt(alerts.seq, options.afterSeq));
  return db
    .select(alertColumns)
    .from(alerts)
    .innerJoin(leads, eq(leads.id, alerts.leadId))
    .where(condition)
    .orderBy(asc(alerts.seq))
    .limit(options.limit)
    .all();
}

export function findLatestAlertSeq(db: DbOrTx, userId: string): number {
  const row = db
    .select({ seq: alerts.seq })
    .from(alerts)
    .where(eq(alerts.userId, userId))
    .orderBy(desc(alerts.seq))
    .limit(1)
    .get();
  return row?.seq ?? 0;
}

export function findAlertForUser(db: DbOrTx, userId: string, seq: number): Alert | undefined {
  return db
    .select(alertColumns)
    .from(alerts)
    .innerJoin(leads, eq(leads.id, alerts.leadId))
    .where(and(eq(alerts.seq, seq), eq(alerts.userId, userId)))
    .get();
}

export function markAlertRead(db: DbOrTx, seq: number, now: string): void {
  db.update(alerts)
    .set({ readAt: now })
    .where(and(eq(alerts.seq, seq), isNull(alerts.readAt)))
    .run();
}
