import {
  BacktestResponseSchema,
  type LookupResponse,
  MyQueueResponseSchema,
  ReviewQueueResponseSchema,
  RulesetVersionResponseSchema,
  WaterfallResponseSchema,
} from '@leadlight/contract';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { createFixedClock } from '../clock';
import { loadConfig } from '../config';
import { type Db, migrate, openDatabase } from '../db/client';
import { listRecentImportJobs } from '../services/import-leads';
import { demoProspects } from './prospects';
import { type DemoSeedResult, readDemoLeads, seedDemoDatabase } from './seed-demo';
import { demoTimeline, planXEducationDemo } from './x-education-plan';

/**
 * The newest 2,000 X Education leads (the file lists them newest first; `leadlight demo` imports all 9,240): 40 of
 * them stay open, 1,960 are closed history.
 */
const sampleRows = 2000;
const openRows = Math.round(sampleRows * demoTimeline.openShare);

function readLeadSample(rows: number): string {
  const lines = readDemoLeads().toString('utf8').split(/\r?\n/);
  return lines.slice(0, rows + 1).join('\n');
}

const now = new Date('2026-11-24T09:00:00.000Z');

describe('planXEducationDemo', () => {
  it('is deterministic, keeps the Lead Number order in time and withholds the outcome of the newest 2%', () => {
    const csv = readLeadSample(sampleRows);
    const first = planXEducationDemo(csv, now);
    const second = planXEducationDemo(csv, now);
    // Compared as text: a deep comparison of two 1 MB byte arrays takes vitest seconds.
    expect(new TextDecoder().decode(second.csv)).toBe(new TextDecoder().decode(first.csv));
    expect(second.leads).toEqual(first.leads);
    const open = first.leads.filter((lead) => lead.isOpen);
    expect(open).toHaveLength(openRows);
    const weekAgo = now.getTime() - demoTimeline.openDays * 86_400_000;
    for (const lead of first.leads) {
      const at = Date.parse(lead.createdAt);
      expect(at).toBeLessThan(now.getTime());
      expect(lead.isOpen ? at >= weekAgo : at < weekAgo).toBe(true);
    }
    // The file is newest first: its first rows are the open ones, and creation dates fall down the file.
    expect(first.leads.slice(0, openRows).every((lead) => lead.isOpen)).toBe(true);
    expect(Date.parse(first.leads[0]?.createdAt ?? '')).toBeGreaterThan(
      Date.parse(first.leads[sampleRows - 1]?.createdAt ?? ''),
    );
    const months = new Set(first.leads.map((lead) => lead.createdAt.slice(0, 7)));
    expect(months.size).toBeGreaterThanOrEqual(12);
  });

  it('withholds what sales wrote after contact on open leads (outcome, Tags, Lead Quality), keeps it on history', () => {
    const plan = planXEducationDemo(readLeadSample(sampleRows), now);
    const [header, ...rows] = parse(new TextDecoder().decode(plan.csv)) as string[][];
    const column = (name: string) => header?.indexOf(name) ?? -1;
    const afterContact = ['Converted', 'Tags', 'Lead Quality'].map(column);
    expect(afterContact.every((index) => index >= 0)).toBe(true);
    const open = rows.filter((_, index) => plan.leads[index]?.isOpen);
    expect(open.length).toBe(openRows);
    for (const row of open) for (const index of afterContact) expect(row[index]).toBe('');
    // The plan still knows the tag: the demo's rep acts on it (a note says what was learnt).
    expect(plan.leads.some((lead) => lead.isOpen && lead.salesTag !== null)).toBe(true);
    const closedTags = rows
      .filter((_, index) => !plan.leads[index]?.isOpen)
      .map((row) => row[column('Tags')]);
    expect(closedTags.some((tag) => tag !== '')).toBe(true);
  });
});

describe('seedDemoDatabase', () => {
  let db: Db;
  let result: DemoSeedResult;
  let app: ReturnType<typeof createApp>;
  const tokenOf = (role: string) => result.users.find((user) => user.role === role)?.token ?? '';
  const get = async (role: string, path: string): Promise<unknown> => {
    const response = await app.request(`/api/v1${path}`, {
      headers: { authorization: `Bearer ${tokenOf(role)}` },
    });
    expect(response.status, path).toBe(200);
    return response.json();
  };
  const count = (sql: string): number => (db.$client.prepare(sql).get() as { n: number }).n;

  beforeAll(async () => {
    db = openDatabase(':memory:');
    migrate(db);
    result = await seedDemoDatabase(db, { leadsCsv: readLeadSample(sampleRows), now });
    app = createApp({ db, clock: createFixedClock(now.toISOString()), config: loadConfig({}, {}) });
  }, 120_000);

  it('activates the X Education ruleset through the two-sided sign-off, after the default of a fresh install', async () => {
    expect(result.users.map((user) => user.role)).toEqual(['rep', 'marketer', 'admin']);
    expect(result.rulesetId).toBe('x-education@1');
    expect(
      db.$client.prepare('select ruleset_id as id, state from ruleset_versions order by created_at').all(),
    ).toEqual([
      { id: 'default-b2b', state: 'retired' },
      { id: 'x-education', state: 'active' },
    ]);
    const { ruleset } = RulesetVersionResponseSchema.parse(
      await get('admin', '/rulesets/x-education/versions/1'),
    );
    expect(ruleset.missingApprovals).toEqual([]);
    expect(ruleset.approvals.map((approval) => approval.team).sort()).toEqual(['marketing', 'sales']);
  });

  it('imports the leads in one job: closed history with outcomes, the newest 2% open without one', () => {
    expect(result.importedLeads).toBe(sampleRows);
    expect(result.rejectedRows).toEqual([]);
    const jobs = listRecentImportJobs(db, 10);
    expect(jobs.map((job) => [job.status, job.isDryRun, job.mappingName, job.progress.totalRows])).toEqual([
      ['completed', false, 'x-education', sampleRows],
    ]);
    expect(jobs[0]?.progress.withOutcome).toBe(sampleRows - openRows);
    // History: converted → won; not converted → closed (disqualified, or nurture when sales noted "not now"),
    // except a test lead the gate keeps for marketing's review.
    const history = db.$client
      .prepare(
        'select stage, has_converted as converted, count(*) as n from leads where has_converted is not null group by 1, 2 order by 1, 2',
      )
      .all() as { stage: string; converted: number; n: number }[];
    expect(history.filter((row) => row.converted === 1)).toEqual([
      { stage: 'won', converted: 1, n: result.convertedLeads },
    ]);
    const closedStages = history.filter((row) => row.converted === 0).map((row) => row.stage);
    expect(closedStages).toContain('disqualified');
    expect(closedStages.filter((stage) => !['disqualified', 'nurture', 'inquiry'].includes(stage))).toEqual(
      [],
    );
    expect(count("select count(*) as n from leads where has_converted = 0 and stage = 'inquiry'")).toBe(
      count("select count(*) as n from leads where has_converted = 0 and gate = 'review'"),
    );
    // The closed history was worked through the funnel: the ruleset made some of it MQL before it closed.
    expect(
      count(
        "select count(*) as n from stage_moves m join leads l on l.id = m.lead_id where l.has_converted = 0 and m.from_stage = 'mql'",
      ),
    ).toBeGreaterThan(0);
  });

  it('leaves open leads in several stages, with MQLs by the active ruleset in the rep queue', async () => {
    const open = result.openLeads;
    expect(Object.values(open).reduce((sum, n) => sum + n, 0)).toBe(openRows);
    expect(Object.keys(open).length).toBeGreaterThanOrEqual(3);
    expect(open.mql ?? 0).toBeGreaterThan(0);
    expect(open.sal ?? 0).toBeGreaterThan(0);
    expect(open.inquiry ?? 0).toBeGreaterThan(0);
    expect(
      count(
        "select count(*) as n from leads where has_converted is null and full_name is null and stage = 'mql' and ruleset_id = 'x-education@1' and score >= 17",
      ),
    ).toBe(open.mql);
    const queue = MyQueueResponseSchema.parse(await get('rep', '/queue'));
    const names = queue.items.map((item) => item.lead.fullName);
    expect(names).toContain('Dana Whitfield');
    // X Education leads carry no name (the export stripped them): they are the rest of the queue.
    expect(names.filter((name) => name === null).length).toBe((open.mql ?? 0) + (open.sal ?? 0));
  });

  it('gives marketing a review queue of real leads: the test lead and reps’ rejections', async () => {
    const review = ReviewQueueResponseSchema.parse(await get('marketer', '/review?state=pending&limit=50'));
    expect(review.items.length).toBeGreaterThan(0);
    expect(review.items.length).toBe(count("select count(*) as n from leads where review_state = 'pending'"));
  });

  it('shows a funnel with conversion below 100% per month, and a backtest with real precision and recall', async () => {
    const waterfall = WaterfallResponseSchema.parse(await get('admin', '/stats/waterfall?period=month'));
    expect(waterfall.rows.length).toBeGreaterThanOrEqual(12);
    const total = { inquiry: 0, mql: 0, sal: 0, won: 0 };
    for (const row of waterfall.rows) {
      for (const stage of ['inquiry', 'mql', 'sal', 'won'] as const) total[stage] += row.reached[stage];
      // Every month: fewer MQLs than inquiries, and not every MQL became a customer.
      expect(row.reached.mql).toBeLessThan(row.reached.inquiry);
      expect(row.reached.won).toBeLessThan(row.reached.mql);
    }
    expect(total.won / total.inquiry).toBeGreaterThan(0);
    expect(total.won / total.inquiry).toBeLessThan(1);
    expect(total.sal / total.mql).toBeLessThan(1);

    const { result: backtest } = BacktestResponseSchema.parse(
      await get('marketer', '/rulesets/x-education/versions/1/backtest'),
    );
    expect(backtest.leads).toBe(sampleRows - openRows);
    expect(backtest.mqlCount).toBeGreaterThan(0);
    expect(backtest.precision).toBeGreaterThan(0.5);
    expect(backtest.precision).toBeLessThan(1);
    expect(backtest.recall).toBeGreaterThan(0.5);
    expect(backtest.recall).toBeLessThan(1);
  });

  it('adds the prospects of the test pages, found by the overlay’s lookup', async () => {
    expect(result.prospects.map((prospect) => prospect.name)).toEqual(
      demoProspects.map((prospect) => prospect.lead.person?.fullName),
    );
    const response = (await get(
      'rep',
      '/lookup?linkedin=linkedin.com/in/dana-whitfield-7a1b2c',
    )) as LookupResponse;
    expect(response.card).toMatchObject({
      name: 'Dana Whitfield',
      stage: 'mql',
      attempts: { made: 2 },
      flags: [],
    });
    expect(response.card.history.map((entry) => entry.kind)).toContain('note.added');

    const priya = await app.request('/api/v1/lookup?email=priya.natarajan@northwind-traders.example', {
      headers: { authorization: `Bearer ${tokenOf('rep')}` },
    });
    expect(priya.status).toBe(404);
  });
});
