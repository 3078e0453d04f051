import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Role } from '@leadlight/contract';
import { CreateLeadRequestSchema } from '@leadlight/contract';
import { createFixedClock } from '../clock';
import { getActiveRuleset, loadDefaultRuleset } from '../db/active-ruleset';
import type { Db } from '../db/client';
import { listImportRowIssues } from '../db/imports';
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
  createLead,
  moveLeadStage,
  reconsiderLead,
  recordFollowUp,
  type WriteContext,
} from '../services/lead-writes';
import { seedActiveRuleset } from '../services/rulesets';
import { demoProspects } from './prospects';

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

export interface DemoSeedResult {
  users: { role: Role; name: string; email: string; token: string }[];
  rulesetId: string;
  importedLeads: number;
  convertedLeads: number;
  rejectedRows: { rowNumber: number; errors: string[] }[];
  prospects: { name: string; leadId: string; stage: string; page: string }[];
}

/**
 * Fills an empty, migrated database with the demo: one user per role (tokens returned once), the X Education leads
 * imported by the marketer through the import service with their outcomes as closed history (won when converted,
 * else lost; a job in the recent imports), and the named prospects of the extension's test pages worked a little by
 * the rep.
 */
export async function seedDemoDatabase(
  db: Db,
  options: { leadsCsv: string | Uint8Array; now: Date; onProgress?: (done: number, total: number) => void },
): Promise<DemoSeedResult> {
  const now = options.now;
  const users = db.transaction((tx) =>
    demoUsers.map((user) => {
      const created = insertUser(tx, user, { actorId: null, now: now.toISOString() });
      const { secret } = issueToken(tx, created.id, 'demo', { actorId: null, now: now.toISOString() });
      return { ...created, token: secret };
    }),
  );
  const admin = users.find((user) => user.role === 'admin');
  // The shipped default ruleset becomes the active version (seeded: a fresh install has nobody to sign it off yet).
  seedActiveRuleset(db, loadDefaultRuleset().ruleset, {
    actor: admin ? { id: admin.id, role: admin.role, team: admin.team } : null,
    now,
  });
  const ruleset = getActiveRuleset(db);
  const byRole = (role: Role) => {
    const user = users.find((candidate) => candidate.role === role);
    if (!user) throw new Error(`demo user for ${role} missing`);
    return { id: user.id, role };
  };
  const marketing: WriteContext = { actor: byRole('marketer'), now, ruleset };
  const sales = { actor: byRole('rep'), now, ruleset };

  // The leads go through the import service, as an uploaded file would: one code path reads and stores CSVs.
  const bytes =
    typeof options.leadsCsv === 'string' ? new TextEncoder().encode(options.leadsCsv) : options.leadsCsv;
  const source = createBufferSource(bytes, basename(defaultDemoLeadsFile));
  const importOptions: ImportOptions = {
    preset: 'x-education',
    closeByOutcome: true,
    actor: marketing.actor,
    clock: createFixedClock(now.toISOString()),
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
    rejectedRows,
    prospects,
  };
}

export function readDemoLeads(file: string = defaultDemoLeadsFile): Buffer {
  return readFileSync(file);
}
