import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ColumnMapping, Role } from '@leadlight/contract';
import { ColumnMappingSchema, CreateLeadRequestSchema } from '@leadlight/contract';
import { xEducationMapping } from '@leadlight/import';
import { createFixedClock } from '../clock';
import { getActiveRuleset, loadDefaultRuleset } from '../db/active-ruleset';
import type { Db } from '../db/client';
import { findLeadIdByExternalId, listImportRowIssues } from '../db/imports';
import { loadLead } from '../db/leads';
import { listLeadIdsWithOutcome } from '../db/rulesets';
import { insertUser, issueToken } from '../db/users';
import {
  createBufferSource,
  createImportJob,
  type ImportOptions,
  runImportJob,
  toImportRowIssue,
} from '../services/import-leads';
import {
  addNote,
  answerQualification,
  confirmReview,
  createLead,
  moveLeadStage,
  reconsiderLead,
  recordFollowUp,
  type WriteContext,
} from '../services/lead-writes';
import {
  activateRulesetVersion,
  approveRulesetVersion,
  createRulesetDraft,
  type RulesetContext,
  seedActiveRuleset,
} from '../services/rulesets';
import { demoProspects } from './prospects';
import { createdAtColumn, type DemoLeadPlan, planXEducationDemo, stageColumn } from './x-education-plan';

/** The X Education leads (9,240 real leads with outcomes), as copied into the repository's fixtures. */
export const defaultDemoLeadsFile = fileURLToPath(
  new URL('../../../test/fixtures/leads/x-education-leads.csv', import.meta.url),
);

/** Sam Rivera is the signed-in user of the extension's Gmail / Outlook test pages. */
const demoUsers: { name: string; email: string; role: Role }[] = [
  { name: 'Sam Rivera', email: 'sam.rivera@leadlight-demo.example', role: 'rep' },
  { name: 'Morgan Lee', email: 'morgan.lee@leadlight-demo.example', role: 'marketer' },
  { name: 'Alex Kim', email: 'alex.kim@leadlight-demo.example', role: 'admin' },
];

/** The ruleset fitted on the X Education history (test/x-education): the one the demo signs off and activates. */
const xEducationRulesetFile = '@leadlight/rules/rulesets/x-education.json';

/**
 * What the demo's rep does with an open MQL, read from what X Education's own sales team recorded about that lead
 * (the `Tags` column): accepted and in conversation, not reached yet, not a fit, or not now. Tags not listed here
 * (blank, or outcomes such as "Closed by Horizzon") leave the MQL untouched, waiting in the queue.
 */
const salesTagActions: Record<string, 'accept' | 'no_answer' | 'disqualify' | 'nurture'> = {
  'Will revert after reading the email': 'accept',
  Ringing: 'no_answer',
  Busy: 'no_answer',
  'switched off': 'no_answer',
  'opp hangup': 'no_answer',
  'Interested in other courses': 'disqualify',
  'Already a student': 'disqualify',
  'Not doing further education': 'disqualify',
  'Interested  in full time MBA': 'disqualify',
  'Graduation in progress': 'disqualify',
  'Diploma holder (Not Eligible)': 'disqualify',
  'University not recognized': 'disqualify',
  'Recognition issue (DEC approval)': 'disqualify',
  'invalid number': 'disqualify',
  'wrong number given': 'disqualify',
  'number not provided': 'disqualify',
  'Still Thinking': 'nurture',
  'Shall take in the next coming month': 'nurture',
  'Interested in Next batch': 'nurture',
  'Want to take admission but has financial problems': 'nurture',
  'In confusion whether part time or DLP': 'nurture',
};

const notConverted = { reasonCode: 'not_converted', reasonText: 'Did not enrol (X Education outcome)' };

/** Closed history is written in batches: one transaction per batch keeps the demo's seeding fast. */
const closeBatchSize = 500;

export interface DemoSeedResult {
  users: { role: Role; name: string; email: string; token: string }[];
  rulesetId: string;
  importedLeads: number;
  convertedLeads: number;
  /** X Education leads left open (the newest, outcome withheld), by stage after the rep's work. */
  openLeads: Record<string, number>;
  rejectedRows: { rowNumber: number; errors: string[] }[];
  prospects: { name: string; leadId: string; stage: string; page: string }[];
}

function daysBefore(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 86_400_000);
}

/**
 * The marketer imported the file this long before the demo's `now`; the rep has worked its MQLs since. Work done at
 * the import's own instant made the funnel's median time to first touch read 0 minutes.
 */
const importedDaysAgo = 2;

/**
 * When the rep first works an open MQL: 1 to 40 hours after the import, spread deterministically by the lead's place
 * in the file (a prime stride), so the demo shows a realistic median time to first touch and a mix of SLA states.
 */
function findWorkedAt(importedAt: Date, index: number, now: Date): Date {
  const hours = 1 + ((index * 7919) % 40);
  return new Date(Math.min(now.getTime(), importedAt.getTime() + hours * 3_600_000));
}

/**
 * Fills an empty, migrated database with the demo, in the order a team would live it:
 * 1. one user per role (tokens returned once); the shipped default ruleset seeded, as on a fresh install;
 * 2. the admin drafts the X Education ruleset (fitted on this company's history), sales and marketing sign it off,
 *    the admin activates it;
 * 3. two days ago the marketer imported the X Education export through the import service (one job,
 *    `x-education-plan.ts` lays it out over the year before): the converted history arrives won, the rest of the history is scored (the ruleset
 *    makes some MQL) and then closed as disqualified with its real outcome, confirmed by marketing; the newest 2%
 *    stay open, their outcome withheld, and the rep has worked the MQLs among them since, as X Education's sales notes
 *    say;
 * 4. the named prospects of the extension's test pages, worked a little by the rep.
 */
export async function seedDemoDatabase(
  db: Db,
  options: { leadsCsv: string | Uint8Array; now: Date; onProgress?: (done: number, total: number) => void },
): Promise<DemoSeedResult> {
  const now = options.now;
  const installedAt = daysBefore(now, 14);
  const users = db.transaction((tx) =>
    demoUsers.map((user) => {
      const created = insertUser(tx, user, { actorId: null, now: installedAt.toISOString() });
      const { secret } = issueToken(tx, created.id, 'demo', {
        actorId: null,
        now: installedAt.toISOString(),
      });
      return { ...created, token: secret };
    }),
  );
  const byRole = (role: Role) => {
    const user = users.find((candidate) => candidate.role === role);
    if (!user) throw new Error(`demo user for ${role} missing`);
    return { id: user.id, role, team: user.team };
  };
  const admin = byRole('admin');
  // A fresh install starts with the shipped default (seeded: nobody is there to sign it off yet).
  seedActiveRuleset(db, loadDefaultRuleset().ruleset, { actor: admin, now: installedAt });
  signOffXEducationRuleset(db, {
    author: admin,
    approvers: [byRole('rep'), byRole('marketer')],
    startAt: daysBefore(now, 13),
  });
  const ruleset = getActiveRuleset(db);
  const marketing: PersonContext = { actor: { id: byRole('marketer').id, role: 'marketer' }, now, ruleset };
  const sales: PersonContext = { actor: { id: byRole('rep').id, role: 'rep' }, now, ruleset };

  // The leads go through the import service, as an uploaded file would: one code path reads and stores CSVs.
  const importedAt = daysBefore(now, importedDaysAgo);
  const plan = planXEducationDemo(options.leadsCsv, importedAt);
  const source = createBufferSource(plan.csv, basename(defaultDemoLeadsFile));
  const importOptions: ImportOptions = {
    mapping: buildDemoMapping(),
    actor: marketing.actor,
    clock: createFixedClock(importedAt.toISOString()),
    onProgress: (progress) =>
      options.onProgress?.(progress.rowsDone, progress.totalRows ?? progress.rowsDone),
  };
  const job = createImportJob(db, source, importOptions);
  const imported = await runImportJob(db, job.id, source, importOptions);
  if (imported.status !== 'completed') {
    throw new Error(`The demo's X Education import failed: ${imported.error?.message ?? imported.status}`);
  }
  const rejectedRows: DemoSeedResult['rejectedRows'] = listImportRowIssues(db, job.id, {
    kind: 'rejected',
    limit: Number.MAX_SAFE_INTEGER,
  })
    .map(toImportRowIssue)
    .map((row) => ({
      rowNumber: row.rowNumber,
      errors: row.messages.map((message) => `${message.column}: ${message.message}`),
    }));
  const importedLeads = imported.progress.accepted + imported.progress.review;

  closeUnconvertedHistory(db, plan.leads, { ...marketing, now: importedAt });
  const openLeads = workOpenLeads(db, plan.leads, sales, importedAt);
  // Only the imported leads exist yet: every lead with an outcome came from the file.
  const convertedLeads = listLeadIdsWithOutcome(db).filter((lead) => lead.hasConverted).length;

  const prospects = demoProspects.map((prospect) =>
    db.transaction((tx) => {
      const draft = CreateLeadRequestSchema.parse(prospect.lead);
      let record = createLead(tx, { ...draft, ownerId: null }, marketing);
      if (record.row.reviewState === 'pending') {
        record = reconsiderLead(
          tx,
          record.row.id,
          'Demo data: .example domains are reserved, the person is real to us',
          marketing,
        );
      }
      const id = record.row.id;
      if (prospect.stage && prospect.stage.to !== record.row.stage) {
        record = moveLeadStage(tx, id, prospect.stage, sales).record;
      }
      for (const followUp of prospect.followUps ?? []) recordFollowUp(tx, id, followUp, sales);
      for (const answer of prospect.qualification ?? []) {
        record = answerQualification(tx, id, answer.itemId, answer, sales);
      }
      for (const note of prospect.notes ?? []) addNote(tx, id, note, sales);
      return {
        name: prospect.lead.person?.fullName ?? id,
        leadId: id,
        stage: record.row.stage,
        page: prospect.page,
      };
    }),
  );

  return {
    users: users.map(({ role, name, email, token }) => ({ role, name, email, token })),
    rulesetId: `${ruleset.ruleset.id}@${ruleset.ruleset.version}`,
    importedLeads,
    convertedLeads,
    openLeads,
    rejectedRows,
    prospects,
  };
}

type Actor = NonNullable<RulesetContext['actor']>;
/** A write by a named person (the demo's users), as the review and follow-up services require. */
type PersonContext = WriteContext & { actor: NonNullable<WriteContext['actor']> };

/** The two-sided sign-off, a day apart each: drafted by the admin, approved by sales and marketing, activated. */
function signOffXEducationRuleset(
  db: Db,
  people: { author: Actor; approvers: Actor[]; startAt: Date },
): void {
  const definition: unknown = createRequire(import.meta.url)(xEducationRulesetFile);
  const at = (step: number) => new Date(people.startAt.getTime() + step * 86_400_000);
  db.transaction((tx) => {
    const draft = createRulesetDraft(tx, definition, { actor: people.author, now: at(0) });
    people.approvers.forEach((approver, index) => {
      approveRulesetVersion(tx, draft.rulesetId, draft.version, { actor: approver, now: at(index + 1) });
    });
    activateRulesetVersion(tx, draft.rulesetId, draft.version, {
      actor: people.author,
      now: at(people.approvers.length + 1),
    });
  });
}

/** The X Education preset plus the two columns `planXEducationDemo` adds: creation date and closed stage. */
function buildDemoMapping(): ColumnMapping {
  return ColumnMappingSchema.parse({
    ...xEducationMapping,
    description: `${xEducationMapping.description ?? ''} Demo: creation dates spread over the past year in Lead Number order; converted history imported won.`,
    columns: [
      ...xEducationMapping.columns,
      { column: createdAtColumn, to: 'createdAt', transforms: [{ op: 'datetime' }] },
      { column: stageColumn, to: 'stage' },
    ],
  });
}

/**
 * History that did not convert is closed, with the real outcome as the reason: in nurture when X Education's sales
 * notes say "not now" (see `salesTagActions`), otherwise disqualified and confirmed by marketing (the product's own
 * path for a rejected lead, so it does not wait in the review queue). The ruleset made some of these MQL at import:
 * the move from MQL keeps that in the funnel, which therefore shows how many MQLs converted. Leads the gate sent to
 * review stay there: marketing has not decided on them.
 */
function closeUnconvertedHistory(db: Db, leads: readonly DemoLeadPlan[], context: PersonContext): void {
  const unconverted = leads.filter((lead) => !lead.isOpen && !lead.hasConverted);
  for (let start = 0; start < unconverted.length; start += closeBatchSize) {
    db.transaction((tx) => {
      for (const lead of unconverted.slice(start, start + closeBatchSize)) {
        const id = findLeadIdByExternalId(tx, xEducationMapping.name, lead.prospectId);
        const record = id === undefined ? undefined : loadLead(tx, id);
        if (!id || !record || record.row.gate !== 'accepted') continue;
        if (record.row.stage !== 'inquiry' && record.row.stage !== 'mql') continue;
        const isLater = lead.salesTag !== null && salesTagActions[lead.salesTag] === 'nurture';
        if (isLater) {
          moveLeadStage(
            tx,
            id,
            { to: 'nurture', reasonCode: 'timing', reasonText: lead.salesTag ?? '' },
            context,
          );
        } else {
          moveLeadStage(tx, id, { to: 'disqualified', ...notConverted }, context);
          confirmReview(tx, id, undefined, context);
        }
      }
    });
  }
}

/** The rep works the open MQLs as X Education's sales notes say (see `salesTagActions`); returns stage counts. */
function workOpenLeads(
  db: Db,
  leads: readonly DemoLeadPlan[],
  rep: PersonContext,
  importedAt: Date,
): Record<string, number> {
  const stages: Record<string, number> = {};
  db.transaction((tx) => {
    for (const [index, lead] of leads.entries()) {
      if (!lead.isOpen) continue;
      const context = { ...rep, now: findWorkedAt(importedAt, index, rep.now) };
      const id = findLeadIdByExternalId(tx, xEducationMapping.name, lead.prospectId);
      const record = id === undefined ? undefined : loadLead(tx, id);
      if (!id || !record) continue;
      let stage = record.row.stage;
      const action = lead.salesTag === null ? undefined : salesTagActions[lead.salesTag];
      if (stage === 'mql' && action !== undefined) {
        const note = `X Education sales notes: ${lead.salesTag}`;
        if (action === 'accept') {
          recordFollowUp(tx, id, { channel: 'call', outcome: 'connected', note }, context);
          stage = moveLeadStage(tx, id, { to: 'sal' }, context).record.row.stage;
        } else if (action === 'no_answer') {
          recordFollowUp(tx, id, { channel: 'call', outcome: 'no_answer', note }, context);
        } else if (action === 'disqualify') {
          const move = {
            to: 'disqualified' as const,
            reasonCode: 'not_a_fit',
            reasonText: lead.salesTag ?? '',
          };
          stage = moveLeadStage(tx, id, move, context).record.row.stage;
        } else {
          const move = { to: 'nurture' as const, reasonCode: 'timing', reasonText: lead.salesTag ?? '' };
          stage = moveLeadStage(tx, id, move, context).record.row.stage;
        }
      }
      stages[stage] = (stages[stage] ?? 0) + 1;
    }
  });
  return stages;
}

export function readDemoLeads(file: string = defaultDemoLeadsFile): Buffer {
  return readFileSync(file);
}
