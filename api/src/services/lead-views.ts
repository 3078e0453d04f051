import type {
  FollowUpChannel,
  HistoryEntry,
  LeadCard,
  LeadSummary,
  LeadView,
  QualificationAnswer,
  ReviewReason,
  Score,
  Stage,
} from '@leadlight/contract';
import { type ActiveRuleset, getActiveRuleset } from '../db/active-ruleset';
import type { DbOrTx } from '../db/client';
import { type LeadCardSource, readLeadCardSource, readLeadCardSourceByIdentity } from '../db/lead-cards';
import type { LeadProfile, LeadRecord, LeadRow } from '../db/leads';
import type { IdentityKey } from '../lib/identity-keys';

export type SlaState = LeadCard['sla'];

/** First-touch SLA of the current stage: met once the lead was touched after entering it. */
export function computeSla(
  row: Pick<LeadRow, 'slaDueAt' | 'lastAttemptAt' | 'stageEnteredAt'>,
  now: Date,
): SlaState {
  if (row.slaDueAt === null) return { state: 'none' };
  const dueAt = row.slaDueAt;
  const isTouched = row.lastAttemptAt !== null && row.lastAttemptAt >= row.stageEnteredAt;
  if (isTouched) return { state: 'ok', dueAt };
  const due = Date.parse(dueAt);
  const window = due - Date.parse(row.stageEnteredAt);
  const left = due - now.getTime();
  if (left < 0) return { state: 'breached', dueAt };
  if (left <= window / 4) return { state: 'due_soon', dueAt };
  return { state: 'ok', dueAt };
}

export function computeSlaDueAt(stage: Stage, enteredAt: Date, ruleset: ActiveRuleset): string | null {
  const hours = ruleset.ruleset.followUp.firstTouchSlaHours[stage];
  return hours === undefined ? null : new Date(enteredAt.getTime() + hours * 3_600_000).toISOString();
}

/** The order reps reach out in; the next attempt uses the channel at its position. */
const cadence: readonly FollowUpChannel[] = [
  'call',
  'email',
  'call',
  'linkedin_message',
  'call',
  'voicemail',
];
const channelLabels: Record<FollowUpChannel, string> = {
  call: 'call',
  voicemail: 'call and leave a voicemail',
  email: 'email',
  linkedin_message: 'LinkedIn message',
  meeting: 'meeting',
};

export function getRequiredAttempts(ruleset: ActiveRuleset): number {
  return ruleset.ruleset.followUp.minAttemptsBeforeUnresponsive;
}

/** What the rep should do next, in words ("attempt 3 of 5: call"); null when nothing is due. */
export function computeNextAction(
  row: Pick<LeadRow, 'attemptCount' | 'reviewState' | 'stage' | 'recycleAt'>,
  qualification: readonly { itemId: string; state: string }[],
  ruleset: ActiveRuleset,
  now: Date,
): string | null {
  const required = getRequiredAttempts(ruleset);
  const made = row.attemptCount;
  if (row.reviewState === 'pending') return 'in review: wait for marketing to reconsider or confirm';
  switch (row.stage) {
    case 'mql':
    case 'sal': {
      if (made < required) {
        const channel = cadence[made % cadence.length] ?? 'call';
        return `attempt ${made + 1} of ${required}: ${channelLabels[channel]}`;
      }
      return `${made} attempts without qualifying: move to nurture or disqualify`;
    }
    case 'sql': {
      const verified = new Set(
        qualification.filter((answer) => answer.state === 'verified').map((a) => a.itemId),
      );
      const missing = ruleset.ruleset.checklist.items.filter((item) => !verified.has(item.id));
      return missing.length === 0
        ? 'checklist verified: open an opportunity'
        : `verify ${missing.map((item) => item.label).join(', ')}`;
    }
    case 'nurture':
      if (row.recycleAt !== null && row.recycleAt <= now.toISOString()) {
        return `recycled: attempt 1 of ${required}: ${channelLabels.call}`;
      }
      return row.recycleAt === null ? null : `recycle on ${row.recycleAt.slice(0, 10)}`;
    default:
      return null;
  }
}

function readScore(row: Pick<LeadRow, 'scoreDetail'>): Score | null {
  return (row.scoreDetail as Score | null) ?? null;
}

/** The largest contributions by magnitude: what the overlay shows as "why this score". */
export function listTopContributions(
  row: Pick<LeadRow, 'scoreDetail'>,
  limit = 5,
): { label: string; points: number }[] {
  const score = readScore(row);
  if (!score) return [];
  return [...score.contributions]
    .sort((a, b) => Math.abs(b.points) - Math.abs(a.points))
    .slice(0, limit)
    .map((contribution) => ({ label: contribution.label, points: contribution.points }));
}

/**
 * Flags in words, for people (the list filter uses the flag kinds). Flags marketing overruled in the review queue
 * are not shown again: the lead was judged real.
 */
export function describeFlags(row: Pick<LeadRow, 'scoreDetail' | 'reviewState'>): string[] {
  const score = readScore(row);
  if (!score || row.reviewState === 'reconsidered') return [];
  return score.flags.map((flag) => `${flag.kind}: ${flag.reason}`);
}

function readReviewReasons(row: LeadRow): ReviewReason[] {
  return (row.reviewReasons as ReviewReason[] | null) ?? [];
}

export function toLeadSummary(
  row: LeadRow,
  tagsAndFlags: { tags: string[]; flags: string[] },
  profile: LeadProfile,
  ruleset: ActiveRuleset,
  now: Date,
): LeadSummary {
  return {
    id: row.id,
    version: row.version,
    stage: row.stage as Stage,
    ownerId: row.ownerId,
    fullName: row.fullName,
    companyName: row.companyName,
    companyDomain: row.companyDomain,
    email: profile.identities.emails[0] ?? null,
    source: profile.source,
    tags: tagsAndFlags.tags,
    score: row.score,
    grade: row.grade,
    flags: tagsAndFlags.flags,
    gate: row.gate,
    attempts: { made: row.attemptCount, required: getRequiredAttempts(ruleset) },
    sla: computeSla(row, now),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function toQualificationRecord(record: LeadRecord): Record<string, QualificationAnswer> {
  const answers: Record<string, QualificationAnswer> = {};
  for (const answer of record.qualification) {
    const entry: QualificationAnswer = { state: answer.state, by: answer.answeredBy, at: answer.answeredAt };
    if (answer.value !== null) entry.value = answer.value;
    answers[answer.itemId] = entry;
  }
  return answers;
}

export function toLeadView(record: LeadRecord, ruleset: ActiveRuleset, now: Date): LeadView {
  const { row, profile } = record;
  return {
    ...toLeadSummary(row, record, profile, ruleset, now),
    person: profile.person,
    company: profile.company,
    identities: profile.identities,
    totals: profile.totals,
    custom: profile.custom,
    qualification: toQualificationRecord(record),
    contributions: listTopContributions(row, 20),
    nextAction: computeNextAction(row, record.qualification, ruleset, now),
    review: row.reviewState === null ? null : { state: row.reviewState, reasons: readReviewReasons(row) },
    rulesetId: row.rulesetId,
    firstTouchedAt: row.firstTouchedAt,
    lastTouchedAt: row.lastTouchedAt,
    mqlAt: row.mqlAt,
    recycleAt: row.recycleAt,
    hasConverted: row.hasConverted,
  };
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

function readField(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** One history entry as a line of the overlay's timeline. */
export function summarizeHistoryEntry(entry: Pick<HistoryEntry, 'action' | 'before' | 'after'>): string {
  const after = entry.after;
  const before = entry.before;
  switch (entry.action) {
    case 'lead.created':
      return 'Created';
    case 'lead.updated':
      return `Updated ${Object.keys((after as object | null) ?? {}).join(', ')}`;
    case 'lead.scored':
      return `Score ${String(readField(before, 'score') ?? '–')} → ${String(readField(after, 'score') ?? '–')}`;
    case 'note.added':
      return `Note: ${truncate(String(readField(after, 'body') ?? ''), 80)}`;
    case 'note.edited':
      return 'Note edited';
    case 'follow_up.logged':
      return `${String(readField(after, 'channel'))}: ${String(readField(after, 'outcome')).replaceAll('_', ' ')}`;
    case 'qualification.answered':
      return `${String(readField(after, 'itemId'))}: ${String(readField(after, 'state'))}`;
    case 'stage.moved': {
      const reason = readField(after, 'reasonCode') ?? readField(after, 'reasonText');
      const move = `Stage ${String(readField(after, 'fromStage'))} → ${String(readField(after, 'toStage'))}`;
      return reason === undefined || reason === null ? move : `${move} (${String(reason)})`;
    }
    case 'review.reconsidered':
      return 'Reconsidered: back to inquiry';
    case 'review.confirmed':
      return 'Review confirmed';
    default:
      return entry.action;
  }
}

/** The overlay's card: read by lookup and by id (db/lead-cards.ts reads exactly what this uses). */
export function toLeadCard(source: LeadCardSource, ruleset: ActiveRuleset, now: Date): LeadCard {
  const { row } = source;
  const answers = new Map(source.qualification.map((answer) => [answer.itemId, answer.state]));
  const card: LeadCard = {
    leadId: row.id,
    stage: row.stage as Stage,
    score: row.score,
    grade: row.grade,
    contributions: listTopContributions(row),
    flags: describeFlags(row),
    nextAction: computeNextAction(row, source.qualification, ruleset, now),
    attempts: { made: row.attemptCount, required: getRequiredAttempts(ruleset) },
    sla: computeSla(row, now),
    checklist: ruleset.ruleset.checklist.items.map((item) => ({
      id: item.id,
      label: item.label,
      state: answers.get(item.id) ?? 'unknown',
    })),
    history: source.history.map((entry) => {
      const view: LeadCard['history'][number] = {
        at: entry.at,
        summary: summarizeHistoryEntry(entry),
        kind: entry.action,
      };
      if (entry.actorName !== null) view.by = entry.actorName;
      return view;
    }),
  };
  if (row.fullName !== null) card.name = row.fullName;
  if (row.companyName !== null) card.companyName = row.companyName;
  return card;
}

/** Entries of the lead's history the card shows, newest first. */
const historyOnCard = 5;

/** The card of one lead as the active ruleset sees it now; undefined when there is no such lead. */
export function readLeadCard(db: DbOrTx, leadId: string, now: Date): LeadCard | undefined {
  const source = readLeadCardSource(db, leadId, historyOnCard);
  return source === undefined ? undefined : toLeadCard(source, getActiveRuleset(db), now);
}

/** The card of the lead holding an identity (the lookup's hot path: one statement); undefined when none does. */
export function readLeadCardByIdentity(db: DbOrTx, identity: IdentityKey, now: Date): LeadCard | undefined {
  const source = readLeadCardSourceByIdentity(db, identity, historyOnCard);
  return source === undefined ? undefined : toLeadCard(source, getActiveRuleset(db), now);
}
