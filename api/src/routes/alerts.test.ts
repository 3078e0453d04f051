import type { Alert, AlertFeedResponse, IssuedIngestKey } from '@leadlight/contract';
import { describe, expect, it } from 'vitest';
import { createLeadViaApi, weakLead } from '../testing/leads';
import { createTestContext, readJson, type TestContext } from '../testing/test-context';

async function setUp() {
  const ctx = createTestContext();
  const issued = await readJson<IssuedIngestKey>(
    await ctx.request('POST', '/api/v1/ingest/keys', { as: 'admin', body: { label: 'webhook' } }),
  );
  const lead = await createLeadViaApi(ctx, weakLead);
  return { ctx, secret: issued.secret, lead };
}

/** A pricing-page visit: a moment of interest in the default ruleset. */
function visitPricing(ctx: TestContext, secret: string, leadId: string) {
  return ctx.app.request('/api/v1/ingest/events', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
    body: JSON.stringify({
      events: [
        {
          identity: { leadId },
          type: 'site_visit',
          at: '2026-11-24T08:00:00Z',
          url: 'https://leadlight.test/pricing',
        },
      ],
    }),
  });
}

async function readFeed(ctx: TestContext, as: 'rep' | 'marketer' | 'admin', query = '') {
  const response = await ctx.request('GET', `/api/v1/alerts${query}`, { as });
  expect(response.status).toBe(200);
  return readJson<AlertFeedResponse>(response);
}

describe('alerts feed', () => {
  it("sends an unowned lead's alert to every sales user, and an owned lead's to its owner only", async () => {
    const { ctx, secret, lead } = await setUp();
    expect((await visitPricing(ctx, secret, lead.id)).status).toBe(200);
    const repFeed = await readFeed(ctx, 'rep');
    expect(repFeed.items).toEqual([
      {
        seq: repFeed.nextCursor,
        kind: 'moment',
        leadId: lead.id,
        leadName: 'Robin Marsh',
        label: 'Looking at pricing',
        ruleId: 'moment-pricing-visit',
        audience: 'team',
        createdAt: ctx.clock.now().toISOString(),
        readAt: null,
      },
    ]);
    expect((await readFeed(ctx, 'admin')).items).toHaveLength(1); // admins sit on the sales team by default
    expect((await readFeed(ctx, 'marketer')).items).toEqual([]);

    ctx.db.$client.prepare('update leads set owner_id = ? where id = ?').run(ctx.users.rep.id, lead.id);
    await visitPricing(ctx, secret, lead.id);
    const next = await readFeed(ctx, 'rep', `?after=${repFeed.nextCursor}`);
    expect(next.items.map((alert) => alert.audience)).toEqual(['owner']);
    expect((await readFeed(ctx, 'admin')).items).toHaveLength(1);
  });

  it('pages with the cursor and keeps it when nothing is new', async () => {
    const { ctx, secret, lead } = await setUp();
    for (let index = 0; index < 3; index += 1) await visitPricing(ctx, secret, lead.id);
    const page = await readFeed(ctx, 'rep', '?limit=2');
    expect(page.items).toHaveLength(2);
    const rest = await readFeed(ctx, 'rep', `?after=${page.nextCursor}&limit=2`);
    expect(rest.items).toHaveLength(1);
    const empty = await readFeed(ctx, 'rep', `?after=${rest.nextCursor}`);
    expect(empty).toEqual({ items: [], nextCursor: rest.nextCursor });
    expect((await ctx.request('GET', '/api/v1/alerts?wait=26', { as: 'rep' })).status).toBe(400);
    expect((await ctx.request('GET', '/api/v1/alerts?after=-1', { as: 'rep' })).status).toBe(400);
  });

  it('long-polls: a waiting request answers as soon as an alert arrives', async () => {
    const { ctx, secret, lead } = await setUp();
    const start = await readFeed(ctx, 'rep');
    expect(start).toEqual({ items: [], nextCursor: 0 });
    // Held for up to 25 s; the test's own 5 s timeout fails it unless the alert wakes it.
    const waiting = readFeed(ctx, 'rep', `?after=${start.nextCursor}&wait=25`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await visitPricing(ctx, secret, lead.id);
    const woken = await waiting;
    expect(woken.items.map((alert) => alert.label)).toEqual(['Looking at pricing']);
    expect(woken.nextCursor).toBe(woken.items[0]?.seq);
  });

  it('answers an empty page when the wait ends without alerts', async () => {
    const { ctx } = await setUp();
    expect(await readFeed(ctx, 'marketer', '?after=0&wait=1')).toEqual({ items: [], nextCursor: 0 });
  });

  it('marks an alert read for its recipient only', async () => {
    const { ctx, secret, lead } = await setUp();
    await visitPricing(ctx, secret, lead.id);
    const [alert] = (await readFeed(ctx, 'rep')).items;
    if (!alert) throw new Error('no alert');
    expect((await ctx.request('POST', `/api/v1/alerts/${alert.seq}/read`, { as: 'marketer' })).status).toBe(
      404,
    );
    const response = await ctx.request('POST', `/api/v1/alerts/${alert.seq}/read`, { as: 'rep' });
    expect(response.status).toBe(200);
    const read = await readJson<{ alert: Alert }>(response);
    expect(read.alert.readAt).toBe(ctx.clock.now().toISOString());
    expect((await ctx.request('POST', `/api/v1/alerts/${alert.seq}/read`, { as: 'rep' })).status).toBe(200);
    expect((await readFeed(ctx, 'rep')).items).toEqual([]);
    expect((await readFeed(ctx, 'rep', '?after=0')).items.map((item) => item.readAt)).toEqual([
      read.alert.readAt,
    ]);
    expect((await readFeed(ctx, 'admin')).items).toHaveLength(1);
    expect((await ctx.request('POST', '/api/v1/alerts/999/read', { as: 'rep' })).status).toBe(404);
    expect((await ctx.request('POST', '/api/v1/alerts/abc/read', { as: 'rep' })).status).toBe(400);
  });
});
