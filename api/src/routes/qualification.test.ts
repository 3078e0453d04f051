import {
  type QualificationResponse,
  QualificationResponseSchema,
  type SetQualificationResponse,
  SetQualificationResponseSchema,
} from '@leadlight/contract';
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
    const answered = await readJson<SetQualificationResponse>(response);
    expect(SetQualificationResponseSchema.safeParse(answered).error).toBeUndefined();
    const { lead: after } = answered;
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
    // The answer carried the checklist as it now stands: what GET …/qualification answers afterwards.
    expect(answered.qualification).toEqual(checklist);
  });

  it('answers the rescored lead and the checklist, and a resend with the same Idempotency-Key replays it', async () => {
    const ctx = createTestContext();
    const lead = await createLeadViaApi(ctx, strongLead);
    const send = (state: string) =>
      ctx.request('PUT', `/api/v1/leads/${lead.id}/qualification/need`, {
        as: 'rep',
        body: { state, value: 'Replacing spreadsheets' },
        headers: { 'idempotency-key': 'checklist-need-1' },
      });
    const first = await send('claimed');
    expect(first.status).toBe(200);
    const text = await first.text();
    const body = SetQualificationResponseSchema.parse(JSON.parse(text));
    expect(body.lead.qualification.need).toMatchObject({ state: 'claimed', value: 'Replacing spreadsheets' });
    expect(body.qualification.items.find((item) => item.itemId === 'need')).toMatchObject({
      state: 'claimed',
      value: 'Replacing spreadsheets',
      answeredBy: ctx.users.rep.id,
      answeredAt: ctx.clock.now().toISOString(),
    });
    expect(body.lead.version).toBeGreaterThan(lead.version);

    ctx.clock.advance(60_000);
    const replay = await send('claimed');
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await replay.text()).toBe(text);
    // The same key with another body is a different request: refused, nothing written.
    const conflicting = await send('verified');
    expect(conflicting.status).toBe(422);
    const history = await readJson<{ items: { action: string }[] }>(
      await ctx.request('GET', `/api/v1/leads/${lead.id}/history`),
    );
    expect(history.items.filter((entry) => entry.action.includes('qualification'))).toHaveLength(1);
    const checklist = await readJson<QualificationResponse>(
      await ctx.request('GET', `/api/v1/leads/${lead.id}/qualification`),
    );
    expect(checklist.items.find((item) => item.itemId === 'need')?.state).toBe('claimed');
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
