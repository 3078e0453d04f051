import {
  type IngestEvent,
  type IngestEventResult,
  type IngestKey,
  type IngestResponse,
  normalizeEmail,
  normalizeLinkedinUrl,
  normalizePhone,
} from '@leadlight/contract';
import { getActiveRuleset } from '../db/active-ruleset';
import {
  findIngestKeyById,
  findLiveIngestKeyByHash,
  insertEngagementEvent,
  insertIngestKey,
  markIngestKeyRevoked,
  touchIngestKey,
} from '../db/alerts';
import type { DbOrTx } from '../db/client';
import { appendHistory } from '../db/history';
import { findLeadIdByIdentity, findLeadRow } from '../db/leads';
import { conflict, notFound } from '../lib/errors';
import { createId, createToken, hashSha256 } from '../lib/ids';
import { rescoreLeadAndAlert } from './alerts';

/* Engagement ingest: revocable keys, matching events to leads, recording them and rescoring (with alerts). */

const ingestKeyPrefix = 'lli_';

export function issueIngestKey(
  db: DbOrTx,
  label: string,
  context: { actorId: string; now: Date },
): { key: IngestKey; secret: string } {
  const secret = `${ingestKeyPrefix}${createToken().slice('ll_'.length)}`;
  const now = context.now.toISOString();
  const key = insertIngestKey(db, {
    id: createId(),
    label,
    keyHash: hashSha256(secret),
    prefix: secret.slice(0, 10),
    createdBy: context.actorId,
    createdAt: now,
  });
  appendHistory(db, {
    entityType: 'ingest_key',
    entityId: key.id,
    action: 'ingest_key.issued',
    actorId: context.actorId,
    at: now,
    before: null,
    after: key,
  });
  return { key, secret };
}

export function revokeIngestKey(db: DbOrTx, id: string, context: { actorId: string; now: Date }): IngestKey {
  const key = findIngestKeyById(db, id);
  if (!key) throw notFound('Ingest key', { id });
  if (key.revokedAt !== null) throw conflict('already_revoked', 'This ingest key is already revoked', { id });
  const now = context.now.toISOString();
  markIngestKeyRevoked(db, id, now);
  const revoked = { ...key, revokedAt: now };
  appendHistory(db, {
    entityType: 'ingest_key',
    entityId: id,
    action: 'ingest_key.revoked',
    actorId: context.actorId,
    at: now,
    before: key,
    after: revoked,
  });
  return revoked;
}

/** The live key matching `secret`, its last use updated; undefined for unknown or revoked keys. */
export function authenticateIngestKey(db: DbOrTx, secret: string, now: Date): IngestKey | undefined {
  const key = findLiveIngestKeyByHash(db, hashSha256(secret));
  if (key) touchIngestKey(db, key.id, now.toISOString());
  return key;
}

type Match = { leadId: string } | { status: 'unknown_identity' | 'invalid_identity'; message: string };

/** The first identity given decides (leadId, email, LinkedIn URL, phone), normalised like the lookup's. */
function matchLead(db: DbOrTx, identity: IngestEvent['identity']): Match {
  if (identity.leadId !== undefined) {
    return findLeadRow(db, identity.leadId)
      ? { leadId: identity.leadId }
      : { status: 'unknown_identity', message: `No lead with id ${identity.leadId}` };
  }
  let key: { kind: 'email' | 'linkedin' | 'phone'; value: string };
  if (identity.email !== undefined) {
    const email = normalizeEmail(identity.email);
    if (email === null) return { status: 'invalid_identity', message: `Not an email: ${identity.email}` };
    key = { kind: 'email', value: email };
  } else if (identity.linkedinUrl !== undefined) {
    const result = normalizeLinkedinUrl(identity.linkedinUrl);
    if (!result.ok) return { status: 'invalid_identity', message: result.reason };
    key = { kind: 'linkedin', value: result.key };
  } else {
    const phone = identity.phone === undefined ? null : normalizePhone(identity.phone);
    if (phone === null)
      return { status: 'invalid_identity', message: `Not a phone number: ${identity.phone}` };
    key = { kind: 'phone', value: phone };
  }
  const leadId = findLeadIdByIdentity(db, key);
  return leadId === undefined
    ? { status: 'unknown_identity', message: `No lead with ${key.kind} ${key.value}` }
    : { leadId };
}

/**
 * Records a batch of events in one transaction (the caller's): each matched event is stored, rescores its lead and
 * may raise alerts; an event whose identity matches no lead gets its own result, never a silent drop.
 */
export function ingestEvents(
  db: DbOrTx,
  events: readonly IngestEvent[],
  context: { keyId: string; now: Date },
): IngestResponse & { recipientIds: string[] } {
  const now = context.now.toISOString();
  const ruleset = getActiveRuleset(db);
  const writeContext = { actor: null, now: context.now, ruleset };
  const results: IngestEventResult[] = [];
  const recipients = new Set<string>();
  events.forEach((input, index) => {
    const match = matchLead(db, input.identity);
    if (!('leadId' in match)) {
      results.push({ index, status: match.status, message: match.message });
      return;
    }
    const event = {
      type: input.type,
      at: new Date(input.at).toISOString(),
      ...(input.value === undefined ? {} : { value: input.value }),
      ...(input.url === undefined ? {} : { url: input.url }),
      ...(input.detail === undefined ? {} : { detail: input.detail }),
    };
    const eventId = createId();
    insertEngagementEvent(db, { ...event, id: eventId, leadId: match.leadId, createdAt: now });
    appendHistory(db, {
      entityType: 'lead',
      entityId: match.leadId,
      leadId: match.leadId,
      action: 'engagement.recorded',
      actorId: null,
      at: now,
      before: null,
      after: { ...event, eventId, ingestKeyId: context.keyId },
    });
    const outcome = rescoreLeadAndAlert(db, match.leadId, writeContext, { event });
    for (const id of outcome.recipientIds) recipients.add(id);
    results.push({
      index,
      status: 'recorded',
      leadId: match.leadId,
      eventId,
      score: outcome.score.totals.total,
      alerts: outcome.alerts.map((alert) => ({ kind: alert.kind, label: alert.label })),
    });
  });
  const recorded = results.filter((result) => result.status === 'recorded').length;
  return { recorded, unmatched: results.length - recorded, results, recipientIds: [...recipients] };
}
