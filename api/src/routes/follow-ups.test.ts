import { type FollowUp, FollowUpListResponseSchema, type LeadView } from '@leadlight/contract';
import { describe, expect, it } from 'vitest';
import { claimIdempotencyKey } from '../db/idempotency';
import { insertUser, issueToken } from '../db/users';
import { hashSha256 } from '../lib/ids';
import { createLeadViaApi, requiredAttempts, strongLead } from '../testing/leads';
import { createTestContext, readJson } from '../testing/test-context';

type Attempts = { made: number; required: number };

describe('follow-ups', () => {
  it('logs touches, counts attempts, takes the unowned lead for the rep and meets the SLA', async () => {
    const ctx = createTestContext();
    const lead = await createLeadViaApi(ctx, strongLead);
    ctx.clock.advance(3_600_000);
    const response = await ctx.request('POST', `/api/v1/leads/${lead.id}/follow-ups`, {
      as: 'rep',
      body: { channel: 'call', outcome: 'no_answer' },
    });
    expect(response.status).toBe(201);
    const body = await readJson<{ followUp: FollowUp; attempts: Attempts }>(response);
    expect(body.attempts).toEqual({ made: 1, required: requiredAttempts(ctx) });
    expect(body.followUp).toMatchObject({
      channel: 'call',
      outcome: 'no_answer',
      occurredAt: ctx.clock.now().toISOString(),
    });

    await ctx.request('POST', `/api/v1/leads/${lead.id}/follow-ups`, {
      as: 'rep',
      body: {
        channel: 'email',
        outcome: 'bounced',
        note: 'Address bounced',
        occurredAt: '2026-11-24T09:30:00.000Z',
      },
    });
    const list = await readJson<{ items: FollowUp[]; attempts: Attempts }>(
      await ctx.request('GET', `/api/v1/leads/${lead.id}/follow-ups`),
    );
    expect(FollowUpListResponseSchema.safeParse(list).error).toBeUndefined();
    expect(list.attempts.made).toBe(2);
    expect(list.items.map((item) => item.channel)).toEqual(['call', 'email']);

    const { lead: after } = await readJson<{ lead: LeadView }>(
      await ctx.request('GET', `/api/v1/leads/${lead.id}`),
    );
    expect(after.ownerId).toBe(ctx.users.rep.id);
    expect(after.firstTouchedAt).toBe('2026-11-24T09:30:00.000Z');
    expect(after.sla.state).toBe('ok');
    expect(after.nextAction).toBe(`attempt 3 of ${requiredAttempts(ctx)}: call`);
  });

  it('refuses a touch in the future, an unknown channel and an unknown lead', async () => {
    const ctx = createTestContext();
    const lead = await createLeadViaApi(ctx, strongLead);
    const future = await ctx.request('POST', `/api/v1/leads/${lead.id}/follow-ups`, {
      as: 'rep',
      body: { channel: 'call', outcome: 'connected', occurredAt: '2027-01-01T00:00:00.000Z' },
    });
    expect(future.status).toBe(422);
    const badChannel = await ctx.request('POST', `/api/v1/leads/${lead.id}/follow-ups`, {
      as: 'rep',
      body: { channel: 'fax', outcome: 'connected' },
    });
    expect(badChannel.status).toBe(400);
    const missing = await ctx.request('POST', '/api/v1/leads/nope/follow-ups', {
      as: 'rep',
      body: { channel: 'call', outcome: 'connected' },
    });
    expect(missing.status).toBe(404);
    expect((await ctx.request('GET', '/api/v1/leads/nope/follow-ups')).status).toBe(404);
  });

  it('refuses a touch on another rep’s lead (403), as stage moves do', async () => {
    const ctx = createTestContext();
    const lead = await createLeadViaApi(ctx, strongLead);
    const context = { actorId: null, now: ctx.clock.now().toISOString() };
    const other = insertUser(
      ctx.db,
      { name: 'Other rep', email: 'other.rep@leadlight.test', role: 'rep' },
      context,
    );
    const { secret } = issueToken(ctx.db, other.id, 'test', context);
    const taken = await ctx.request('POST', `/api/v1/leads/${lead.id}/follow-ups`, {
      as: 'rep',
      body: { channel: 'call', outcome: 'no_answer' },
    });
    expect(taken.status).toBe(201);
    const foreign = await ctx.request('POST', `/api/v1/leads/${lead.id}/follow-ups`, {
      token: secret,
      body: { channel: 'call', outcome: 'no_answer' },
    });
    expect(foreign.status).toBe(403);
    const row = ctx.db.$client.prepare('select attempt_count from leads where id = ?').get(lead.id);
    expect(row).toEqual({ attempt_count: 1 });
  });

  it('counts a retried touch once (Idempotency-Key), also when the same key arrives twice at once', async () => {
    const ctx = createTestContext();
    const lead = await createLeadViaApi(ctx, strongLead);
    const path = `/api/v1/leads/${lead.id}/follow-ups`;
    const body = JSON.stringify({ channel: 'call', outcome: 'left_voicemail' });
    const send = (key: string) =>
      ctx.request('POST', path, { as: 'rep', body, headers: { 'idempotency-key': key } });
    expect((await send('touch-1')).status).toBe(201);
    const replay = await send('touch-1');
    expect(replay.status).toBe(201);
    expect((await readJson<{ attempts: Attempts }>(replay)).attempts.made).toBe(1);

    const both = await Promise.all([send('touch-2'), send('touch-2')]);
    expect(both.map((response) => response.status)).toEqual([201, 201]);
    const bodies = await Promise.all(both.map((response) => response.text()));
    expect(bodies[0]).toBe(bodies[1]);
    const row = ctx.db.$client.prepare('select attempt_count from leads where id = ?').get(lead.id);
    expect(row).toEqual({ attempt_count: 2 });
  });

  it('retries a key a crashed server left without a response instead of answering 409 for 24 h', async () => {
    const ctx = createTestContext();
    const lead = await createLeadViaApi(ctx, strongLead);
    const path = `/api/v1/leads/${lead.id}/follow-ups`;
    const body = JSON.stringify({ channel: 'call', outcome: 'left_voicemail' });
    // What the earlier two-step design left when killed between claiming the key and writing.
    claimIdempotencyKey(ctx.db, {
      userId: ctx.users.rep.id,
      key: 'touch-3',
      requestHash: hashSha256(`POST ${path}\n${body}`),
      createdAt: ctx.clock.now().toISOString(),
    });
    const retried = await ctx.request('POST', path, {
      as: 'rep',
      body,
      headers: { 'idempotency-key': 'touch-3' },
    });
    expect(retried.status).toBe(201);
    expect((await readJson<{ attempts: Attempts }>(retried)).attempts.made).toBe(1);
    const stored = ctx.db.$client
      .prepare('select response_status from idempotency_keys where key = ?')
      .get('touch-3');
    expect(stored).toEqual({ response_status: 201 });
  });
});
