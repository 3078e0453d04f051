import { createTestContext, type TestContext } from '@leadlight/api/src/testing/test-context';
import { ImportJobResponseSchema } from '@leadlight/contract';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { findResponseProblem, readResponse } from './support/response-checks';

const numRuns = Number(process.env.LEADLIGHT_CSV_FUZZ_CASES ?? 150);
const header = ['First Name', 'Last Name', 'Email', 'Company', 'Job Title', 'Phone', 'Lead Source'];
/** Cells a spreadsheet would run as a formula when the export is opened (OWASP "CSV injection"). */
const formulas = [
  '=cmd|" /C calc"!A0',
  '=HYPERLINK("http://evil.example","x")',
  '+1+cmd',
  '-2+3',
  '@SUM(A1:A9)',
  '\t=1+1',
  '\r=1',
];

const cell = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[A-Za-z][a-z]{1,12}$/) },
  { weight: 2, arbitrary: fc.constantFrom(...formulas) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('a "quoted" word', 'line\nbreak', 'comma, inside', '"', '""', ' ', ''),
  },
  { weight: 1, arbitrary: fc.constant('h'.repeat(70_000)) },
);
const row = fc
  .tuple(fc.array(cell, { minLength: header.length, maxLength: header.length }), fc.nat({ max: 30 }))
  .map(([cells, n]) => {
    // Column 3 is the email: mostly well formed (from a small pool, so duplicates happen), sometimes hostile.
    const copy = [...cells];
    if (n < 25) copy[2] = `person${n}@csv-${n % 5}.example-corp.com`;
    if (n < 20) copy[3] = `CSV Co ${n % 5}`;
    return copy;
  });

type Encoding = 'utf-8' | 'latin1-declared' | 'latin1-undeclared' | 'utf-16' | 'invalid-bytes';

const file = fc.record({
  rows: fc.array(row, { minLength: 1, maxLength: 8 }),
  duplicateFirst: fc.boolean(),
  brokenQuoteAt: fc.option(fc.nat({ max: 8 }), { freq: 4 }),
  encoding: fc.constantFrom<Encoding>(
    'utf-8',
    'utf-8',
    'utf-8',
    'latin1-declared',
    'latin1-undeclared',
    'utf-16',
    'invalid-bytes',
  ),
  isDryRun: fc.boolean(),
  duplicates: fc.constantFrom('report', 'merge', 'skip'),
});

type CsvFile = typeof file extends fc.Arbitrary<infer T> ? T : never;

function quote(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function encodeCsv(input: CsvFile): {
  bytes: Uint8Array;
  encodingParam: string;
} {
  const rows = input.duplicateFirst && input.rows[0] ? [...input.rows, input.rows[0]] : input.rows;
  const lines = [header, ...rows].map((cells, index) => {
    const text = cells.map(quote).join(',');
    // An unbalanced quote: everything after it runs to the end of the file.
    return input.brokenQuoteAt === null || index !== input.brokenQuoteAt + 1 ? text : `"${text}`;
  });
  const text = `${lines.join('\r\n')}\r\n`;
  switch (input.encoding) {
    case 'utf-8':
      return { bytes: new TextEncoder().encode(text), encodingParam: 'utf-8' };
    case 'latin1-declared':
    case 'latin1-undeclared': {
      const bytes = Uint8Array.from([...text].map((char) => Math.min(char.codePointAt(0) ?? 63, 255)));
      return { bytes, encodingParam: input.encoding === 'latin1-declared' ? 'latin1' : 'utf-8' };
    }
    case 'utf-16': {
      const bytes = new Uint8Array(2 + text.length * 2);
      bytes.set([0xff, 0xfe]);
      for (let index = 0; index < text.length; index += 1) {
        const unit = text.charCodeAt(index);
        bytes[2 + index * 2] = unit & 0xff;
        bytes[3 + index * 2] = unit >> 8;
      }
      return { bytes, encodingParam: 'utf-8' };
    }
    case 'invalid-bytes': {
      const valid = new TextEncoder().encode(text);
      const bytes = new Uint8Array(valid.length + 3);
      bytes.set(valid);
      bytes.set([0xc3, 0x28, 0xff], valid.length);
      return { bytes, encodingParam: 'utf-8' };
    }
  }
}

const countLeads = (ctx: TestContext) =>
  ctx.db.$client.prepare('SELECT count(*) FROM leads').pluck().get() as number;

describe(`fuzz: ${numRuns} generated CSV imports (quoting, encodings, huge cells, formulas, duplicates)`, () => {
  let ctx: TestContext;
  let importsWithRows = 0;

  beforeAll(() => {
    ctx = createTestContext();
  });

  it('answers every upload with a job or a JSON error, and stores exactly the rows it reports as stored', async () => {
    await fc.assert(
      fc.asyncProperty(file, async (input) => {
        const { bytes, encodingParam } = encodeCsv(input);
        const before = countLeads(ctx);
        const query = `wait=true&preset=generic&encoding=${encodingParam}&dryRun=${input.isDryRun}&duplicates=${input.duplicates}`;
        const response = await readResponse(
          await ctx.app.request(`/api/v1/imports?${query}`, {
            method: 'POST',
            body: bytes,
            headers: { authorization: `Bearer ${ctx.users.marketer.token}`, 'content-type': 'text/csv' },
          }),
        );
        expect(findResponseProblem(response)).toBeNull();
        const added = countLeads(ctx) - before;
        if (response.status !== 200) {
          expect(added).toBe(0);
          return;
        }
        const { job } = ImportJobResponseSchema.parse(JSON.parse(response.text));
        const { progress } = job;
        if (job.error !== null || job.isDryRun) {
          // A file-level problem or a dry run: nothing half-imported, nothing imported at all.
          expect(added).toBe(0);
          return;
        }
        importsWithRows += 1;
        expect(progress.rowsDone).toBe(progress.totalRows);
        expect(
          progress.accepted + progress.review + progress.rejected + progress.duplicates + progress.merged,
        ).toBe(progress.rowsDone);
        // Every new lead is a row reported as stored; merged rows update an existing lead.
        expect(added).toBe(progress.accepted + progress.review);
        const rows = await ctx.request('GET', `/api/v1/imports/${job.id}/rows?limit=1000`, {
          as: 'marketer',
        });
        const issues = (JSON.parse(await rows.text()) as { items: { kind: string; messages: unknown[] }[] })
          .items;
        expect(issues.filter((issue) => issue.kind === 'rejected').length).toBe(progress.rejected);
        for (const issue of issues.filter((item) => item.kind === 'rejected')) {
          expect(issue.messages.length).toBeGreaterThan(0);
        }
      }),
      { numRuns },
    );
    expect(importsWithRows).toBeGreaterThan(0);
  });

  it('escapes every formula-like cell in the CSV export', async () => {
    // One accepted row whose name, company and title are formulas, so the export surely holds some.
    const csv = `${header.join(',')}\r\n=cmd|' /C calc'!A0,@SUM(A1),formula@csv-export.example-corp.com,+Evil Co,-2+3,,web\r\n`;
    const upload = await ctx.app.request('/api/v1/imports?wait=true&preset=generic', {
      method: 'POST',
      body: csv,
      headers: { authorization: `Bearer ${ctx.users.marketer.token}`, 'content-type': 'text/csv' },
    });
    expect(upload.status).toBe(200);
    const response = await ctx.request('GET', '/api/v1/exports/leads?format=csv', { as: 'marketer' });
    expect(response.status).toBe(200);
    const records = parse(await response.text(), { relax_column_count: true }) as string[][];
    expect(records.length).toBeGreaterThan(1);
    const unescaped = records.flat().filter((value) => /^[=+\-@\t\r]/.test(value));
    expect(unescaped).toEqual([]);
    // The formulas imported above are in the export, defused by a leading apostrophe.
    expect(records.flat().some((value) => /^'[=+\-@\t\r]/.test(value))).toBe(true);
  });
});
