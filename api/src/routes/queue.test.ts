import { type MyQueueResponse, MyQueueResponseSchema } from '@leadlight/contract';
import { describe, expect, it } from 'vitest';
import { getActiveRuleset } from '../db/active-ruleset';
import { createLeadViaApi, requiredAttempts, strongLead, weakLead, withIdentity } from '../testing/leads';
import { createTestContext, readJson, type TestContext } from '../testing/test-context';

async function readQueue(ctx: TestContext): Promise<MyQueueResponse> {
  const response = await ctx.request('GET', '/api/v1/queue', { as: 'rep' });
  expect(response.status).toBe(200);
  const body = await readJson<MyQueueResponse>(response);
  expect(MyQueueResponseSchema.safeParse(body).error).toBeUndefined();
  return body;
}

describe('GET /api/v1/queue', () => {
  it('lists own and unowned MQLs: SLA breaches first, then by score; other reps’ leads stay out', async () => {
    const ctx = createTestContext();
    const slaHours = getActiveRuleset(ctx.db).ruleset.followUp.firstTouchSlaHours.mql ?? 24;
    const toMql = async (id: string) =>
      expect(
        (await ctx.request('POST', `/api/v1/leads/${id}/stage`, { as: 'admin', body: { to: 'mql' } })).status,
      ).toBe(201);
    // The oldest MQL has the lowest score; its SLA will run out first.
    const old = await createLeadViaApi(ctx, weakLead);
    await toMql(old.id);
    ctx.clock.advance((slaHours - 2) * 3_600_000);
    const high = await createLeadViaApi(ctx, strongLead);
    const middle = await createLeadViaApi(ctx, { ...withIdentity(weakLead, 2), person: strongLead.person });
    for (const lead of [high, middle]) if (lead.stage !== 'mql') await toMql(lead.id);
    const others = await createLeadViaApi(ctx, withIdentity(strongLead, 4));
    await ctx.request('PATCH', `/api/v1/leads/${others.id}`, {
      as: 'admin',
      body: { version: others.version, ownerId: ctx.users.admin.id },
    });
    ctx.clock.advance(3 * 3_600_000);
    expect(high.score).toBeGreaterThan(middle.score ?? 0);
    expect(middle.score).toBeGreaterThan(old.score ?? 0);

    const queue = await readQueue(ctx);
    expect(queue.items.map((item) => item.lead.id)).toEqual([old.id, high.id, middle.id]);
    expect(queue.items[0]).toMatchObject({
      isSlaBreached: true,
      nextAction: `attempt 1 of ${requiredAttempts(ctx)}: call`,
    });
    expect(queue.items[0]?.lead.sla.state).toBe('breached');
    expect(queue.items[1]?.isSlaBreached).toBe(false);
    expect(queue.items[1]?.lead.attempts).toEqual({ made: 0, required: requiredAttempts(ctx) });

    // A touch meets the SLA: the old lead falls back to its place by score.
    await ctx.request('POST', `/api/v1/leads/${old.id}/follow-ups`, {
      as: 'rep',
      body: { channel: 'call', outcome: 'no_answer' },
    });
    const after = await readQueue(ctx);
    expect(after.items.map((item) => item.lead.id)).toEqual([high.id, middle.id, old.id]);
    expect(after.items[2]?.nextAction).toBe(`attempt 2 of ${requiredAttempts(ctx)}: email`);
  });

  it('brings nurture leads back once their recycle date has come', async () => {
    const ctx = createTestContext();
    const lead = await createLeadViaApi(ctx, strongLead);
    await ctx.request('POST', `/api/v1/leads/${lead.id}/stage`, {
      as: 'rep',
      body: { to: 'nurture', reasonCode: 'timing', recycleAt: '2026-12-01T00:00:00.000Z' },
    });
    expect((await readQueue(ctx)).recycled).toEqual([]);
    ctx.clock.set('2026-12-01T00:00:00.000Z');
    const queue = await readQueue(ctx);
    expect(queue.items).toEqual([]);
    expect(queue.recycled.map((item) => item.lead.id)).toEqual([lead.id]);
    expect(queue.recycled[0]?.nextAction).toBe(`recycled: attempt 1 of ${requiredAttempts(ctx)}: call`);
  });
});
