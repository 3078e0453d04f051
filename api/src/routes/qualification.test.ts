import { type LeadView, type QualificationResponse, QualificationResponseSchema } from '@leadlight/contract';
import { describe, expect, it } from 'vitest';
import { createLeadViaApi, strongLead } from '../testing/leads';
import { createTestContext, readJson, type TestContext } from '../testing/test-context';

type ErrorBody = { error: { code: string; details: Record<string, unknown> } };

async function answer(ctx: TestContext, leadId: string, itemId: string, state: string, value?: string) {
  return ctx.request('PUT', `/api/v1/leads/${leadId}/qualification/${itemId}`, {
    as: 'rep',
    body: value === undefined ? { state } : { state, value },
  });
}

describe('qualification', () => {
  it('stores state, value, who and when per checklist item, rescoring the lead', async () => {
    const ctx = createTestContext();
    const lead = await createLeadViaApi(ctx, strongLead);
    const response = await answer(ctx, lead.id, 'budget', 'verified', '€40k approved for Q1');
    expect(response.status).toBe(200);
    const { lead: after } = await readJson<{ lead: LeadView }>(response);
    expect(after.qualification.budget).toEqual({
      state: 'verified',
      value: '€40k approved for Q1',
      by: ctx.users.rep.id,
      at: ctx.clock.now().toISOString(),
    });
    const points = after.contributions.find((c) => c.label.toLowerCase().includes('budget'))?.points ?? 0;
    expect(points).toBeGreaterThan(0);
    expect(after.score).toBe((lead.score ?? 0) + points);

    const checklist = await readJson<QualificationResponse>(
      await ctx.request('GET', `/api/v1/leads/${lead.id}/qualification`),
    );
    expect(QualificationResponseSchema.safeParse(checklist).error).toBeUndefined();
    expect(checklist.items.map((item) => [item.itemId, item.state])).toEqual([
      ['budget', 'verified'],
      ['authority', 'unknown'],
      ['need', 'unknown'],
      ['timeline', 'unknown'],
    ]);
    expect(checklist.items.find((item) => item.itemId === 'need')?.isRequiredForSql).toBe(true);
  });

  it('refuses an item the active checklist does not have, and unknown leads', async () => {
    const ctx = createTestContext();
    const lead = await createLeadViaApi(ctx, strongLead);
    const response = await answer(ctx, lead.id, 'champion', 'claimed');
    expect(response.status).toBe(422);
    expect((await readJson<ErrorBody>(response)).error.details.items).toEqual([
      'budget',
      'authority',
      'need',
      'timeline',
    ]);
    expect((await answer(ctx, 'nope', 'budget', 'claimed')).status).toBe(404);
    expect((await ctx.request('GET', '/api/v1/leads/nope/qualification')).status).toBe(404);
  });

  it('keeps reps off other reps’ leads', async () => {
    const ctx = createTestContext();
    const lead = await createLeadViaApi(ctx, strongLead);
    await ctx.request('PATCH', `/api/v1/leads/${lead.id}`, {
      as: 'admin',
      body: { version: lead.version, ownerId: ctx.users.admin.id },
    });
    expect((await answer(ctx, lead.id, 'budget', 'claimed')).status).toBe(403);
  });
});
