import { type LeadView, MoveStageResponseSchema } from '@leadlight/contract';
import { describe, expect, it } from 'vitest';
import { getActiveRuleset } from '../db/active-ruleset';
import { createLeadViaApi, strongLead, weakLead } from '../testing/leads';
import { createTestContext, readJson, type TestContext } from '../testing/test-context';

type ErrorBody = { error: { code: string; details: Record<string, unknown> } };

async function answer(ctx: TestContext, leadId: string, itemId: string, state: string, value?: string) {
  return ctx.request('PUT', `/api/v1/leads/${leadId}/qualification/${itemId}`, {
    as: 'rep',
    body: value === undefined ? { state } : { state, value },
  });
}

async function move(
  ctx: TestContext,
  leadId: string,
  body: Record<string, unknown>,
  as: 'rep' | 'admin' = 'rep',
) {
  return ctx.request('POST', `/api/v1/leads/${leadId}/stage`, { as, body });
}

describe('POST /api/v1/leads/:id/stage', () => {
  it('needs a reason to disqualify, nurture or lose a lead', async () => {
    const ctx = createTestContext();
    const lead = await createLeadViaApi(ctx, strongLead);
    for (const to of ['disqualified', 'nurture', 'lost']) {
      const response = await move(ctx, lead.id, { to });
      expect(response.status, to).toBe(422);
      expect((await readJson<ErrorBody>(response)).error.code).toBe('reason_required');
    }
  });

  it('needs the verified checklist items the ruleset asks for before SQL', async () => {
    const ctx = createTestContext();
    const lead = await createLeadViaApi(ctx, strongLead);
    await answer(ctx, lead.id, 'budget', 'verified');
    await answer(ctx, lead.id, 'authority', 'verified');
    const refused = await move(ctx, lead.id, { to: 'sql' });
    expect(refused.status).toBe(422);
    const body = await readJson<ErrorBody>(refused);
    expect(body.error.code).toBe('sql_requirements_unmet');
    expect(body.error.details.missingRequired).toEqual(['need']);

    await answer(ctx, lead.id, 'need', 'verified', 'Manual routing costs them two FTEs');
    const accepted = await move(ctx, lead.id, { to: 'sql', reasonText: 'BANT verified on the call' });
    expect(accepted.status).toBe(201);
    const moved = await readJson<{
      move: { fromStage: string; toStage: string; movedBy: string };
      lead: LeadView;
    }>(accepted);
    expect(MoveStageResponseSchema.safeParse(moved).error).toBeUndefined();
    expect(moved.move).toMatchObject({ fromStage: 'mql', toStage: 'sql', movedBy: ctx.users.rep.id });
    expect(moved.lead.stage).toBe('sql');
    expect(moved.lead.ownerId).toBe(ctx.users.rep.id);
    const slaHours = getActiveRuleset(ctx.db).ruleset.followUp.firstTouchSlaHours.sql ?? 0;
    expect(moved.lead.sla).toEqual({
      state: 'ok',
      dueAt: new Date(ctx.clock.now().getTime() + slaHours * 3_600_000).toISOString(),
    });
    expect(moved.lead.nextAction).toBe('verify Timeline');
  });

  it('sends nurture leads back to the queue on their recycle date', async () => {
    const ctx = createTestContext();
    const lead = await createLeadViaApi(ctx, strongLead);
    const response = await move(ctx, lead.id, { to: 'nurture', reasonCode: 'no_budget_this_year' });
    expect(response.status).toBe(201);
    const { lead: nurtured } = await readJson<{ lead: LeadView }>(response);
    const days = getActiveRuleset(ctx.db).ruleset.followUp.recycleAfterDays;
    expect(nurtured.recycleAt).toBe(new Date(ctx.clock.now().getTime() + days * 86_400_000).toISOString());
    const custom = await move(ctx, (await createLeadViaApi(ctx, weakLead)).id, {
      to: 'nurture',
      reasonCode: 'timing',
      recycleAt: '2027-01-05T09:00:00.000Z',
    });
    expect((await readJson<{ lead: LeadView }>(custom)).lead.recycleAt).toBe('2027-01-05T09:00:00.000Z');
  });

  it('refuses a move to the current stage, recycleAt off nurture, a stale version and unknown leads', async () => {
    const ctx = createTestContext();
    const lead = await createLeadViaApi(ctx, strongLead);
    expect((await move(ctx, lead.id, { to: 'mql' })).status).toBe(422);
    expect((await move(ctx, lead.id, { to: 'sal', recycleAt: '2027-01-01T00:00:00.000Z' })).status).toBe(422);
    expect((await move(ctx, lead.id, { to: 'sal', version: lead.version - 1 })).status).toBe(409);
    expect((await move(ctx, 'nope', { to: 'sal' })).status).toBe(404);
    expect((await move(ctx, lead.id, { to: 'customer' })).status).toBe(400);
  });

  it('keeps reps off other reps’ leads', async () => {
    const ctx = createTestContext();
    const lead = await createLeadViaApi(ctx, strongLead);
    await ctx.request('PATCH', `/api/v1/leads/${lead.id}`, {
      as: 'admin',
      body: { version: lead.version, ownerId: ctx.users.admin.id },
    });
    expect((await move(ctx, lead.id, { to: 'sal' })).status).toBe(403);
    expect((await move(ctx, lead.id, { to: 'sal' }, 'admin')).status).toBe(201);
  });

  it('writes every move to the stage moves and the history, newest first', async () => {
    const ctx = createTestContext();
    const lead = await createLeadViaApi(ctx, strongLead);
    await move(ctx, lead.id, { to: 'sal' });
    await move(ctx, lead.id, { to: 'lost', reasonCode: 'competitor', reasonText: 'Chose a competitor' });
    const history = await readJson<{ items: { action: string; actorId: string | null; after: unknown }[] }>(
      await ctx.request('GET', `/api/v1/leads/${lead.id}/history`),
    );
    const moves = history.items.filter((entry) => entry.action === 'stage.moved');
    expect(moves.map((entry) => (entry.after as { toStage: string }).toStage)).toEqual([
      'lost',
      'sal',
      'mql',
    ]);
    expect(moves[0]?.after).toMatchObject({ reasonCode: 'competitor', reasonText: 'Chose a competitor' });
    expect(moves[2]?.actorId).toBe(ctx.users.marketer.id);
    const rows = ctx.db.$client
      .prepare('select count(*) as n from stage_moves where lead_id = ?')
      .get(lead.id);
    expect(rows).toEqual({ n: 3 });
  });
});

describe('Idempotency-Key on stage moves and qualification answers (the outbox resends after a lost answer)', () => {
  it('records a resent move and a resent answer once, and answers the first response again', async () => {
    const ctx = createTestContext();
    const lead = await createLeadViaApi(ctx, strongLead);
    const sendAnswer = () =>
      ctx.request('PUT', `/api/v1/leads/${lead.id}/qualification/budget`, {
        as: 'rep',
        body: { state: 'verified', value: 'Approved for Q3' },
        headers: { 'idempotency-key': 'answer-0001' },
      });
    const firstAnswer = await sendAnswer();
    expect(firstAnswer.status).toBe(200);
    const firstAnswerBody = await firstAnswer.text();
    const replayedAnswer = await sendAnswer();
    expect(replayedAnswer.headers.get('idempotent-replayed')).toBe('true');
    expect(await replayedAnswer.text()).toBe(firstAnswerBody);

    const sendMove = (reasonText: string) =>
      ctx.request('POST', `/api/v1/leads/${lead.id}/stage`, {
        as: 'rep',
        body: { to: 'nurture', reasonCode: 'timing', reasonText },
        headers: { 'idempotency-key': 'move-0001' },
      });
    const first = await sendMove('Budget next year');
    expect(first.status).toBe(201);
    const firstBody = await first.text();
    const replay = await sendMove('Budget next year');
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await replay.text()).toBe(firstBody);
    expect((await sendMove('Something else')).status).toBe(422);

    const history = await readJson<{ items: { action: string; after: unknown }[] }>(
      await ctx.request('GET', `/api/v1/leads/${lead.id}/history`),
    );
    const toNurture = history.items.filter(
      (entry) =>
        entry.action === 'stage.moved' && (entry.after as { toStage?: string } | null)?.toStage === 'nurture',
    );
    expect(toNurture).toHaveLength(1);
    expect(history.items.filter((entry) => entry.action.startsWith('qualification'))).toHaveLength(1);
  });
});

describe('GET /api/v1/leads/:id/history', () => {
  it('pages newest first with a cursor', async () => {
    const ctx = createTestContext();
    const lead = await createLeadViaApi(ctx, strongLead);
    for (let index = 0; index < 4; index += 1) {
      await ctx.request('POST', `/api/v1/leads/${lead.id}/notes`, {
        as: 'rep',
        body: { body: `note ${index}` },
      });
    }
    const first = await readJson<{ items: { seq: number }[]; nextCursor: string }>(
      await ctx.request('GET', `/api/v1/leads/${lead.id}/history?limit=3`),
    );
    expect(first.items).toHaveLength(3);
    const second = await readJson<{ items: { seq: number }[]; nextCursor: string | null }>(
      await ctx.request('GET', `/api/v1/leads/${lead.id}/history?limit=3&cursor=${first.nextCursor}`),
    );
    const seqs = [...first.items, ...second.items].map((item) => item.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect((await ctx.request('GET', `/api/v1/leads/${lead.id}/history?cursor=abc`)).status).toBe(400);
    expect((await ctx.request('GET', '/api/v1/leads/nope/history')).status).toBe(404);
  });
});
