import type {
  Company,
  CreateFollowUpRequest,
  CustomAttributesSchema,
  EngagementTotals,
  FollowUp,
  Identities,
  Lead,
  MoveStageRequest,
  Note,
  Person,
  ReviewReason,
  Score,
  SetQualificationRequest,
  Source,
  Stage,
  UpdateLeadRequest,
} from '@leadlight/contract';
import { scoreLead } from '@leadlight/rules';
import type { z } from 'zod';
import type { ActiveRuleset } from '../db/active-ruleset';
import {
  findNote,
  insertFollowUp,
  insertNote,
  insertStageMove,
  type StageMoveRow,
  updateNoteBody,
} from '../db/activity';
import type { DbOrTx } from '../db/client';
import { appendHistory } from '../db/history';
import {
  findLeadIdByIdentity,
  hasLead,
  insertLeadRow,
  type LeadProfile,
  type LeadRecord,
  type LeadRow,
  loadLead,
  loadLeadEvents,
  replaceLeadFlags,
  replaceLeadIdentities,
  replaceLeadTags,
  updateLeadRow,
  upsertQualificationAnswer,
} from '../db/leads';
import { findUserById } from '../db/users';
import { conflict, forbidden, notFound, unprocessable } from '../lib/errors';
import { createNameKey, type IdentityKey, normalizeLeadIdentities } from '../lib/identity-keys';
import { createId } from '../lib/ids';
import { computeSlaDueAt, toQualificationRecord } from './lead-views';

/** Who writes, when, under which ruleset. `actor` is null for system writes (imports, demo seeding). */
export interface WriteContext {
  actor: { id: string; role: 'rep' | 'marketer' | 'admin' } | null;
  now: Date;
  ruleset: ActiveRuleset;
}

/** A lead as written by a person, a form or an import (contract sections; defaults already applied). */
export interface LeadDraft {
  person: Person;
  company: Company;
  identities: Identities;
  source: Source;
  tags: string[];
  ownerId?: string | null | undefined;
  totals: EngagementTotals;
  custom: z.infer<typeof CustomAttributesSchema>;
  /** Imports only: known outcome for backtests, original creation time and stage. */
  hasConverted?: boolean | null | undefined;
  createdAt?: string | undefined;
  stage?: Stage | undefined;
}

const stagesNeedingReason: ReadonlySet<Stage> = new Set(['disqualified', 'nurture', 'lost']);

function iso(date: Date): string {
  return date.toISOString();
}

function buildSearchText(profile: LeadProfile, domain: string | null): string {
  return [
    profile.person.fullName,
    profile.person.title,
    profile.company.name,
    domain,
    ...profile.identities.emails,
    profile.identities.linkedinUrl,
  ]
    .filter((part): part is string => typeof part === 'string' && part !== '')
    .join(' ')
    .toLowerCase();
}

/** Columns derived from the profile: kept in step on every write. */
function deriveColumns(profile: LeadProfile, domain: string | null) {
  return {
    fullName: profile.person.fullName ?? null,
    companyName: profile.company.name ?? null,
    companyDomain: domain,
    nameKey: createNameKey(profile.person.fullName, profile.company.name),
    searchText: buildSearchText(profile, domain),
    sourceChannel: profile.source.channel ?? null,
    sourceCampaign: profile.source.campaign ?? null,
    profile,
  };
}

/** Refuses identities that already belong to another lead: 409 naming that lead. */
function assertIdentitiesFree(db: DbOrTx, keys: IdentityKey[], ownLeadId?: string): void {
  for (const key of keys) {
    const existing = findLeadIdByIdentity(db, key);
    if (existing !== undefined && existing !== ownLeadId) {
      throw conflict('duplicate', `A lead with this ${key.kind} already exists`, {
        leadId: existing,
        matchedBy: key.kind,
        value: key.value,
      });
    }
  }
}

function requireLead(db: DbOrTx, id: string): LeadRecord {
  const record = loadLead(db, id);
  if (!record) throw notFound('Lead', { leadId: id });
  return record;
}

/** An owner must be a user: otherwise the foreign key fails deep in the write with a 500. */
function assertOwnerExists(db: DbOrTx, ownerId: string | null | undefined): void {
  if (ownerId === null || ownerId === undefined) return;
  if (!findUserById(db, ownerId)) {
    throw unprocessable('unknown_owner', 'The owner is not a user of this workspace', { ownerId });
  }
}

/** Reps work their own leads and unowned ones; another rep's lead is theirs to work. */
function assertMayWork(record: LeadRecord, context: WriteContext): void {
  const actor = context.actor;
  if (actor?.role === 'rep' && record.row.ownerId !== null && record.row.ownerId !== actor.id) {
    throw forbidden('This lead belongs to another rep', { ownerId: record.row.ownerId });
  }
}

function commitLeadUpdate(db: DbOrTx, row: LeadRow, changes: Parameters<typeof updateLeadRow>[3]): number {
  if (!updateLeadRow(db, row.id, row.version, changes)) {
    throw conflict('version_conflict', 'The lead was changed by someone else; reload it and try again', {
      leadId: row.id,
    });
  }
  return row.version + 1;
}

/** The contract's Lead for scoring: the stored sections, the checklist answers and the engagement events. */
export function buildScoringLead(db: DbOrTx, record: LeadRecord): Lead {
  const { row, profile } = record;
  const lead: Lead = {
    id: row.id,
    person: profile.person,
    company: profile.company,
    identities: profile.identities,
    source: profile.source,
    tags: record.tags,
    owner: row.ownerId,
    stage: row.stage as Stage,
    qualification: toQualificationRecord(record),
    events: loadLeadEvents(db, row.id),
    totals: profile.totals,
    custom: profile.custom,
    createdAt: row.createdAt,
  };
  if (row.firstTouchedAt !== null) lead.firstTouchedAt = row.firstTouchedAt;
  if (row.lastTouchedAt !== null) lead.lastTouchedAt = row.lastTouchedAt;
  return lead;
}

function reviewReasonsOf(score: Score): ReviewReason[] {
  return score.flags.map((flag) => ({ kind: flag.kind, reason: flag.reason, ruleId: flag.ruleId }));
}

/** Moves a lead's stage (no validation: callers validate) and records the move and its history. */
function writeStageMove(
  db: DbOrTx,
  row: LeadRow,
  to: Stage,
  reason: { code: string | null; text: string | null },
  context: WriteContext,
  extra: Parameters<typeof updateLeadRow>[3] = {},
): StageMoveRow {
  const now = iso(context.now);
  commitLeadUpdate(db, row, {
    stage: to,
    stageEnteredAt: now,
    slaDueAt: computeSlaDueAt(to, context.now, context.ruleset),
    mqlAt: to === 'mql' ? now : row.mqlAt,
    recycleAt: to === 'nurture' ? row.recycleAt : null,
    updatedAt: now,
    ...extra,
  });
  const move = insertStageMove(db, {
    id: createId(),
    leadId: row.id,
    fromStage: row.stage,
    toStage: to,
    reasonCode: reason.code,
    reasonText: reason.text,
    movedBy: context.actor?.id ?? null,
    movedAt: now,
  });
  appendHistory(db, {
    entityType: 'lead',
    entityId: row.id,
    leadId: row.id,
    action: 'stage.moved',
    actorId: context.actor?.id ?? null,
    at: now,
    before: { stage: row.stage },
    after: move,
  });
  return move;
}

/**
 * Scores the lead with the active ruleset and stores score, grade, flags and explanation. With `applyGate` (new
 * leads) flags send the lead to the review queue. An accepted inquiry whose score reaches the MQL threshold becomes
 * an MQL (a system move). Returns the score.
 */
export function rescoreLead(
  db: DbOrTx,
  leadId: string,
  context: WriteContext,
  options: { applyGate?: boolean } = {},
): Score {
  const record = requireLead(db, leadId);
  const { row } = record;
  const score = scoreLead(context.ruleset.compiled, buildScoringLead(db, record), { now: context.now });
  const now = iso(context.now);
  const flagKinds = [...new Set(score.flags.map((flag) => flag.kind))];
  const changes: Parameters<typeof updateLeadRow>[3] = {
    score: score.totals.total,
    grade: score.grade,
    scoreDetail: score,
    rulesetId: `${score.rulesetId}@${score.rulesetVersion}`,
    updatedAt: now,
  };
  let isInReview = row.reviewState === 'pending';
  if (options.applyGate && score.flags.length > 0) {
    changes.gate = 'review';
    changes.reviewState = 'pending';
    changes.reviewReasons = reviewReasonsOf(score);
    isInReview = true;
  }
  const hasChanged =
    row.score !== score.totals.total ||
    row.grade !== score.grade ||
    changes.gate !== undefined ||
    record.flags.join(',') !== [...flagKinds].sort().join(',');
  const version = commitLeadUpdate(db, row, changes);
  replaceLeadFlags(db, row.id, flagKinds);
  if (hasChanged) {
    appendHistory(db, {
      entityType: 'lead',
      entityId: row.id,
      leadId: row.id,
      action: 'lead.scored',
      actorId: context.actor?.id ?? null,
      at: now,
      before: { score: row.score, grade: row.grade, flags: record.flags },
      after: {
        score: score.totals.total,
        grade: score.grade,
        flags: flagKinds,
        gate: changes.gate ?? row.gate,
      },
    });
  }
  // A lead marketing reconsidered has had its flags overruled: its points alone decide.
  const isOverruled = row.reviewState === 'reconsidered';
  const isMql = isOverruled
    ? score.totals.total >= context.ruleset.ruleset.thresholds.mql
    : score.flags.length === 0 && score.suggestedStage === 'mql';
  if (row.stage === 'inquiry' && !isInReview && isMql) {
    const fresh = { ...row, ...changes, version } as LeadRow;
    writeStageMove(db, fresh, 'mql', { code: 'score_reached_mql', text: null }, context);
  }
  return score;
}

/**
 * Creates a lead: identities normalised and checked for duplicates (409), stored, scored; the gate's flags put it in
 * the review queue instead of dropping it. Returns the stored lead.
 */
export function createLead(db: DbOrTx, draft: LeadDraft, context: WriteContext): LeadRecord {
  const normalized = normalizeLeadIdentities(draft.identities, draft.company);
  assertIdentitiesFree(db, normalized.keys);
  const company =
    normalized.domain === null ? draft.company : { ...draft.company, domain: normalized.domain };
  const profile: LeadProfile = {
    person: draft.person,
    company,
    identities: normalized.identities,
    source: draft.source,
    totals: draft.totals,
    custom: draft.custom,
  };
  const now = iso(context.now);
  const stage = draft.stage ?? 'inquiry';
  assertOwnerExists(db, draft.ownerId);
  const id = createId();
  insertLeadRow(db, {
    id,
    version: 1,
    stage,
    ownerId: draft.ownerId ?? null,
    ...deriveColumns(profile, normalized.domain),
    gate: 'accepted',
    stageEnteredAt: now,
    slaDueAt: computeSlaDueAt(stage, context.now, context.ruleset),
    mqlAt: stage === 'mql' ? now : null,
    hasConverted: draft.hasConverted ?? null,
    createdBy: context.actor?.id ?? null,
    createdAt: draft.createdAt ?? now,
    updatedAt: now,
  });
  replaceLeadIdentities(db, id, normalized.keys);
  replaceLeadTags(db, id, draft.tags);
  appendHistory(db, {
    entityType: 'lead',
    entityId: id,
    leadId: id,
    action: 'lead.created',
    actorId: context.actor?.id ?? null,
    at: now,
    before: null,
    after: { ...profile, tags: draft.tags, ownerId: draft.ownerId ?? null, stage },
  });
  if (stage !== 'inquiry') {
    // Imported history arrives in its final stage; the move is recorded so stage counts add up.
    insertStageMove(db, {
      id: createId(),
      leadId: id,
      fromStage: 'inquiry',
      toStage: stage,
      reasonCode: 'imported',
      reasonText: null,
      movedBy: context.actor?.id ?? null,
      movedAt: now,
    });
  }
  rescoreLead(db, id, context, { applyGate: true });
  return requireLead(db, id);
}

/** Applies an update with optimistic concurrency (stale version → 409) and rescores. */
export function updateLead(
  db: DbOrTx,
  id: string,
  patch: UpdateLeadRequest,
  context: WriteContext,
): LeadRecord {
  const record = requireLead(db, id);
  const { row } = record;
  if (patch.version !== row.version) {
    throw conflict('version_conflict', 'The lead was changed since you read it; reload it and try again', {
      leadId: id,
      currentVersion: row.version,
    });
  }
  assertMayWork(record, context);
  if (
    context.actor?.role === 'rep' &&
    patch.ownerId !== undefined &&
    patch.ownerId !== row.ownerId &&
    patch.ownerId !== context.actor.id
  ) {
    throw forbidden('Reps may only assign unowned leads to themselves');
  }
  if (patch.ownerId !== row.ownerId) assertOwnerExists(db, patch.ownerId);
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  const profile: LeadProfile = { ...record.profile };
  for (const section of ['person', 'company', 'identities', 'source', 'totals', 'custom'] as const) {
    const value = patch[section];
    if (value === undefined) continue;
    before[section] = record.profile[section];
    (profile as unknown as Record<string, unknown>)[section] = value;
  }
  const normalized = normalizeLeadIdentities(profile.identities, profile.company);
  if (patch.identities !== undefined || patch.company !== undefined) {
    assertIdentitiesFree(db, normalized.keys, id);
  }
  profile.identities = normalized.identities;
  if (normalized.domain !== null) profile.company = { ...profile.company, domain: normalized.domain };
  for (const section of Object.keys(before)) after[section] = profile[section as keyof LeadProfile];
  if (patch.tags !== undefined) {
    before.tags = record.tags;
    after.tags = [...new Set(patch.tags)];
  }
  if (patch.ownerId !== undefined && patch.ownerId !== row.ownerId) {
    before.ownerId = row.ownerId;
    after.ownerId = patch.ownerId;
  }
  const now = iso(context.now);
  commitLeadUpdate(db, row, {
    ...deriveColumns(profile, normalized.domain),
    ownerId: patch.ownerId === undefined ? row.ownerId : patch.ownerId,
    updatedAt: now,
  });
  replaceLeadIdentities(db, id, normalized.keys);
  if (patch.tags !== undefined) replaceLeadTags(db, id, patch.tags);
  appendHistory(db, {
    entityType: 'lead',
    entityId: id,
    leadId: id,
    action: 'lead.updated',
    actorId: context.actor?.id ?? null,
    at: now,
    before,
    after,
  });
  rescoreLead(db, id, context);
  return requireLead(db, id);
}

/** Validates a stage move against the active ruleset, then records it. */
export function moveLeadStage(
  db: DbOrTx,
  id: string,
  request: MoveStageRequest,
  context: WriteContext,
): { record: LeadRecord; move: StageMoveRow } {
  const record = requireLead(db, id);
  const { row } = record;
  if (request.version !== undefined && request.version !== row.version) {
    throw conflict('version_conflict', 'The lead was changed since you read it; reload it and try again', {
      leadId: id,
      currentVersion: row.version,
    });
  }
  assertMayWork(record, context);
  if (request.to === row.stage) {
    throw unprocessable('stage_unchanged', `The lead is already ${row.stage}`);
  }
  const hasReason = (request.reasonCode ?? '') !== '' || (request.reasonText ?? '') !== '';
  if (stagesNeedingReason.has(request.to) && !hasReason) {
    throw unprocessable('reason_required', `Moving a lead to ${request.to} needs a reason code or text`, {
      to: request.to,
    });
  }
  if (request.to === 'sql') {
    const { minVerified, requiredVerified } = context.ruleset.ruleset.thresholds.sql;
    const verified = record.qualification
      .filter((answer) => answer.state === 'verified')
      .map((a) => a.itemId);
    const missing = requiredVerified.filter((item) => !verified.includes(item));
    if (verified.length < minVerified || missing.length > 0) {
      throw unprocessable('sql_requirements_unmet', 'SQL needs more verified checklist items', {
        verified,
        minVerified,
        missingRequired: missing,
      });
    }
  }
  if (request.recycleAt !== undefined && request.to !== 'nurture') {
    throw unprocessable('recycle_only_for_nurture', 'recycleAt applies only to a move to nurture');
  }
  const extra: Parameters<typeof updateLeadRow>[3] = {};
  if (request.to === 'nurture') {
    const days = context.ruleset.ruleset.followUp.recycleAfterDays;
    extra.recycleAt = request.recycleAt ?? iso(new Date(context.now.getTime() + days * 86_400_000));
  }
  if (request.to === 'disqualified') {
    // A rep's rejection goes to marketing's review queue: they see why their leads were turned down.
    extra.reviewState = 'pending';
    extra.reviewReasons = [
      { kind: 'rejected', reason: request.reasonText ?? request.reasonCode ?? '' },
    ] satisfies ReviewReason[];
  }
  const actor = context.actor;
  if (actor?.role === 'rep' && row.ownerId === null && ['sal', 'sql', 'opportunity'].includes(request.to)) {
    extra.ownerId = actor.id;
  }
  const move = writeStageMove(
    db,
    row,
    request.to,
    { code: request.reasonCode ?? null, text: request.reasonText ?? null },
    context,
    extra,
  );
  return { record: requireLead(db, id), move };
}

export function addNote(
  db: DbOrTx,
  leadId: string,
  body: string,
  context: WriteContext & { actor: { id: string } },
): Note {
  if (!hasLead(db, leadId)) throw notFound('Lead', { leadId });
  const now = iso(context.now);
  const note = insertNote(db, {
    id: createId(),
    leadId,
    authorId: context.actor.id,
    body,
    createdAt: now,
    updatedAt: now,
  });
  appendHistory(db, {
    entityType: 'note',
    entityId: note.id,
    leadId,
    action: 'note.added',
    actorId: context.actor.id,
    at: now,
    before: null,
    after: note,
  });
  return note;
}

/** Only the author (or an admin) edits a note. */
export function editNote(
  db: DbOrTx,
  leadId: string,
  noteId: string,
  body: string,
  context: WriteContext & { actor: { id: string; role: string } },
): Note {
  const note = findNote(db, noteId);
  if (!note || note.leadId !== leadId) throw notFound('Note', { noteId });
  if (note.authorId !== context.actor.id && context.actor.role !== 'admin') {
    throw forbidden('Only the author of a note may edit it', { authorId: note.authorId });
  }
  const now = iso(context.now);
  updateNoteBody(db, noteId, body, now);
  const edited = { ...note, body, updatedAt: now };
  appendHistory(db, {
    entityType: 'note',
    entityId: noteId,
    leadId,
    action: 'note.edited',
    actorId: context.actor.id,
    at: now,
    before: note,
    after: edited,
  });
  return edited;
}

/** Logs a touch; counts the attempt; a rep touching an unowned lead takes it. */
export function recordFollowUp(
  db: DbOrTx,
  leadId: string,
  request: CreateFollowUpRequest,
  context: WriteContext & { actor: { id: string; role: 'rep' | 'marketer' | 'admin' } },
): { followUp: FollowUp; attemptCount: number } {
  const record = requireLead(db, leadId);
  assertMayWork(record, context);
  const { row } = record;
  const now = iso(context.now);
  const occurredAt = request.occurredAt === undefined ? now : iso(new Date(request.occurredAt));
  if (occurredAt > now) {
    throw unprocessable('occurred_in_future', 'A follow-up cannot have happened in the future', {
      occurredAt,
    });
  }
  const followUp = insertFollowUp(db, {
    id: createId(),
    leadId,
    userId: context.actor.id,
    channel: request.channel,
    outcome: request.outcome,
    note: request.note ?? null,
    occurredAt,
    createdAt: now,
  });
  const isClaim = context.actor.role === 'rep' && row.ownerId === null;
  const latest = (a: string | null, b: string) => (a === null || b > a ? b : a);
  commitLeadUpdate(db, row, {
    attemptCount: row.attemptCount + 1,
    lastAttemptAt: latest(row.lastAttemptAt, occurredAt),
    firstTouchedAt:
      row.firstTouchedAt === null || occurredAt < row.firstTouchedAt ? occurredAt : row.firstTouchedAt,
    lastTouchedAt: latest(row.lastTouchedAt, occurredAt),
    ownerId: isClaim ? context.actor.id : row.ownerId,
    updatedAt: now,
  });
  appendHistory(db, {
    entityType: 'follow_up',
    entityId: followUp.id,
    leadId,
    action: 'follow_up.logged',
    actorId: context.actor.id,
    at: now,
    before: { attemptCount: row.attemptCount, ownerId: row.ownerId },
    after: {
      ...followUp,
      attemptCount: row.attemptCount + 1,
      ownerId: isClaim ? context.actor.id : row.ownerId,
    },
  });
  return { followUp, attemptCount: row.attemptCount + 1 };
}

/** Answers one checklist item of the active ruleset, then rescores (qualification rules add points). */
export function answerQualification(
  db: DbOrTx,
  leadId: string,
  itemId: string,
  request: SetQualificationRequest,
  context: WriteContext & { actor: { id: string; role: 'rep' | 'marketer' | 'admin' } },
): LeadRecord {
  const record = requireLead(db, leadId);
  assertMayWork(record, context);
  const items = context.ruleset.ruleset.checklist.items.map((item) => item.id);
  if (!items.includes(itemId)) {
    throw unprocessable('unknown_checklist_item', `The active checklist has no item "${itemId}"`, { items });
  }
  const previous = record.qualification.find((answer) => answer.itemId === itemId) ?? null;
  const now = iso(context.now);
  const answer = {
    itemId,
    state: request.state,
    value: request.value ?? null,
    answeredBy: context.actor.id,
    answeredAt: now,
  };
  upsertQualificationAnswer(db, leadId, answer);
  appendHistory(db, {
    entityType: 'lead',
    entityId: leadId,
    leadId,
    action: 'qualification.answered',
    actorId: context.actor.id,
    at: now,
    before: previous,
    after: answer,
  });
  rescoreLead(db, leadId, context);
  return requireLead(db, leadId);
}

function requirePendingReview(record: LeadRecord): void {
  if (record.row.reviewState !== 'pending') {
    throw conflict('not_in_review', 'This lead is not waiting in the review queue', {
      reviewState: record.row.reviewState,
    });
  }
}

/** Reconsider: back to inquiry, accepted, rescored (it may become an MQL at once). */
export function reconsiderLead(
  db: DbOrTx,
  id: string,
  note: string | undefined,
  context: WriteContext,
): LeadRecord {
  const record = requireLead(db, id);
  requirePendingReview(record);
  const { row } = record;
  const now = iso(context.now);
  const reviewChanges = { gate: 'accepted' as const, reviewState: 'reconsidered' as const, updatedAt: now };
  if (row.stage === 'inquiry') commitLeadUpdate(db, row, reviewChanges);
  else
    writeStageMove(
      db,
      row,
      'inquiry',
      { code: 'review_reconsidered', text: note ?? null },
      context,
      reviewChanges,
    );
  appendHistory(db, {
    entityType: 'lead',
    entityId: id,
    leadId: id,
    action: 'review.reconsidered',
    actorId: context.actor?.id ?? null,
    at: now,
    before: { reviewState: row.reviewState, stage: row.stage, gate: row.gate },
    after: { reviewState: 'reconsidered', stage: 'inquiry', gate: 'accepted', note: note ?? null },
  });
  rescoreLead(db, id, context);
  return requireLead(db, id);
}

/** Confirm: the lead is junk / rightly rejected; it leaves the queue as disqualified (kept, never deleted). */
export function confirmReview(
  db: DbOrTx,
  id: string,
  note: string | undefined,
  context: WriteContext,
): LeadRecord {
  const record = requireLead(db, id);
  requirePendingReview(record);
  const { row } = record;
  const now = iso(context.now);
  const reasons = (row.reviewReasons as ReviewReason[] | null) ?? [];
  const reviewChanges = { reviewState: 'confirmed' as const, updatedAt: now };
  if (row.stage === 'disqualified') commitLeadUpdate(db, row, reviewChanges);
  else {
    const code = reasons[0]?.kind ?? 'review_confirmed';
    writeStageMove(
      db,
      row,
      'disqualified',
      { code, text: note ?? reasons[0]?.reason ?? null },
      context,
      reviewChanges,
    );
  }
  appendHistory(db, {
    entityType: 'lead',
    entityId: id,
    leadId: id,
    action: 'review.confirmed',
    actorId: context.actor?.id ?? null,
    at: now,
    before: { reviewState: row.reviewState, stage: row.stage },
    after: { reviewState: 'confirmed', stage: 'disqualified', note: note ?? null },
  });
  return requireLead(db, id);
}
