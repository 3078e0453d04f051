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

  it('totals the whole queue of the state asked for (every page): leads, by source and by reason', async () => {
    const ctx = createTestContext();
    const create = async (body: Record<string, unknown>) => {
      const response = await ctx.request('POST', '/api/v1/leads', { as: 'marketer', body });
      expect(response.status).toBe(422);
      ctx.clock.advance(1000);
      return ((await response.json()) as { error: { details: { leadId: string } } }).error.details.leadId;
    };
    const role = (email: string, source: Record<string, string>) =>
      create({ ...strongLead, identities: { emails: [email], phones: [] }, source });
    await role('info@quinn-robotics.com', { channel: 'web_form' });
    await role('sales@quinn-robotics.com', { channel: 'paid_search' });
    const toConfirm = await role('hello@quinn-robotics.com', { channel: 'web_form' });
    // No company at all: incomplete, and no source either.
    const { company: _company, source: _source, ...withoutCompany } = strongLead;
    await create({ ...withoutCompany, identities: { emails: ['avery@gmail.com'], phones: [] } });
    const rejected = await createLeadViaApi(ctx, weakLead);
    await ctx.request('POST', `/api/v1/leads/${rejected.id}/stage`, {
      as: 'rep',
      body: { to: 'disqualified', reasonCode: 'student', reasonText: 'Student, no budget' },
    });
    await ctx.request('POST', `/api/v1/review/${toConfirm}/confirm`, { as: 'marketer', body: {} });

    const first = await readReview(ctx, '?limit=1');
    expect(first.items).toHaveLength(1);
    expect(first.totals.total).toBe(4);
    expect(first.totals.bySource).toEqual([
      { channel: 'paid_search', count: 2 },
      { channel: 'web_form', count: 1 },
      { channel: null, count: 1 },
    ]);
    expect(first.totals.byReason).toContainEqual({
      kind: 'junk',
      ruleId: 'junk-role',
      reason: null,
      count: 2,
    });
    expect(first.totals.byReason).toContainEqual({
      kind: 'rejected',
      ruleId: null,
      reason: 'Student, no budget',
      count: 1,
    });
    expect(
      first.totals.byReason.some((row) => row.kind === 'incomplete' && row.ruleId === 'gate-company'),
    ).toBe(true);
    const counts = first.totals.byReason.map((row) => row.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(first.totals.withoutReason).toBe(0);

    // Every page answers the same totals: they are the queue's, not the page's; they match the whole listing.
    const all = await readReview(ctx, '?limit=200');
    const second = await readReview(ctx, `?limit=1&cursor=${first.nextCursor}`);
    expect(second.totals).toEqual(first.totals);
    expect(all.totals).toEqual(first.totals);
    const ruleIds = all.items.flatMap((item) => item.reasons.map((reason) => reason.ruleId ?? reason.reason));
    const junkRole = ruleIds.filter((id) => id === 'junk-role').length;
    expect(junkRole).toBe(2);

    const confirmed = await readReview(ctx, '?state=confirmed');
    expect(confirmed.totals).toMatchObject({
      total: 1,
      bySource: [{ channel: 'web_form', count: 1 }],
      byReason: [{ kind: 'junk', ruleId: 'junk-role', reason: null, count: 1 }],
    });
  });

  it('refuses a cursor it did not give and limits outside 1–200 (400); an empty queue totals nothing', async () => {
    const ctx = createTestContext();
    const empty = await readReview(ctx);
    expect(empty).toEqual({
      items: [],
      nextCursor: null,
      totals: { total: 0, bySource: [], byReason: [], withoutReason: 0 },
    });
    for (const query of ['cursor=abc', 'limit=0', 'limit=201', 'state=rejected']) {
      const response = await ctx.request('GET', `/api/v1/review?${query}`, { as: 'marketer' });
      expect(response.status, query).toBe(400);
    }
    const bad = await ctx.request('GET', '/api/v1/review?cursor=abc', { as: 'marketer' });
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_cursor');
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
