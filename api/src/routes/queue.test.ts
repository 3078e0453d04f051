import { type LeadView, type MyQueueResponse, MyQueueResponseSchema } from '@leadlight/contract';
import { describe, expect, it } from 'vitest';
import { getActiveRuleset } from '../db/active-ruleset';
import { createLeadViaApi, requiredAttempts, strongLead, weakLead, withIdentity } from '../testing/leads';
import { createTestContext, readJson, type TestContext } from '../testing/test-context';

type ErrorBody = { error: { code: string } };

async function readQueue(ctx: TestContext, query = ''): Promise<MyQueueResponse> {
  const response = await ctx.request('GET', `/api/v1/queue${query}`, { as: 'rep' });
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
    expect(queue.counts).toEqual({ total: 3, breached: 1 });
    expect(queue.nextCursor).toBeNull();
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

/** `count` MQLs owned by nobody, created `apartMs` apart (created first: entered the stage first, due first). */
async function createMqls(
  ctx: TestContext,
  count: number,
  firstIndex = 10,
  apartMs = 0,
): Promise<LeadView[]> {
  const created: LeadView[] = [];
  for (let index = 0; index < count; index += 1) {
    const lead = await createLeadViaApi(ctx, withIdentity(strongLead, firstIndex + index));
    if (lead.stage !== 'mql') {
      const moved = await ctx.request('POST', `/api/v1/leads/${lead.id}/stage`, {
        as: 'admin',
        body: { to: 'mql' },
      });
      expect(moved.status).toBe(201);
    }
    created.push(lead);
    ctx.clock.advance(apartMs);
  }
  return created;
}

/** Every page of the queue for `query`, following nextCursor; the ids in order and the pages' counts. */
async function readAllPages(ctx: TestContext, query: string, between?: () => void) {
  const ids: string[] = [];
  const pages: MyQueueResponse[] = [];
  let cursor: string | null = null;
  do {
    const page: MyQueueResponse = await readQueue(
      ctx,
      `?${query}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`,
    );
    pages.push(page);
    ids.push(...page.items.map((item) => item.lead.id));
    cursor = page.nextCursor;
    between?.();
  } while (cursor !== null && pages.length < 50);
  return { ids, pages };
}

describe('GET /api/v1/queue paging', () => {
  it('pages with limit and cursor in the one-page order, each lead once, counts over every page', async () => {
    const ctx = createTestContext();
    const slaHours = getActiveRuleset(ctx.db).ruleset.followUp.firstTouchSlaHours.mql ?? 24;
    // Same profile, so equal scores: the order falls back to due date, then id.
    await createMqls(ctx, 3, 10, 60_000);
    ctx.clock.advance(slaHours * 3_600_000);
    await createMqls(ctx, 4, 20, 60_000);

    const whole = await readQueue(ctx, '?limit=200');
    expect(whole.items).toHaveLength(7);
    expect(whole.counts).toEqual({ total: 7, breached: 3 });
    expect(whole.items.map((item) => item.isSlaBreached)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
      false,
    ]);

    const { ids, pages } = await readAllPages(ctx, 'limit=2');
    expect(ids).toEqual(whole.items.map((item) => item.lead.id));
    expect(pages.map((page) => page.items.length)).toEqual([2, 2, 2, 1]);
    for (const page of pages) expect(page.counts).toEqual({ total: 7, breached: 3 });
    expect(pages.at(-1)?.nextCursor).toBeNull();

    // An exact fit ends without an empty extra page; the default page is 50.
    expect((await readQueue(ctx, '?limit=7')).nextCursor).toBeNull();
    expect((await readQueue(ctx)).items).toHaveLength(7);
  });

  it('sorts every page as of the first one: a lead whose SLA runs out meanwhile is neither skipped nor doubled', async () => {
    const ctx = createTestContext();
    const slaHours = getActiveRuleset(ctx.db).ruleset.followUp.firstTouchSlaHours.mql ?? 24;
    // The lowest score but the first due: last in the queue until its SLA runs out, then first.
    const low = await createLeadViaApi(ctx, weakLead);
    const moved = await ctx.request('POST', `/api/v1/leads/${low.id}/stage`, {
      as: 'admin',
      body: { to: 'mql' },
    });
    expect(moved.status).toBe(201);
    ctx.clock.advance(3_600_000);
    const high = await createMqls(ctx, 2);
    expect(high.every((lead) => (lead.score ?? 0) > (low.score ?? 0))).toBe(true);
    ctx.clock.advance((slaHours - 1) * 3_600_000 - 60_000);
    const before = await readQueue(ctx, '?limit=200');
    expect(before.items.map((item) => item.lead.id).slice(2)).toEqual([low.id]);
    expect(before.counts.breached).toBe(0);

    // The low lead breaches after the first page: the later pages still sort it as the first page did.
    const { ids, pages } = await readAllPages(ctx, 'limit=1', () => ctx.clock.advance(120_000));
    expect(ids).toEqual(before.items.map((item) => item.lead.id));
    expect(pages.at(-1)?.items[0]?.isSlaBreached).toBe(true);
    // A fresh first page sorts it first now.
    expect((await readQueue(ctx, '?limit=1')).items[0]?.lead.id).toBe(low.id);
  });

  it('gives the recycled nurture leads with the first page only', async () => {
    const ctx = createTestContext();
    await createMqls(ctx, 3);
    const nurtured = await createLeadViaApi(ctx, withIdentity(strongLead, 40));
    await ctx.request('POST', `/api/v1/leads/${nurtured.id}/stage`, {
      as: 'rep',
      body: { to: 'nurture', reasonCode: 'timing', recycleAt: '2026-11-25T00:00:00.000Z' },
    });
    ctx.clock.set('2026-11-25T00:00:00.000Z');
    const first = await readQueue(ctx, '?limit=2');
    expect(first.recycled.map((item) => item.lead.id)).toEqual([nurtured.id]);
    const second = await readQueue(ctx, `?limit=2&cursor=${first.nextCursor}`);
    expect(second.items).toHaveLength(1);
    expect(second.recycled).toEqual([]);
  });
});

describe('GET /api/v1/queue filters', () => {
  it('filters by SLA state as the lead views state it, by stage, owner and text', async () => {
    const ctx = createTestContext();
    const slaHours = getActiveRuleset(ctx.db).ruleset.followUp.firstTouchSlaHours.mql ?? 24;
    const [breached] = await createMqls(ctx, 1, 10);
    ctx.clock.advance(slaHours * 0.3 * 3_600_000);
    const [dueSoon] = await createMqls(ctx, 1, 11);
    ctx.clock.advance(slaHours * 0.5 * 3_600_000);
    const [fresh, touched, mine] = await createMqls(ctx, 3, 12);
    await ctx.request('POST', `/api/v1/leads/${touched?.id}/follow-ups`, {
      as: 'rep',
      body: { channel: 'call', outcome: 'no_answer' },
    });
    const claimed = await ctx.request('PATCH', `/api/v1/leads/${mine?.id}`, {
      as: 'admin',
      body: { version: (await readLead(ctx, mine?.id ?? '')).version, ownerId: ctx.users.rep.id },
    });
    expect(claimed.status).toBe(200);
    // Now: the first lead is past its SLA; the second has less than a quarter of its window left.
    ctx.clock.advance(slaHours * 0.3 * 3_600_000);

    const all = await readQueue(ctx, '?limit=200');
    const stateOf = new Map(all.items.map((item) => [item.lead.id, item.lead.sla.state]));
    expect(stateOf.get(breached?.id ?? '')).toBe('breached');
    expect(stateOf.get(dueSoon?.id ?? '')).toBe('due_soon');
    expect(stateOf.get(fresh?.id ?? '')).toBe('ok');
    expect(stateOf.get(touched?.id ?? '')).toBe('ok');
    for (const sla of ['breached', 'due_soon', 'ok', 'none'] as const) {
      const filtered = await readQueue(ctx, `?sla=${sla}`);
      const expected = all.items.filter((item) => item.lead.sla.state === sla).map((item) => item.lead.id);
      expect(
        filtered.items.map((item) => item.lead.id),
        sla,
      ).toEqual(expected);
      expect(filtered.counts, sla).toEqual({ total: expected.length, breached: sla === 'breached' ? 1 : 0 });
    }

    const moved = await ctx.request('POST', `/api/v1/leads/${fresh?.id}/stage`, {
      as: 'rep',
      body: { to: 'sal' },
    });
    expect(moved.status).toBe(201);
    expect((await readQueue(ctx, '?stage=sal')).items.map((item) => item.lead.id)).toEqual([fresh?.id]);
    expect((await readQueue(ctx, '?stage=mql')).counts.total).toBe(4);

    // A rep's touch or stage move claims an unowned lead: ownership comes from the stored leads, not the setup.
    const everything = (await readQueue(ctx, '?limit=200')).items;
    const owned = everything
      .filter((item) => item.lead.ownerId === ctx.users.rep.id)
      .map((item) => item.lead.id);
    expect(owned).toContain(mine?.id);
    expect(owned.length).toBeLessThan(everything.length);
    expect((await readQueue(ctx, '?owner=me')).items.map((item) => item.lead.id)).toEqual(owned);
    const unowned = await readQueue(ctx, '?owner=none');
    expect(unowned.items.map((item) => item.lead.id)).toEqual(
      everything.filter((item) => item.lead.ownerId === null).map((item) => item.lead.id),
    );

    const named = await readQueue(ctx, `?q=${encodeURIComponent('Avery Quinn 11')}`);
    expect(named.items.map((item) => item.lead.id)).toEqual([dueSoon?.id]);
    // LIKE wildcards are literal text in a search.
    expect((await readQueue(ctx, '?q=%25')).items).toEqual([]);
    expect((await readQueue(ctx, '?q=quinn&sla=breached')).items.map((item) => item.lead.id)).toEqual([
      breached?.id,
    ]);
  });

  it('refuses cursors it did not give, limits outside 1–200 and unknown filters (400)', async () => {
    const ctx = createTestContext();
    await createMqls(ctx, 2);
    const forged = Buffer.from(
      JSON.stringify({ asOf: 'yesterday', breached: 0, score: 1, due: '', id: 'x' }),
    ).toString('base64url');
    for (const cursor of ['abc', '', forged, Buffer.from('[]').toString('base64url')]) {
      const response = await ctx.request('GET', `/api/v1/queue?cursor=${encodeURIComponent(cursor)}`, {
        as: 'rep',
      });
      expect(response.status, cursor).toBe(400);
      expect((await readJson<ErrorBody>(response)).error.code, cursor).toBe('invalid_cursor');
    }
    for (const query of [
      'limit=0',
      'limit=201',
      'limit=x',
      'sla=late',
      'stage=sql',
      'owner=someone',
      'q=',
      'sort=score',
    ]) {
      const response = await ctx.request('GET', `/api/v1/queue?${query}`, { as: 'rep' });
      expect(response.status, query).toBe(400);
      expect((await readJson<ErrorBody>(response)).error.code, query).toBe('invalid_request');
    }
    expect((await readQueue(ctx, '?limit=200')).items).toHaveLength(2);
    expect((await ctx.request('GET', '/api/v1/queue', { as: 'marketer' })).status).toBe(403);
  });
});

async function readLead(ctx: TestContext, id: string): Promise<LeadView> {
  return (await readJson<{ lead: LeadView }>(await ctx.request('GET', `/api/v1/leads/${id}`))).lead;
}
