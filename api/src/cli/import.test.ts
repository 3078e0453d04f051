import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExportedLead, ImportJob, ImportRowIssue } from '@leadlight/contract';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { CliError } from './output';
import { createProgram } from './program';

const directory = mkdtempSync(join(tmpdir(), 'leadlight-cli-import-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const salesforceFile = fileURLToPath(
  new URL('../../../test/fixtures/crm/salesforce-leads-demo-org.csv', import.meta.url),
);

/** Runs the CLI in-process and returns what it printed on stdout. */
async function leadlight(...args: string[]): Promise<string> {
  let output = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    output += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  });
  try {
    await createProgram().exitOverride().parseAsync(args, { from: 'user' });
  } finally {
    spy.mockRestore();
  }
  return output;
}

describe('leadlight import / export', { timeout: 60_000 }, () => {
  const dbPath = join(directory, 'leads.db');

  it('dry-runs, imports (JSON report) and re-imports as duplicates; exports CSV and JSON with filters', {
    timeout: 120_000,
  }, async () => {
    const dry = await leadlight('import', salesforceFile, '--dry-run', '--db', dbPath);
    expect(dry).toContain('dry run: would import');
    expect(dry).toContain('mapping "salesforce": 22 rows');

    const report = JSON.parse(
      await leadlight('import', salesforceFile, '--preset', 'salesforce', '--json', '--db', dbPath),
    ) as {
      job: ImportJob;
      issues: ImportRowIssue[];
    };
    expect(report.job.status).toBe('completed');
    expect(report.job.progress.rowsDone).toBe(22);
    const stored = report.job.progress.accepted + report.job.progress.review;

    const again = JSON.parse(await leadlight('import', salesforceFile, '--json', '--db', dbPath)) as {
      job: ImportJob;
    };
    expect(again.job.progress.duplicates).toBe(stored);

    const csv = parse(await leadlight('export', '--db', dbPath)) as string[][];
    expect(csv[0]?.slice(0, 4)).toEqual(['id', 'stage', 'owner_id', 'full_name']);
    expect(csv).toHaveLength(stored + 1);

    const out = join(directory, 'leads.json');
    const summary = JSON.parse(
      await leadlight('export', '--format', 'json', '--q', 'akin', '--out', out, '--json', '--db', dbPath),
    ) as { count: number };
    expect(summary.count).toBe(1);
    const exported = JSON.parse(readFileSync(out, 'utf8')) as { items: ExportedLead[] };
    expect(exported.items[0]?.identities.emails).toEqual(['kakin@athenahome.com']);
  });

  it('takes a custom mapping file and reports bad rows; refuses a bad mapping and a missing file', {
    timeout: 60_000,
  }, async () => {
    const csvFile = join(directory, 'booth.csv');
    writeFileSync(csvFile, 'Who,Mail\nMina Park,mina@park-labs.io\nNo Mail,not-an-email\n');
    const mapFile = join(directory, 'booth.json');
    writeFileSync(
      mapFile,
      JSON.stringify({
        name: 'booth',
        columns: [
          { column: 'Who', to: 'person.fullName' },
          { column: 'Mail', to: 'identities.emails', transforms: [{ op: 'email' }] },
        ],
        defaults: { 'company.name': 'Park Labs' },
      }),
    );
    const text = await leadlight('import', csvFile, '--map', mapFile, '--db', join(directory, 'booth.db'));
    expect(text).toContain('accepted 1');
    expect(text).toContain('rejected 1');
    expect(text).toMatch(/row 3 rejected: .*not-an-email/);

    writeFileSync(mapFile, '{"name":"booth","columns":[{"column":"Who","to":"nope"}]}');
    await expect(leadlight('import', csvFile, '--map', mapFile, '--db', dbPath)).rejects.toThrow(CliError);
    await expect(leadlight('import', join(directory, 'missing.csv'), '--db', dbPath)).rejects.toThrow(
      /no such file/,
    );
  });
});
