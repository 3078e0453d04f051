import type { LookupResponse } from '@leadlight/contract';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { createFixedClock } from '../clock';
import { loadConfig } from '../config';
import { migrate, openDatabase } from '../db/client';
import { listRecentImportJobs } from '../services/import-leads';
import { demoProspects } from './prospects';
import { readDemoLeads, seedDemoDatabase } from './seed-demo';

/** The first 300 X Education leads (the whole file is imported by `leadlight demo`; see cli tests). */
function readLeadSample(rows: number): string {
  const lines = readDemoLeads().toString('utf8').split(/\r?\n/);
  return lines.slice(0, rows + 1).join('\n');
}

describe('seedDemoDatabase', () => {
  it('creates one user per role, imports leads with outcomes and the prospects of the test pages', {
    timeout: 60_000,
  }, async () => {
    const db = openDatabase(':memory:');
    migrate(db);
    const now = new Date('2026-11-24T09:00:00.000Z');
    const result = await seedDemoDatabase(db, { leadsCsv: readLeadSample(300), now });
    expect(result.users.map((user) => user.role)).toEqual(['rep', 'marketer', 'admin']);
    expect(result.importedLeads).toBe(300);
    expect(result.rulesetId).toMatch(/^default-b2b@\d+$/);
    expect(
      db.$client.prepare("select count(*) as n from ruleset_versions where state = 'active'").get(),
    ).toEqual({ n: 1 });
    expect(result.rejectedRows).toEqual([]);
    // The leads came through the import service: one finished job, closed history kept out of the review queue.
    const jobs = listRecentImportJobs(db, 10);
    expect(jobs.map((job) => [job.status, job.isDryRun, job.mappingName, job.progress.totalRows])).toEqual([
      ['completed', false, 'x-education', 300],
    ]);
    expect(jobs[0]?.progress).toMatchObject({ accepted: 300, review: 0, rejected: 0, withOutcome: 300 });
    expect(db.$client.prepare("select count(*) as n from leads where gate = 'review'").get()).toEqual({
      n: 0,
    });
    const outcomes = db.$client
      .prepare(
        'select stage, has_converted as converted, count(*) as n from leads where has_converted is not null group by 1, 2 order by 1',
      )
      .all();
    expect(outcomes).toEqual([
      { stage: 'lost', converted: 0, n: 300 - result.convertedLeads },
      { stage: 'won', converted: 1, n: result.convertedLeads },
    ]);
    expect(result.prospects.map((prospect) => prospect.name)).toEqual(
      demoProspects.map((prospect) => prospect.lead.person?.fullName),
    );

    const app = createApp({ db, clock: createFixedClock(now.toISOString()), config: loadConfig({}, {}) });
    const rep = result.users[0];
    const response = await app.request('/api/v1/lookup?linkedin=linkedin.com/in/dana-whitfield-7a1b2c', {
      headers: { authorization: `Bearer ${rep?.token}` },
    });
    expect(response.status).toBe(200);
    const { card } = (await response.json()) as LookupResponse;
    expect(card).toMatchObject({ name: 'Dana Whitfield', stage: 'mql', attempts: { made: 2 }, flags: [] });
    expect(card.history.map((entry) => entry.kind)).toContain('note.added');

    const priya = await app.request('/api/v1/lookup?email=priya.natarajan@northwind-traders.example', {
      headers: { authorization: `Bearer ${rep?.token}` },
    });
    expect(priya.status).toBe(404);
  });
});
