import type { Erasure, PersonalDataExport, ReviewReason } from '@leadlight/contract';
import { getActiveRuleset } from '../db/active-ruleset';
import { listFollowUps, listNotes, listStageMoves } from '../db/activity';
import type { DbOrTx } from '../db/client';
import { appendHistory } from '../db/history';
import {
  type LeadProfile,
  loadLead,
  replaceLeadIdentities,
  replaceLeadTags,
  updateLeadRow,
} from '../db/leads';
import {
  blankEventDetailsOfLead,
  blankFollowUpNotesOfLead,
  blankHistoryPayloadsOfLead,
  blankNotesOfLead,
  blankQualificationValuesOfLead,
  blankStageMoveTextsOfLead,
  deleteExternalIdsOfLead,
  deleteIdempotencyRecordsNaming,
  deleteImportRowIssuesOfLead,
  findErasureOfLead,
  insertErasure,
  listAllHistoryOfLead,
  listEventRowsOfLead,
  listExternalIdsOfLead,
  listIdentitiesOfLead,
} from '../db/privacy';
import { conflict, notFound } from '../lib/errors';
import { createId } from '../lib/ids';
import { toLeadView } from './lead-views';

/** What an erased note says instead of its text. */
export const erasedText = '[erased]';

/** Everything held about the person behind one lead, as one JSON document (subject access request). */
export function exportPersonalData(db: DbOrTx, leadId: string, now: Date): PersonalDataExport {
  const record = loadLead(db, leadId);
  if (!record) throw notFound('Lead', { leadId });
  return {
    exportedAt: now.toISOString(),
    lead: toLeadView(record, getActiveRuleset(db), now),
    identities: listIdentitiesOfLead(db, leadId),
    externalIds: listExternalIdsOfLead(db, leadId),
    notes: listNotes(db, leadId),
    followUps: listFollowUps(db, leadId),
    stageMoves: listStageMoves(db, leadId),
    events: listEventRowsOfLead(db, leadId),
    history: listAllHistoryOfLead(db, leadId).map((entry) => ({
      seq: entry.seq,
      entityType: entry.entityType,
      entityId: entry.entityId,
      action: entry.action,
      actorId: entry.actorId,
      at: entry.at,
      before: entry.before,
      after: entry.after,
    })),
    erasure: findErasureOfLead(db, leadId) ?? null,
  };
}

/**
 * Erases the person behind one lead, in one transaction: name, contact details, company name and domain, custom
 * attributes, tags, identities, external ids, note texts, follow-up notes, stage-move texts, answer values, event
 * URLs and history payloads. What stays is anonymous and feeds the stats: the lead row with its stage, source,
 * campaign, score, dates and outcome; the stage moves, follow-ups and events as counts. The erasure is recorded
 * (who, when, why, counts) in `erasures` and the history, without the data. Run it inside `db.transaction`.
 */
export function eraseLead(
  db: DbOrTx,
  leadId: string,
  options: { actorId: string | null; now: Date; reason?: string | undefined },
): Erasure {
  const record = loadLead(db, leadId);
  if (!record) throw notFound('Lead', { leadId });
  const earlier = findErasureOfLead(db, leadId);
  if (earlier) {
    throw conflict('already_erased', 'This lead was already erased', {
      erasureId: earlier.id,
      erasedAt: earlier.erasedAt,
    });
  }
  const now = options.now.toISOString();
  const { profile, row } = record;
  const identities = listIdentitiesOfLead(db, leadId).length;
  // Company size, industry and country describe the firm, not the person: kept for fit statistics.
  const anonymous: LeadProfile = {
    person: {},
    company: {
      ...(profile.company.industry === undefined ? {} : { industry: profile.company.industry }),
      ...(profile.company.size === undefined ? {} : { size: profile.company.size }),
      ...(profile.company.country === undefined ? {} : { country: profile.company.country }),
    },
    identities: { emails: [], phones: [] },
    source: profile.source,
    totals: profile.totals,
    custom: {},
  };
  const reasons = (row.reviewReasons as ReviewReason[] | null) ?? null;
  const isUpdated = updateLeadRow(db, leadId, row.version, {
    profile: anonymous,
    fullName: null,
    companyName: null,
    companyDomain: null,
    nameKey: null,
    searchText: '',
    // The explanation and review reasons can quote an address or a name; the score and grade stay.
    scoreDetail: null,
    reviewReasons: reasons?.map((reason) => ({ kind: reason.kind, reason: erasedText })) ?? null,
    updatedAt: now,
  });
  if (!isUpdated)
    throw conflict('version_conflict', 'The lead changed during the erasure; retry', { leadId });
  replaceLeadIdentities(db, leadId, []);
  replaceLeadTags(db, leadId, []);
  const counts: Erasure['counts'] = {
    identities,
    externalIds: deleteExternalIdsOfLead(db, leadId),
    notes: blankNotesOfLead(db, leadId, erasedText, now),
    followUps: blankFollowUpNotesOfLead(db, leadId),
    stageMoves: blankStageMoveTextsOfLead(db, leadId),
    qualificationAnswers: blankQualificationValuesOfLead(db, leadId),
    events: blankEventDetailsOfLead(db, leadId),
    historyEntries: blankHistoryPayloadsOfLead(db, leadId),
    importRows: deleteImportRowIssuesOfLead(db, leadId),
    idempotencyRecords: deleteIdempotencyRecordsNaming(db, leadId),
  };
  const erasure: Erasure = {
    id: createId(),
    leadId,
    erasedBy: options.actorId,
    erasedAt: now,
    reason: options.reason ?? null,
    counts,
  };
  insertErasure(db, erasure);
  appendHistory(db, {
    entityType: 'lead',
    entityId: leadId,
    leadId,
    action: 'lead.erased',
    actorId: options.actorId,
    at: now,
    before: null,
    after: { erasureId: erasure.id, counts },
  });
  return erasure;
}
