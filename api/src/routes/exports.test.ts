import type { ExportedLead } from '@leadlight/contract';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { createBufferSource, createImportJob, runImportJob } from '../services/import-leads';
import { createLeadViaApi, strongLead, weakLead } from '../testing/leads';
import { createTestContext, readJson, type TestContext } from '../testing/test-context';

type ExportBody = { items: ExportedLead[]; count: number };

async function exportLeads(ctx: TestContext, query: string, as: 'rep' | 'marketer' | 'admin' = 'marketer') {
  return ctx.request('GET', `/api/v1/exports/leads?${query}`, { as });
}

describe('GET /api/v1/exports/leads', { timeout: 60_000 }, () => {
  it('exports JSON with the list filters', async () => {
    const ctx = createTestContext();
    const strong = await createLeadViaApi(ctx, strongLead);
    const weak = await createLeadViaApi(ctx, weakLead);
    const all = await exportLeads(ctx, '');
    expect(all.headers.get('content-type')).toContain('application/json');
    expect(all.headers.get('content-disposition')).toContain('leads-2026-11-24.json');
    const body = await readJson<ExportBody>(all);
    expect(body.count).toBe(2);
    expect(body.items.map((lead) => lead.id).sort()).toEqual([strong.id, weak.id].sort());
    const mql = await readJson<ExportBody>(await exportLeads(ctx, 'stage=mql'));
    expect(mql.items.map((lead) => lead.id)).toEqual([strong.id]);
    expect(mql.items[0]?.identities.emails).toEqual(['avery.quinn@quinn-robotics.com']);
    expect(mql.items[0]?.company.size).toBe(1200);
    const byTag = await readJson<ExportBody>(await exportLeads(ctx, 'tag=ppc&sort=score'));
    expect(byTag.items.map((lead) => lead.id)).toEqual([weak.id]);
    const none = await readJson<ExportBody>(await exportLeads(ctx, 'q=nobody-at-all'));
    expect(none).toEqual({ items: [], count: 0 });
  });

  it('exports CSV with formula-looking cells escaped (OWASP CSV injection)', async () => {
    const ctx = createTestContext();
    await createLeadViaApi(ctx, {
      ...weakLead,
      person: { fullName: '=HYPERLINK("http://evil.example","click")', title: '@SUM(A1:A2)' },
      tags: ['-tag', '+plus'],
    });
    const response = await exportLeads(ctx, 'format=csv');
    expect(response.headers.get('content-type')).toContain('text/csv');
    const text = await response.text();
    const [header, row] = parse(text) as string[][];
    const cell = (name: string) => row?.[header?.indexOf(name) ?? -1];
    expect(cell('full_name')).toBe('\'=HYPERLINK("http://evil.example","click")');
    expect(cell('title')).toBe("'@SUM(A1:A2)");
    expect(cell('phones')).toBe("'+442079460958");
    expect(cell('tags')).toBe("'+plus; -tag");
    expect(cell('emails')).toBe('robin@marsh-daughters.co.uk');
    expect(cell('score')).toMatch(/^'?-?\d+$/);
  });

  it('streams every lead past one page, in the list order', { timeout: 120_000 }, async () => {
    const ctx = createTestContext();
    const rows = ['Name,Email,Company'];
    for (let index = 0; index < 520; index += 1)
      rows.push(`Person ${index},p${index}@paging-test.com,Paging Test`);
    const source = createBufferSource(Buffer.from(rows.join('\n')), 'paging.csv');
    const options = { preset: 'generic' as const, actor: null, clock: ctx.clock };
    await runImportJob(ctx.db, createImportJob(ctx.db, source, options).id, source, options);
    const json = await readJson<ExportBody>(await exportLeads(ctx, 'sort=createdAt'));
    expect(json.count).toBe(520);
    expect(new Set(json.items.map((lead) => lead.id)).size).toBe(520);
    const csv = parse(await (await exportLeads(ctx, 'format=csv')).text()) as string[][];
    expect(csv).toHaveLength(521);
  });

  it('refuses reps and invalid filters', async () => {
    const ctx = createTestContext();
    const rep = await exportLeads(ctx, '', 'rep');
    expect(rep.status).toBe(403);
    expect((await exportLeads(ctx, 'stage=bogus')).status).toBe(400);
    expect((await exportLeads(ctx, 'format=xml')).status).toBe(400);
    expect((await exportLeads(ctx, 'cursor=abc')).status).toBe(400);
  });
});
