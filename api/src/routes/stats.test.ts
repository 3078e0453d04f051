import type { SlaStatsResponse, WaterfallResponse } from '@leadlight/contract';
import { describe, expect, it } from 'vitest';
import { createLeadViaApi, strongLead, weakLead, withIdentity } from '../testing/leads';
import { createTestContext, readJson, type TestContext } from '../testing/test-context';
import { toIsoWeek } from './stats';

async function moveStage(ctx: TestContext, leadId: string, to: string, reasonCode?: string) {
  const response = await ctx.request('POST', `/api/v1/leads/${leadId}/stage`, {
    as: 'rep',
    body: { to, ...(reasonCode === undefined ? {} : { reasonCode, reasonText: 'test' }) },
  });
  expect(response.status, await response.clone().text()).toBe(201);
}

/** Three MQLs (web_form, campaign q4-webinar) and two inquiries (paid_search); one MQL goes on to SAL then nurture. */
async function seedFunnel(ctx: TestContext) {
  const mqls = [];
  for (let index = 0; index < 3; index += 1)
    mqls.push(await createLeadViaApi(ctx, withIdentity(strongLead, index)));
  for (let index = 10; index < 12; index += 1) await createLeadViaApi(ctx, withIdentity(weakLead, index));
  const [first] = mqls;
  if (!first) throw new Error('no lead');
  await moveStage(ctx, first.id, 'sal');
  await moveStage(ctx, first.id, 'nurture', 'not_now');
  return mqls;
}

describe('GET /api/v1/stats/waterfall', () => {
  it('counts leads that reached each stage, per month, with stage-to-stage conversion', async () => {
    const ctx = createTestContext();
    await seedFunnel(ctx);
    const response = await ctx.request('GET', '/api/v1/stats/waterfall', { as: 'rep' });
    expect(response.status).toBe(200);
    const body = await readJson<WaterfallResponse>(response);
    expect(body.stages).toEqual(['inquiry', 'mql', 'sal', 'sql', 'opportunity', 'won']);
    expect(body.rows).toHaveLength(1);
    const [row] = body.rows;
    expect(row).toMatchObject({
      period: '2026-11',
      group: null,
      reached: { inquiry: 5, mql: 3, sal: 1, sql: 0, opportunity: 0, won: 0 },
    });
    expect(row?.conversion.slice(0, 3)).toEqual([
      { from: 'inquiry', to: 'mql', rate: 3 / 5 },
      { from: 'mql', to: 'sal', rate: 1 / 3 },
      { from: 'sal', to: 'sql', rate: 0 },
    ]);
    expect(row?.conversion[3]).toEqual({ from: 'sql', to: 'opportunity', rate: null });
  });

  it('groups by source or campaign, per ISO week, within a date range', async () => {
    const ctx = createTestContext();
    await seedFunnel(ctx);
    const bySource = await readJson<WaterfallResponse>(
      await ctx.request('GET', '/api/v1/stats/waterfall?period=week&by=source'),
    );
    expect(bySource.rows.map((row) => [row.period, row.group, row.reached.inquiry, row.reached.mql])).toEqual(
      [
        ['2026-W48', 'paid_search', 2, 0],
        ['2026-W48', 'web_form', 3, 3],
      ],
    );
    const byCampaign = await readJson<WaterfallResponse>(
      await ctx.request('GET', '/api/v1/stats/waterfall?by=campaign'),
    );
    expect(byCampaign.rows.map((row) => [row.group, row.reached.inquiry])).toEqual([
      [null, 2],
      ['q4-webinar', 3],
    ]);
    const outside = await readJson<WaterfallResponse>(
      await ctx.request('GET', '/api/v1/stats/waterfall?from=2026-12-01'),
    );
    expect(outside.rows).toEqual([]);
    const inside = await readJson<WaterfallResponse>(
      await ctx.request('GET', '/api/v1/stats/waterfall?from=2026-11-24&to=2026-11-24'),
    );
    expect(inside.rows[0]?.reached.inquiry).toBe(5);
    expect((await ctx.request('GET', '/api/v1/stats/waterfall?from=2026-12-01&to=2026-11-01')).status).toBe(
      400,
    );
    expect((await ctx.request('GET', '/api/v1/stats/waterfall?period=year')).status).toBe(400);
  });

  it('numbers ISO weeks across year ends', () => {
    expect(toIsoWeek('2026-11-24')).toBe('2026-W48');
    expect(toIsoWeek('2021-01-03')).toBe('2020-W53');
    expect(toIsoWeek('2024-12-30')).toBe('2025-W01');
    expect(toIsoWeek('2026-01-01')).toBe('2026-W01');
  });
});

describe('GET /api/v1/stats/sla', () => {
  it('reports MQLs ignored past their SLA and the median time to first touch', async () => {
    const ctx = createTestContext();
    const [, second, third] = await seedFunnel(ctx);
    if (!second || !third) throw new Error('no leads');
    const before = await readJson<SlaStatsResponse>(
      await ctx.request('GET', '/api/v1/stats/sla', { as: 'marketer' }),
    );
    expect(before.rows).toEqual([
      { group: null, mqls: 2, ignored: 0, ignoredShare: 0, touched: 0, medianHoursToFirstTouch: null },
    ]);

    ctx.clock.advance(2 * 3_600_000);
    const touch = await ctx.request('POST', `/api/v1/leads/${second.id}/follow-ups`, {
      as: 'rep',
      body: { channel: 'call', outcome: 'no_answer' },
    });
    expect(touch.status).toBe(201);
    ctx.clock.advance(30 * 3_600_000); // past the 24 h MQL SLA for the untouched one
    const after = await readJson<SlaStatsResponse>(await ctx.request('GET', '/api/v1/stats/sla'));
    // The SAL-then-nurture lead was touched never after MQL; `second` after 2 h.
    expect(after.rows).toEqual([
      { group: null, mqls: 2, ignored: 1, ignoredShare: 0.5, touched: 1, medianHoursToFirstTouch: 2 },
    ]);
    const bySource = await readJson<SlaStatsResponse>(
      await ctx.request('GET', '/api/v1/stats/sla?by=source'),
    );
    expect(bySource.rows.map((row) => [row.group, row.mqls, row.ignored])).toEqual([['web_form', 2, 1]]);
    expect((await ctx.request('GET', '/api/v1/stats/sla?by=owner')).status).toBe(400);
  });
});
