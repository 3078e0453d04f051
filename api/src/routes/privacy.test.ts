import type { Erasure, LeadView, PersonalDataExport } from '@leadlight/contract';
import { describe, expect, it } from 'vitest';
import { createLeadViaApi, strongLead, weakLead } from '../testing/leads';
import { createTestContext, readJson, type TestContext } from '../testing/test-context';

type ErrorBody = { error: { code: string } };

/** A lead with something in every table that holds personal data. */
async function seedPerson(ctx: TestContext) {
  const lead = await createLeadViaApi(ctx, strongLead);
  const note = await ctx.request('POST', `/api/v1/leads/${lead.id}/notes`, {
    as: 'rep',
    body: { body: 'Avery mentioned her daughter starts at Quinn Robotics next week' },
    headers: { 'idempotency-key': 'note-1' },
  });
  expect(note.status).toBe(201);
  const touch = await ctx.request('POST', `/api/v1/leads/${lead.id}/follow-ups`, {
    as: 'rep',
    body: { channel: 'call', outcome: 'connected', note: 'Called Avery on her mobile' },
  });
  expect(touch.status).toBe(201);
  const answer = await ctx.request('PUT', `/api/v1/leads/${lead.id}/qualification/budget`, {
    as: 'rep',
    body: { state: 'claimed', value: 'Avery says 50k from her own budget' },
  });
  expect(answer.status).toBe(200);
  const nurture = await ctx.request('POST', `/api/v1/leads/${lead.id}/stage`, {
    as: 'rep',
    body: { to: 'nurture', reasonCode: 'timing', reasonText: 'Avery Quinn is on parental leave' },
  });
  expect(nurture.status).toBe(201);
  const other = await createLeadViaApi(ctx, weakLead);
  return { lead, other };
}

/** Every text cell of every table, to prove a value is gone everywhere. */
function dumpDatabase(ctx: TestContext): string {
  const tables = ctx.db.$client
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")
    .all() as { name: string }[];
  return tables
    .map(({ name }) => JSON.stringify(ctx.db.$client.prepare(`select * from "${name}"`).all()))
    .join('\n')
    .toLowerCase();
}

describe('privacy', { timeout: 60_000 }, () => {
  it('exports everything held about a person as JSON', async () => {
    const ctx = createTestContext();
    const { lead } = await seedPerson(ctx);
    const response = await ctx.request('GET', `/api/v1/privacy/leads/${lead.id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain(`personal-data-${lead.id}.json`);
    const dossier = await readJson<PersonalDataExport>(response);
    expect(dossier.lead.person.fullName).toBe('Avery Quinn');
    expect(dossier.identities).toEqual([
      { kind: 'email', value: 'avery.quinn@quinn-robotics.com' },
      { kind: 'linkedin', value: 'linkedin.com/in/avery-quinn-42' },
    ]);
    expect(dossier.notes[0]?.body).toContain('daughter');
    expect(dossier.followUps[0]?.note).toBe('Called Avery on her mobile');
    expect(dossier.stageMoves.map((move) => move.toStage).sort()).toEqual(['mql', 'nurture']);
    expect(dossier.history.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['lead.created', 'note.added', 'follow_up.logged', 'qualification.answered']),
    );
    expect(dossier.erasure).toBeNull();
  });

  it('erases a person: data gone everywhere, counts kept, the erasure recorded without the data', async () => {
    const ctx = createTestContext();
    const { lead, other } = await seedPerson(ctx);
    ctx.clock.advance(60_000);
    const response = await ctx.request('POST', `/api/v1/privacy/leads/${lead.id}/erase`, {
      body: { reason: 'GDPR art. 17 request #42' },
    });
    expect(response.status).toBe(200);
    const { erasure } = await readJson<{ erasure: Erasure }>(response);
    expect(erasure).toMatchObject({
      leadId: lead.id,
      erasedBy: ctx.users.admin.id,
      erasedAt: '2026-11-24T09:01:00.000Z',
      reason: 'GDPR art. 17 request #42',
      counts: { identities: 2, notes: 1, followUps: 1, qualificationAnswers: 1, idempotencyRecords: 1 },
    });

    const dump = dumpDatabase(ctx);
    for (const personal of ['avery', 'quinn', 'her daughter', 'mobile', 'parental', '50k']) {
      expect(dump, personal).not.toContain(personal);
    }
    expect(dump).toContain('robin@marsh-daughters.co.uk');

    const view = (await readJson<{ lead: LeadView }>(await ctx.request('GET', `/api/v1/leads/${lead.id}`)))
      .lead;
    expect(view).toMatchObject({
      fullName: null,
      companyName: null,
      stage: 'nurture',
      source: strongLead.source,
    });
    expect(view.identities).toEqual({ emails: [], phones: [] });
    expect(view.company).toEqual({ size: 1200, industry: 'software' });
    expect(view.attempts.made).toBe(1);
    const lookup = await ctx.request('GET', '/api/v1/lookup?email=avery.quinn@quinn-robotics.com', {
      as: 'rep',
    });
    expect(lookup.status).toBe(404);

    const dossier = await readJson<PersonalDataExport>(
      await ctx.request('GET', `/api/v1/privacy/leads/${lead.id}`),
    );
    expect(dossier.notes.map((note) => note.body)).toEqual(['[erased]']);
    expect(dossier.stageMoves.map((move) => [move.toStage, move.reasonCode, move.reasonText]).sort()).toEqual(
      [
        ['mql', 'score_reached_mql', null],
        ['nurture', 'timing', null],
      ],
    );
    expect(dossier.erasure?.id).toBe(erasure.id);
    const last = dossier.history.at(-1);
    expect(last).toMatchObject({
      action: 'lead.erased',
      actorId: ctx.users.admin.id,
      after: { erasureId: erasure.id },
    });
    expect(dossier.history.slice(0, -1).every((entry) => entry.before === null && entry.after === null)).toBe(
      true,
    );

    const list = await readJson<{ items: Erasure[] }>(await ctx.request('GET', '/api/v1/privacy/erasures'));
    expect(list.items.map((item) => item.id)).toEqual([erasure.id]);
    const untouched = await readJson<{ lead: LeadView }>(
      await ctx.request('GET', `/api/v1/leads/${other.id}`),
    );
    expect(untouched.lead.fullName).toBe('Robin Marsh');

    const twice = await ctx.request('POST', `/api/v1/privacy/leads/${lead.id}/erase`, { body: {} });
    expect(twice.status).toBe(409);
    expect((await readJson<ErrorBody>(twice)).error.code).toBe('already_erased');
  });

  it('is for admins only, answers 404 for an unknown lead and refuses unknown fields', async () => {
    const ctx = createTestContext();
    const { lead } = await seedPerson(ctx);
    for (const role of ['rep', 'marketer'] as const) {
      expect((await ctx.request('GET', `/api/v1/privacy/leads/${lead.id}`, { as: role })).status).toBe(403);
      const erase = await ctx.request('POST', `/api/v1/privacy/leads/${lead.id}/erase`, {
        as: role,
        body: {},
      });
      expect(erase.status).toBe(403);
    }
    expect((await ctx.request('GET', '/api/v1/privacy/leads/nope')).status).toBe(404);
    expect((await ctx.request('POST', '/api/v1/privacy/leads/nope/erase', { body: {} })).status).toBe(404);
    const extra = await ctx.request('POST', `/api/v1/privacy/leads/${lead.id}/erase`, {
      body: { everything: true },
    });
    expect(extra.status).toBe(400);
    const view = (await readJson<{ lead: LeadView }>(await ctx.request('GET', `/api/v1/leads/${lead.id}`)))
      .lead;
    expect(view.fullName).toBe('Avery Quinn');
  });
});
