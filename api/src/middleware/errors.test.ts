import { describe, expect, it } from 'vitest';
import { createLeadViaApi, weakLead } from '../testing/leads';
import { createTestContext, readJson } from '../testing/test-context';

function countNotes(ctx: ReturnType<typeof createTestContext>): number {
  return (ctx.db.$client.prepare('select count(*) as n from notes').get() as { n: number }).n;
}

describe('storage failures', () => {
  it('a full database answers 503 storage_unavailable, stores nothing, and the same key succeeds later', async () => {
    const ctx = createTestContext();
    const lead = await createLeadViaApi(ctx, weakLead);
    const send = () =>
      ctx.request('POST', `/api/v1/leads/${lead.id}/notes`, {
        as: 'rep',
        body: { body: `Long note ${'x'.repeat(3_000)}` },
        headers: { 'idempotency-key': 'full-0001' },
      });
    // SQLite's own limit on the file size: the engine answers SQLITE_FULL just as on a full disk.
    const pages = ctx.db.$client.pragma('page_count', { simple: true }) as number;
    ctx.db.$client.pragma(`max_page_count = ${pages}`);
    const full = await send();
    expect(full.status).toBe(503);
    expect((await readJson<{ error: { code: string } }>(full)).error.code).toBe('storage_unavailable');
    expect(countNotes(ctx)).toBe(0);

    ctx.db.$client.pragma('max_page_count = 1073741823');
    expect((await send()).status).toBe(201);
    expect(countNotes(ctx)).toBe(1);
  });

  it('a read-only database answers 503 storage_unavailable', async () => {
    const ctx = createTestContext();
    const lead = await createLeadViaApi(ctx, weakLead);
    ctx.db.$client.pragma('query_only = ON');
    const response = await ctx.request('POST', `/api/v1/leads/${lead.id}/notes`, {
      as: 'rep',
      body: { body: 'Called, no answer.' },
    });
    expect(response.status).toBe(503);
    const { error } = await readJson<{ error: { code: string; message: string } }>(response);
    expect(error.code).toBe('storage_unavailable');
    expect(error.message).not.toMatch(/SQLITE|sqlite/);
    ctx.db.$client.pragma('query_only = OFF');
    expect(countNotes(ctx)).toBe(0);
  });
});
