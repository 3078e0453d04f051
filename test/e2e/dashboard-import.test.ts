import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ImportJob, ImportJobListResponseSchema, ImportJobResponseSchema } from '@leadlight/contract';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type DemoUser, type E2eEnvironment, startE2eEnvironment } from './harness/environment';
import { repoRoot } from './harness/paths';

/*
 * The dashboard's Import screen on the real API, signed in as the demo's marketer: the Salesforce demo-org lead file
 * (test/fixtures/crm/SOURCES.md) chosen with the real file input, its preset detected, dry run counts equal to the
 * API's own dry run of the same bytes, then the import with progress and the leads in the API afterwards.
 */

const leadFile = join(repoRoot, 'test/fixtures/crm/salesforce-leads-demo-org.csv');
const countKeys = ['accepted', 'review', 'rejected', 'duplicates', 'merged', 'withOutcome'] as const;

describe('dashboard: import a CSV', () => {
  let env: E2eEnvironment;
  let marketer: DemoUser;

  beforeAll(async () => {
    env = await startE2eEnvironment({ name: 'dashboard-import', demo: true });
    const found = env.demoUsers.find((user) => user.role === 'marketer');
    if (!found) throw new Error('The demo has no marketer');
    marketer = found;
    await env.signInAs(marketer.token);
  }, 300_000);

  afterAll(async () => {
    await env?.close();
  });

  /** What the API itself answers to a dry run of the file (raw text/csv upload, preset detected, finished job). */
  async function dryRunThroughApi(): Promise<ImportJob> {
    const response = await fetch(`${env.api.url}/api/v1/imports?dryRun=true&wait=true`, {
      method: 'POST',
      headers: { authorization: `Bearer ${marketer.token}`, 'content-type': 'text/csv' },
      body: readFileSync(leadFile),
      signal: AbortSignal.timeout(60_000),
    });
    expect(response.status).toBe(200);
    return ImportJobResponseSchema.parse(await response.json()).job;
  }

  async function listImports(): Promise<ImportJob[]> {
    const response = await fetch(`${env.api.url}/api/v1/imports`, {
      headers: { authorization: `Bearer ${marketer.token}` },
      signal: AbortSignal.timeout(10_000),
    });
    return ImportJobListResponseSchema.parse(await response.json()).items;
  }

  async function readCounts(report: Locator): Promise<Record<string, number>> {
    const counts: Record<string, number> = {
      totalRows: Number(await report.getByTestId('imp-count-total').textContent()),
    };
    for (const key of countKeys)
      counts[key] = Number(await report.getByTestId(`imp-count-${key}`).textContent());
    return counts;
  }

  function toCounts(job: ImportJob): Record<string, number> {
    const counts: Record<string, number> = { totalRows: job.progress.totalRows ?? -1 };
    for (const key of countKeys) counts[key] = job.progress[key];
    return counts;
  }

  test('previews, dry runs with the API’s own counts, imports and stores the leads', async () => {
    const page: Page = await env.browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`chrome-extension://${env.browser.extensionId}/dashboard.html#/import`);
    await page.getByTestId('import-screen').waitFor({ timeout: 15_000 });
    await page.getByTestId('imp-recent').waitFor();

    await page.getByTestId('imp-file-input').setInputFiles(leadFile);
    await expect.poll(() => page.getByTestId('imp-detected').textContent()).toContain('Salesforce');
    expect(await page.getByTestId('imp-preset').inputValue()).toBe('salesforce');
    await page.getByTestId('imp-raw-preview').getByText('Aethna Home Products').first().waitFor();
    expect(await page.getByTestId('imp-mapped-preview').textContent()).toContain('kakin@athenahome.com');
    expect(await page.getByLabel('Imported as (Email)').inputValue()).toBe('identities.emails');
    await env.screenshot(page, 'dashboard-import-preview');

    const apiDryRun = await dryRunThroughApi();
    expect(apiDryRun.status).toBe('completed');
    expect(apiDryRun.progress.totalRows).toBe(22);

    await page.getByTestId('imp-dry-run-button').click();
    const dryRun = page.locator('[data-testid="imp-dry-run"][data-status="completed"]');
    await dryRun.waitFor({ timeout: 60_000 });
    const shownDryRun = await readCounts(dryRun);
    expect(shownDryRun).toEqual(toCounts(apiDryRun));
    expect(await dryRun.textContent()).toContain('nothing was stored');
    // Bertha Boxer is one of the demo's prospects: the file's row 4 is listed as a duplicate, with why.
    expect(apiDryRun.progress.duplicates).toBeGreaterThanOrEqual(1);
    const kind = apiDryRun.progress.rejected > 0 ? 'rejected' : 'duplicate';
    await dryRun.getByTestId(`imp-tab-${kind}`).click();
    await dryRun.getByTestId('imp-issue-row').first().waitFor();
    if (kind === 'duplicate')
      expect(await dryRun.getByTestId('imp-row-issues').textContent()).toContain('bertha@fcof.net');
    await dryRun.getByTestId(`imp-prepare-${kind}`).click();
    const download = page.waitForEvent('download');
    await dryRun.getByTestId(`imp-download-${kind}`).click();
    const saved = await (await download).path();
    expect(readFileSync(saved, 'utf8')).toMatch(/^row,kind,column,message/);
    await dryRun.scrollIntoViewIfNeeded();
    await env.screenshot(page, 'dashboard-import-dry-run');
    // Dry runs store nothing.
    expect(await env.admin.findLeadId({ email: 'kakin@athenahome.com' })).toBeNull();

    await page.getByTestId('imp-import-button').click();
    const imported = page.locator('[data-testid="imp-import"][data-status="completed"]');
    await imported.waitFor({ timeout: 90_000 });
    const shownImport = await readCounts(imported);
    // Nothing changed between the dry run and the import: the same rows are accepted, reviewed, rejected.
    expect(shownImport).toEqual(shownDryRun);
    await imported.scrollIntoViewIfNeeded();
    await env.screenshot(page, 'dashboard-import-finished');

    const leadId = await env.admin.findLeadId({ email: 'kakin@athenahome.com' });
    expect(leadId).not.toBeNull();
    const lead = await env.admin.getLead(leadId as string);
    expect(lead).toMatchObject({ fullName: 'Kristen Akin' });

    const jobs = await listImports();
    const last = jobs.find((job) => !job.isDryRun && job.fileName === 'salesforce-leads-demo-org.csv');
    expect(last && toCounts(last)).toEqual(shownImport);
    await expect
      .poll(() => page.getByTestId('imp-recent-row').count(), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(3);
    expect(errors).toEqual([]);
    await page.close();
  }, 240_000);

  test('maps a generic file by hand and lists a rejected row with its reason', async () => {
    const file = join(env.workDir, 'trade-show-badges.csv');
    writeFileSync(
      file,
      [
        'Full Name,Work Email,Employer,Booth Notes',
        'Ana Lima,ana.lima@lima-consulting.com,Lima Consulting,wants a demo',
        'Bob Stone,bob@,Stone Works,',
        'Chen Wu,chen.wu@wu-logistics.com,Wu Logistics,call in Q1',
      ].join('\n'),
    );
    const page = await env.browser.context.newPage();
    await page.goto(`chrome-extension://${env.browser.extensionId}/dashboard.html#/import`);
    await page.getByTestId('imp-file-input').setInputFiles(file);
    await expect.poll(() => page.getByTestId('imp-preset').inputValue()).toBe('generic');
    await page.getByLabel('Imported as (Employer)').selectOption('company.name');
    await page.getByLabel('Imported as (Booth Notes)').selectOption('ignore');
    expect(await page.getByTestId('imp-mapped-preview').textContent()).toContain('Lima Consulting');

    await page.getByTestId('imp-dry-run-button').click();
    const dryRun = page.locator('[data-testid="imp-dry-run"][data-status="completed"]');
    await dryRun.waitFor({ timeout: 60_000 });
    expect(await dryRun.textContent()).toContain('generic (edited)');
    const counts = await readCounts(dryRun);
    expect(counts.totalRows).toBe(3);
    expect(counts.rejected).toBe(1);
    expect((counts.accepted ?? 0) + (counts.review ?? 0)).toBe(2);
    const issue = dryRun.getByTestId('imp-issue-row').first();
    await issue.waitFor();
    expect(await issue.textContent()).toMatch(/^3.*Work Email/);
    expect(await dryRun.getByTestId('imp-unmapped').count()).toBe(0);
    await dryRun.scrollIntoViewIfNeeded();
    await env.screenshot(page, 'dashboard-import-rejected');
    await page.close();
  }, 120_000);
});
