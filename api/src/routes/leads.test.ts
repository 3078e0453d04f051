import {
  type LeadListResponse,
  LeadListResponseSchema,
  type LeadView,
  LeadViewSchema,
} from '@leadlight/contract';
import { describe, expect, it } from 'vitest';
import { getActiveRuleset } from '../db/active-ruleset';
import { createLeadViaApi, requiredAttempts, strongLead, weakLead, withIdentity } from '../testing/leads';
import { createTestContext, readJson, testNow } from '../testing/test-context';

type ErrorBody = { error: { code: string; message: string; details: Record<string, unknown> } };

describe('POST /api/v1/leads', () => {
  it('stores a lead with normalised identities, scores it and moves it to MQL past the threshold', async () => {
    const ctx = createTestContext();
    const lead = await createLeadViaApi(ctx, strongLead);
    expect(LeadViewSchema.safeParse(lead).error).toBeUndefined();
    expect(lead.identities.emails).toEqual(['avery.quinn@quinn-robotics.com']);
    expect(lead.identities.linkedinUrl).toBe('https://www.linkedin.com/in/avery-quinn-42');
    expect(lead.gate).toBe('accepted');
    expect(lead.score).toBeGreaterThanOrEqual(getActiveRuleset(ctx.db).ruleset.thresholds.mql);
    expect(lead.grade).toBe('A');
    expect(lead.stage).toBe('mql');
    expect(lead.mqlAt).toBe(ctx.clock.now().toISOString());
    const slaHours = getActiveRuleset(ctx.db).ruleset.followUp.firstTouchSlaHours.mql ?? 0;
    expect(lead.sla).toEqual({
      state: 'ok',
      dueAt: new Date(Date.parse(testNow) + slaHours * 3_600_000).toISOString(),
    });
    expect(lead.contributions.reduce((sum, c) => sum + c.points, 0)).toBe(lead.score);
    expect(lead.nextAction).toBe(`attempt 1 of ${requiredAttempts(ctx)}: call`);
  });

  it('keeps a weak lead as an inquiry', async () => {
    const ctx = createTestContext();
    const lead = await createLeadViaApi(ctx, weakLead);
    expect(lead.stage).toBe('inquiry');
    expect(lead.score).toBeLessThan(getActiveRuleset(ctx.db).ruleset.thresholds.mql);
    expect(lead.identities.phones).toEqual(['+442079460958']);
  });

  it('answers 409 naming the existing lead when an identity is taken, in any spelling', async () => {
    const ctx = createTestContext();
    const first = await createLeadViaApi(ctx, strongLead);
    const response = await ctx.request('POST', '/api/v1/leads', {
      as: 'marketer',
      body: {
        ...weakLead,
        identities: { emails: [], linkedinUrl: 'linkedin.com/in/Avery-Quinn-42/en?trk=x', phones: [] },
      },
    });
    expect(response.status).toBe(409);
    const body = await readJson<ErrorBody>(response);
    expect(body.error.code).toBe('duplicate');
    expect(body.error.details).toEqual({
      leadId: first.id,
      matchedBy: 'linkedin',
      value: 'linkedin.com/in/avery-quinn-42',
    });
    const count = ctx.db.$client.prepare('select count(*) as n from leads').get() as { n: number };
    expect(count.n).toBe(1);
  });

  it('keeps junk in the review queue and answers 422 with the reasons', async () => {
    const ctx = createTestContext();
    const response = await ctx.request('POST', '/api/v1/leads', {
      as: 'marketer',
      body: { ...weakLead, identities: { emails: ['asdf@mailinator.com'], phones: [] } },
    });
    expect(response.status).toBe(422);
    const body = await readJson<ErrorBody>(response);
    expect(body.error.code).toBe('gate_refused');
    const leadId = body.error.details.leadId as string;
    expect(body.error.details.reasons).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'junk', ruleId: 'junk-disposable' })]),
    );
    const stored = await readJson<{ lead: LeadView }>(await ctx.request('GET', `/api/v1/leads/${leadId}`));
    expect(stored.lead.review?.state).toBe('pending');
    expect(stored.lead.stage).toBe('inquiry');
    expect(stored.lead.flags).toContain('junk');
  });

  it('refuses identities that cannot be normalised (400 naming the field) and stores nothing', async () => {
    const ctx = createTestContext();
    const response = await ctx.request('POST', '/api/v1/leads', {
      as: 'marketer',
      body: { ...weakLead, identities: { emails: ['not-an-email'], phones: [] } },
    });
    expect(response.status).toBe(400);
    const body = await readJson<ErrorBody>(response);
    expect(body.error.code).toBe('invalid_identity');
    expect(JSON.stringify(body.error.details)).toContain('emails');
    expect((ctx.db.$client.prepare('select count(*) as n from leads').get() as { n: number }).n).toBe(0);
  });

  it('refuses a stage or an id in the body (no mass assignment)', async () => {
    const ctx = createTestContext();
    const response = await ctx.request('POST', '/api/v1/leads', {
      as: 'marketer',
      body: { ...weakLead, stage: 'won' },
    });
    expect(response.status).toBe(400);
  });
});

describe('POST /api/v1/leads/capture', () => {
  it('captures a prospect from a page; a rep capturing owns the lead', async () => {
    const ctx = createTestContext();
    const response = await ctx.request('POST', '/api/v1/leads/capture', {
      as: 'rep',
      body: {
        site: 'linkedin',
        pageUrl: 'https://www.linkedin.com/in/dana-whitfield-7a1b2c/',
        fullName: 'Dana Whitfield',
        title: 'Head of Operations',
        companyName: 'Northwind Traders',
        companyDomain: 'northwind-traders.com',
        linkedinUrl: 'https://www.linkedin.com/in/dana-whitfield-7a1b2c/',
        tags: ['linkedin'],
      },
    });
    expect(response.status).toBe(201);
    const { lead } = await readJson<{ lead: LeadView }>(response);
    expect(lead.ownerId).toBe(ctx.users.rep.id);
    expect(lead.source).toEqual({ channel: 'extension', detail: 'linkedin' });
    expect(lead.companyDomain).toBe('northwind-traders.com');
  });

  it('refuses a capture with no way to reach the person (incomplete → 422, kept for review)', async () => {
    const ctx = createTestContext();
    const response = await ctx.request('POST', '/api/v1/leads/capture', {
      as: 'rep',
      body: { site: 'page', pageUrl: 'https://northwind-traders.com/team', fullName: 'Priya Natarajan' },
    });
    expect(response.status).toBe(422);
    const body = await readJson<ErrorBody>(response);
    expect(JSON.stringify(body.error.details.reasons)).toContain('incomplete');
  });
});

describe('GET and PATCH /api/v1/leads/:id', () => {
  it('answers 404 for an unknown lead', async () => {
    const ctx = createTestContext();
    const response = await ctx.request('GET', '/api/v1/leads/missing');
    expect(response.status).toBe(404);
    expect((await readJson<ErrorBody>(response)).error.code).toBe('not_found');
  });

  it('updates with the version read, rescoring and writing history; a stale version gets 409', async () => {
    const ctx = createTestContext();
    const lead = await createLeadViaApi(ctx, weakLead);
    const update = await ctx.request('PATCH', `/api/v1/leads/${lead.id}`, {
      as: 'marketer',
      body: { version: lead.version, company: { ...lead.company, size: 5000, industry: 'software' } },
    });
    expect(update.status).toBe(200);
    const updated = (await readJson<{ lead: LeadView }>(update)).lead;
    expect(updated.version).toBeGreaterThan(lead.version);
    expect(updated.score).toBeGreaterThan(lead.score ?? 0);

    const stale = await ctx.request('PATCH', `/api/v1/leads/${lead.id}`, {
      as: 'marketer',
      body: { version: lead.version, tags: ['late'] },
    });
    expect(stale.status).toBe(409);
    const body = await readJson<ErrorBody>(stale);
    expect(body.error.code).toBe('version_conflict');
    expect(body.error.details.currentVersion).toBe(updated.version);

    const history = await readJson<{ items: { action: string; before: unknown; after: unknown }[] }>(
      await ctx.request('GET', `/api/v1/leads/${lead.id}/history`),
    );
    const change = history.items.find((entry) => entry.action === 'lead.updated');
    expect(change?.before).toMatchObject({ company: { size: 12 } });
    expect(change?.after).toMatchObject({ company: { size: 5000 } });
  });

  it('lets exactly one of two concurrent updates of the same version win', async () => {
    const ctx = createTestContext();
    const lead = await createLeadViaApi(ctx, weakLead);
    const responses = await Promise.all(
      ['first', 'second'].map((tag) =>
        ctx.request('PATCH', `/api/v1/leads/${lead.id}`, {
          as: 'marketer',
          body: { version: lead.version, tags: [tag] },
        }),
      ),
    );
    expect(responses.map((response) => response.status).sort()).toEqual([200, 409]);
    const { lead: stored } = await readJson<{ lead: LeadView }>(
      await ctx.request('GET', `/api/v1/leads/${lead.id}`),
    );
    expect(stored.tags).toHaveLength(1);
  });

  it('lets a rep take an unowned lead but not give it away or take another rep’s lead', async () => {
    const ctx = createTestContext();
    const lead = await createLeadViaApi(ctx, weakLead);
    const claim = await ctx.request('PATCH', `/api/v1/leads/${lead.id}`, {
      as: 'rep',
      body: { version: lead.version, ownerId: ctx.users.rep.id },
    });
    expect(claim.status).toBe(200);
    const claimed = (await readJson<{ lead: LeadView }>(claim)).lead;
    const giveAway = await ctx.request('PATCH', `/api/v1/leads/${lead.id}`, {
      as: 'rep',
      body: { version: claimed.version, ownerId: ctx.users.admin.id },
    });
    expect(giveAway.status).toBe(403);

    const other = await createLeadViaApi(ctx, withIdentity(weakLead, 2));
    await ctx.request('PATCH', `/api/v1/leads/${other.id}`, {
      as: 'admin',
      body: { version: other.version, ownerId: ctx.users.admin.id },
    });
    const reread = (await readJson<{ lead: LeadView }>(await ctx.request('GET', `/api/v1/leads/${other.id}`)))
      .lead;
    const steal = await ctx.request('PATCH', `/api/v1/leads/${other.id}`, {
      as: 'rep',
      body: { version: reread.version, ownerId: ctx.users.rep.id },
    });
    expect(steal.status).toBe(403);
  });

  it('refuses an owner who is no user (422 unknown_owner) on create and update, storing nothing', async () => {
    const ctx = createTestContext();
    const created = await ctx.request('POST', '/api/v1/leads', {
      body: { ...weakLead, owner: 'no-such-user' },
    });
    expect(created.status).toBe(422);
    expect((await readJson<ErrorBody>(created)).error.code).toBe('unknown_owner');
    const count = ctx.db.$client.prepare('select count(*) as n from leads').get() as { n: number };
    expect(count.n).toBe(0);

    const lead = await createLeadViaApi(ctx, weakLead);
    const updated = await ctx.request('PATCH', `/api/v1/leads/${lead.id}`, {
      body: { version: lead.version, ownerId: 'no-such-user' },
    });
    expect(updated.status).toBe(422);
    expect((await readJson<ErrorBody>(updated)).error).toMatchObject({
      code: 'unknown_owner',
      details: { ownerId: 'no-such-user' },
    });
    const assigned = await ctx.request('PATCH', `/api/v1/leads/${lead.id}`, {
      body: { version: lead.version, ownerId: ctx.users.rep.id },
    });
    expect(assigned.status).toBe(200);
  });

  it('answers 415 for a body under a non-JSON media type instead of reading it as {}', async () => {
    const ctx = createTestContext();
    const response = await ctx.app.request('/api/v1/leads', {
      method: 'POST',
      headers: { authorization: `Bearer ${ctx.users.admin.token}`, 'content-type': 'text/plain' },
      body: JSON.stringify(weakLead),
    });
    expect(response.status).toBe(415);
    expect((await readJson<ErrorBody>(response)).error.code).toBe('unsupported_media_type');
    const count = ctx.db.$client.prepare('select count(*) as n from leads').get() as { n: number };
    expect(count.n).toBe(0);
    const vendorJson = await ctx.app.request('/api/v1/leads', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${ctx.users.admin.token}`,
        'content-type': 'application/vnd.leadlight+json; charset=utf-8',
      },
      body: JSON.stringify(weakLead),
    });
    expect(vendorJson.status).toBe(201);
  });

  it('refuses qualification answers on create (400) rather than dropping them', async () => {
    const ctx = createTestContext();
    const response = await ctx.request('POST', '/api/v1/leads', {
      body: { ...weakLead, qualification: { budget: { state: 'verified' } } },
    });
    expect(response.status).toBe(400);
    expect((await readJson<ErrorBody>(response)).error).toMatchObject({
      code: 'unsupported_field',
      details: { field: 'qualification' },
    });
    const count = ctx.db.$client.prepare('select count(*) as n from leads').get() as { n: number };
    expect(count.n).toBe(0);
  });

  it('refuses an update that would take another lead’s identity', async () => {
    const ctx = createTestContext();
    const first = await createLeadViaApi(ctx, strongLead);
    const second = await createLeadViaApi(ctx, weakLead);
    const response = await ctx.request('PATCH', `/api/v1/leads/${second.id}`, {
      as: 'marketer',
      body: {
        version: second.version,
        identities: { emails: ['avery.quinn@quinn-robotics.com'], phones: [] },
      },
    });
    expect(response.status).toBe(409);
    expect((await readJson<ErrorBody>(response)).error.details.leadId).toBe(first.id);
  });
});

describe('GET /api/v1/leads', () => {
  async function seed() {
    const ctx = createTestContext();
    const strong = await createLeadViaApi(ctx, strongLead);
    ctx.clock.advance(1000);
    const weak = await createLeadViaApi(ctx, weakLead);
    for (let index = 0; index < 5; index += 1) {
      ctx.clock.advance(1000);
      await createLeadViaApi(ctx, withIdentity(weakLead, index));
    }
    return { ctx, strong, weak };
  }

  it('filters by stage, source, tag, owner and text', async () => {
    const { ctx, strong, weak } = await seed();
    const list = async (query: string) =>
      (await readJson<LeadListResponse>(await ctx.request('GET', `/api/v1/leads?${query}`))).items.map(
        (item) => item.id,
      );
    expect(await list('stage=mql')).toEqual([strong.id]);
    expect(await list('source=web_form')).toEqual([strong.id]);
    expect(await list('tag=webinar')).toEqual([strong.id]);
    expect(await list('q=ROBOTICS')).toEqual([strong.id]);
    expect(await list('q=100%25')).toEqual([]);
    expect(await list('owner=none')).toHaveLength(7);
    expect(await list('owner=me')).toEqual([]);
    expect(await list('stage=inquiry&q=robin%20marsh&sort=createdAt&limit=1')).toEqual([weak.id]);
  });

  it('sorts by score and pages with a cursor without gaps or repeats', async () => {
    const { ctx, strong } = await seed();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `sort=-score&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page: LeadListResponse = await readJson<LeadListResponse>(
        await ctx.request('GET', `/api/v1/leads?${query}`),
      );
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toHaveLength(7);
    const page = await readJson(await ctx.request('GET', '/api/v1/leads?limit=2'));
    expect(LeadListResponseSchema.safeParse(page).error).toBeUndefined();
    expect(new Set(seen).size).toBe(7);
    expect(seen[0]).toBe(strong.id);
  });

  it('refuses a forged cursor and unknown query parameters', async () => {
    const { ctx } = await seed();
    expect((await ctx.request('GET', '/api/v1/leads?cursor=bm9wZQ')).status).toBe(400);
    expect((await ctx.request('GET', '/api/v1/leads?stage=bogus')).status).toBe(400);
    expect((await ctx.request('GET', '/api/v1/leads?limit=100000')).status).toBe(400);
  });
});
