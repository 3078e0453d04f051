import { type LeadView, type ReviewQueueResponse, ReviewQueueResponseSchema } from '@leadlight/contract';
import { describe, expect, it } from 'vitest';
import { getActiveRuleset } from '../db/active-ruleset';
import { createLeadViaApi, strongLead, weakLead } from '../testing/leads';
import { createTestContext, readJson, type TestContext } from '../testing/test-context';

async function createJunk(ctx: TestContext, email: string): Promise<string> {
  const response = await ctx.request('POST', '/api/v1/leads', {
    as: 'marketer',
    body: { ...strongLead, identities: { emails: [email], phones: [] } },
  });
  expect(response.status).toBe(422);
  return ((await response.json()) as { error: { details: { leadId: string } } }).error.details.leadId;
}

async function readReview(ctx: TestContext, query = ''): Promise<ReviewQueueResponse> {
  const response = await ctx.request('GET', `/api/v1/review${query}`, { as: 'marketer' });
  expect(response.status).toBe(200);
  const body = await readJson<ReviewQueueResponse>(response);
  expect(ReviewQueueResponseSchema.safeParse(body).error).toBeUndefined();
  return body;
}

describe('review queue', () => {
  it('lists junk, incomplete and rejected leads with reason, source and date, oldest first', async () => {
    const ctx = createTestContext();
    const junk = await createJunk(ctx, 'info@quinn-robotics.com');
    ctx.clock.advance(1000);
    const rejected = await createLeadViaApi(ctx, weakLead);
    await ctx.request('POST', `/api/v1/leads/${rejected.id}/stage`, {
      as: 'rep',
      body: { to: 'disqualified', reasonCode: 'student', reasonText: 'Student, no budget' },
    });
    const queue = await readReview(ctx);
    expect(queue.items.map((item) => item.lead.id)).toEqual([junk, rejected.id]);
    expect(queue.items[0]?.reasons[0]).toMatchObject({ kind: 'junk', ruleId: 'junk-role' });
    expect(queue.items[0]?.lead.source).toEqual({ channel: 'web_form', campaign: 'q4-webinar' });
    expect(queue.items[1]?.reasons).toEqual([{ kind: 'rejected', reason: 'Student, no budget' }]);

    const page = await readReview(ctx, '?limit=1');
    expect(page.items).toHaveLength(1);
    const next = await readReview(ctx, `?limit=1&cursor=${page.nextCursor}`);
    expect(next.items.map((item) => item.lead.id)).toEqual([rejected.id]);
  });

  it('reconsider: back to inquiry, accepted and rescored (its points alone decide MQL)', async () => {
    const ctx = createTestContext();
    const junk = await createJunk(ctx, 'info@quinn-robotics.com');
    const response = await ctx.request('POST', `/api/v1/review/${junk}/reconsider`, {
      as: 'marketer',
      body: { note: 'A real buyer writing from the shared inbox' },
    });
    expect(response.status).toBe(200);
    const { lead } = await readJson<{ lead: LeadView }>(response);
    const threshold = getActiveRuleset(ctx.db).ruleset.thresholds.mql;
    expect(lead).toMatchObject({ gate: 'accepted', review: { state: 'reconsidered' } });
    expect(lead.stage).toBe((lead.score ?? 0) >= threshold ? 'mql' : 'inquiry');
    expect((await readReview(ctx)).items).toEqual([]);
    const again = await ctx.request('POST', `/api/v1/review/${junk}/reconsider`, {
      as: 'marketer',
      body: {},
    });
    expect(again.status).toBe(409);
  });

  it('reconsider brings a rejected lead back from disqualified to inquiry', async () => {
    const ctx = createTestContext();
    const lead = await createLeadViaApi(ctx, weakLead);
    await ctx.request('POST', `/api/v1/leads/${lead.id}/stage`, {
      as: 'rep',
      body: { to: 'disqualified', reasonCode: 'no_fit' },
    });
    const response = await ctx.request('POST', `/api/v1/review/${lead.id}/reconsider`, {
      as: 'admin',
      body: {},
    });
    expect((await readJson<{ lead: LeadView }>(response)).lead.stage).toBe('inquiry');
  });

  it('confirm: the lead leaves the queue as disqualified and is kept', async () => {
    const ctx = createTestContext();
    const junk = await createJunk(ctx, 'test@quinn-robotics.com');
    const response = await ctx.request('POST', `/api/v1/review/${junk}/confirm`, {
      as: 'marketer',
      body: {},
    });
    expect(response.status).toBe(200);
    const { lead } = await readJson<{ lead: LeadView }>(response);
    expect(lead).toMatchObject({ stage: 'disqualified', review: { state: 'confirmed' } });
    expect((await readReview(ctx)).items).toEqual([]);
    expect((await readReview(ctx, '?state=confirmed')).items.map((item) => item.lead.id)).toEqual([junk]);
    const history = await readJson<{ items: { action: string }[] }>(
      await ctx.request('GET', `/api/v1/leads/${junk}/history?limit=2`),
    );
    expect(history.items.map((entry) => entry.action)).toEqual(['review.confirmed', 'stage.moved']);
  });

  it('answers 404 for unknown leads and 409 for leads not in review', async () => {
    const ctx = createTestContext();
    const lead = await createLeadViaApi(ctx, weakLead);
    expect(
      (await ctx.request('POST', '/api/v1/review/nope/confirm', { as: 'marketer', body: {} })).status,
    ).toBe(404);
    expect(
      (await ctx.request('POST', `/api/v1/review/${lead.id}/confirm`, { as: 'marketer', body: {} })).status,
    ).toBe(409);
  });
});
