import type { IngestKey, IngestResponse, IssuedIngestKey, LeadView } from '@leadlight/contract';
import { describe, expect, it } from 'vitest';
import { loadDefaultRuleset } from '../db/active-ruleset';
import { seedActiveRuleset } from '../services/rulesets';
import { createLeadViaApi, strongLead, weakLead } from '../testing/leads';
import { createTestContext, readJson, type TestContext } from '../testing/test-context';

type ErrorBody = { error: { code: string } };

async function issueKey(ctx: TestContext, label = 'website'): Promise<IssuedIngestKey> {
  const response = await ctx.request('POST', '/api/v1/ingest/keys', { as: 'admin', body: { label } });
  expect(response.status).toBe(201);
  return readJson<IssuedIngestKey>(response);
}

function sendEvents(ctx: TestContext, secret: string | null, events: unknown[]) {
  return ctx.app.request('/api/v1/ingest/events', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(secret === null ? {} : { authorization: `Bearer ${secret}` }),
    },
    body: JSON.stringify({ events }),
  });
}

/**
 * The default ruleset with its engagement rules replaced by a small webinar rule, and the MQL threshold just above
 * `score`: one webinar lifts a lead without events scored `score` over it.
 */
function activateWebinarRuleset(ctx: TestContext, score: number): void {
  const definition = structuredClone(loadDefaultRuleset().ruleset);
  definition.rules = definition.rules.filter((rule) => rule.kind !== 'engagement');
  definition.rules.push({
    kind: 'engagement',
    basis: 'events',
    id: 'eng-webinar-test',
    label: 'Attended a webinar',
    eventTypes: ['webinar'],
    measure: 'count',
    pointsPerUnit: 2,
    cap: 2,
  });
  definition.thresholds.mql = score + 1;
  seedActiveRuleset(ctx.db, definition, { actor: null, now: ctx.clock.now() });
}

describe('ingest keys', () => {
  it('issues a key once (only its hash stored), lists and revokes it', async () => {
    const ctx = createTestContext();
    const { key, secret } = await issueKey(ctx);
    expect(secret).toMatch(/^lli_[\w-]{40,}$/);
    expect(key).toMatchObject({
      label: 'website',
      prefix: secret.slice(0, 10),
      revokedAt: null,
      createdBy: ctx.users.admin.id,
    });
    const stored = ctx.db.$client.prepare('select key_hash from ingest_keys').all() as { key_hash: string }[];
    expect(stored).toHaveLength(1);
    expect(stored[0]?.key_hash).not.toContain(secret.slice(4));
    const list = await readJson<{ items: IngestKey[] }>(await ctx.request('GET', '/api/v1/ingest/keys'));
    expect(list.items).toEqual([key]);
    expect(JSON.stringify(list)).not.toContain(secret);

    const revoked = await ctx.request('DELETE', `/api/v1/ingest/keys/${key.id}`);
    expect((await readJson<{ key: IngestKey }>(revoked)).key.revokedAt).toBe(ctx.clock.now().toISOString());
    expect((await ctx.request('DELETE', `/api/v1/ingest/keys/${key.id}`)).status).toBe(409);
    expect((await ctx.request('DELETE', '/api/v1/ingest/keys/nope')).status).toBe(404);
    expect(
      (await ctx.request('POST', '/api/v1/ingest/keys', { as: 'admin', body: { label: '' } })).status,
    ).toBe(400);
    const refused = await sendEvents(ctx, secret, [
      { identity: { email: 'x@example.org' }, type: 'site_visit', at: '2026-11-24T08:00:00Z' },
    ]);
    expect(refused.status).toBe(401);
  });

  it('refuses missing, unknown keys and user tokens', async () => {
    const ctx = createTestContext();
    const event = { identity: { email: 'x@example.org' }, type: 'site_visit', at: '2026-11-24T08:00:00Z' };
    expect((await sendEvents(ctx, null, [event])).status).toBe(401);
    const unknown = await sendEvents(ctx, 'lli_not-a-key', [event]);
    expect(unknown.status).toBe(401);
    expect((await readJson<ErrorBody>(unknown)).error.code).toBe('unauthorized');
    expect((await sendEvents(ctx, ctx.users.admin.token, [event])).status).toBe(401);
  });
});

describe('POST /api/v1/ingest/events', () => {
  it('matches events to leads by identity, records and rescores them, and reports the unknown ones', async () => {
    const ctx = createTestContext();
    const { secret } = await issueKey(ctx);
    const lead = await createLeadViaApi(ctx, weakLead);
    const response = await sendEvents(ctx, secret, [
      {
        identity: { email: 'Robin@Marsh-Daughters.co.uk' },
        type: 'page_view',
        at: '2026-11-24T08:00:00+01:00',
        url: 'https://leadlight.test/pricing',
      },
      { identity: { email: 'nobody@unknown-corp.com' }, type: 'email_open', at: '2026-11-24T08:00:00Z' },
      { identity: { email: 'not an email' }, type: 'email_open', at: '2026-11-24T08:00:00Z' },
      { identity: { phone: '+44 20 7946 0958' }, type: 'email_click', at: '2026-11-24T08:05:00Z' },
      { identity: { leadId: 'missing' }, type: 'email_click', at: '2026-11-24T08:05:00Z' },
    ]);
    expect(response.status).toBe(200);
    const body = await readJson<IngestResponse>(response);
    expect(body).toMatchObject({ recorded: 2, unmatched: 3 });
    expect(body.results.map((result) => [result.index, result.status])).toEqual([
      [0, 'recorded'],
      [1, 'unknown_identity'],
      [2, 'invalid_identity'],
      [3, 'recorded'],
      [4, 'unknown_identity'],
    ]);
    const first = body.results[0];
    expect(first?.status === 'recorded' && first.leadId).toBe(lead.id);
    expect(first?.status === 'recorded' && first.alerts).toEqual([
      { kind: 'moment', label: 'Looking at pricing' },
    ]);

    const events = ctx.db.$client
      .prepare('select type, at, url from engagement_events where lead_id = ? order by at')
      .all(lead.id);
    expect(events).toEqual([
      { type: 'page_view', at: '2026-11-24T07:00:00.000Z', url: 'https://leadlight.test/pricing' },
      { type: 'email_click', at: '2026-11-24T08:05:00.000Z', url: null },
    ]);
    const view = await readJson<{ lead: LeadView }>(await ctx.request('GET', `/api/v1/leads/${lead.id}`));
    expect(view.lead.score).toBeGreaterThan(lead.score ?? 0);
    expect(view.lead.score).toBe(body.results[3]?.status === 'recorded' ? body.results[3].score : null);
    const history = await readJson<{ items: { action: string; actorId: string | null }[] }>(
      await ctx.request('GET', `/api/v1/leads/${lead.id}/history`),
    );
    expect(history.items.filter((entry) => entry.action === 'engagement.recorded')).toHaveLength(2);
    expect(history.items.some((entry) => entry.action === 'alert.raised')).toBe(true);
  });

  it('raises an MQL alert when an event lifts a lead over the threshold', async () => {
    const ctx = createTestContext();
    const { secret } = await issueKey(ctx);
    const lead = await createLeadViaApi(ctx, weakLead);
    activateWebinarRuleset(ctx, lead.score ?? 0);
    expect(lead.stage).toBe('inquiry');
    const body = await readJson<IngestResponse>(
      await sendEvents(ctx, secret, [
        { identity: { leadId: lead.id }, type: 'webinar', at: '2026-11-24T08:00:00Z', detail: 'Q4 launch' },
      ]),
    );
    const result = body.results[0];
    expect(result?.status === 'recorded' && result.alerts.map((alert) => alert.kind)).toEqual(['mql']);
    const view = await readJson<{ lead: LeadView }>(await ctx.request('GET', `/api/v1/leads/${lead.id}`));
    expect(view.lead.stage).toBe('mql');
  });

  it('refuses malformed batches whole (400), storing nothing', async () => {
    const ctx = createTestContext();
    const { secret } = await issueKey(ctx);
    await createLeadViaApi(ctx, strongLead);
    expect((await sendEvents(ctx, secret, [])).status).toBe(400);
    const tooMany = Array.from({ length: 501 }, () => ({
      identity: { email: 'avery.quinn@quinn-robotics.com' },
      type: 'site_visit',
      at: '2026-11-24T08:00:00Z',
    }));
    expect((await sendEvents(ctx, secret, tooMany)).status).toBe(400);
    const badType = await sendEvents(ctx, secret, [
      {
        identity: { email: 'avery.quinn@quinn-robotics.com' },
        type: 'telepathy',
        at: '2026-11-24T08:00:00Z',
      },
    ]);
    expect(badType.status).toBe(400);
    const noIdentity = await sendEvents(ctx, secret, [
      { identity: {}, type: 'site_visit', at: '2026-11-24T08:00:00Z' },
    ]);
    expect(noIdentity.status).toBe(400);
    const count = ctx.db.$client.prepare('select count(*) as n from engagement_events').get() as {
      n: number;
    };
    expect(count.n).toBe(0);
  });
});
