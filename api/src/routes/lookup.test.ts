import { type LookupResponse, LookupResponseSchema } from '@leadlight/contract';
import { describe, expect, it } from 'vitest';
import { createLeadViaApi, requiredAttempts, strongLead, weakLead, withIdentity } from '../testing/leads';
import { createTestContext, readJson } from '../testing/test-context';

describe('GET /api/v1/lookup', () => {
  async function lookup(ctx: ReturnType<typeof createTestContext>, query: Record<string, string>) {
    return ctx.request('GET', `/api/v1/lookup?${new URLSearchParams(query)}`, { as: 'rep' });
  }

  it('finds a lead by email in any case and with a display name', async () => {
    const ctx = createTestContext();
    const lead = await createLeadViaApi(ctx, strongLead);
    for (const email of ['avery.quinn@quinn-robotics.com', 'Avery Quinn <AVERY.QUINN@Quinn-Robotics.com>']) {
      const response = await lookup(ctx, { email });
      expect(response.status).toBe(200);
      const body = await readJson<LookupResponse>(response);
      expect(LookupResponseSchema.safeParse(body).error).toBeUndefined();
      expect(body.matchedBy).toBe('email');
      expect(body.card).toMatchObject({
        leadId: lead.id,
        name: 'Avery Quinn',
        companyName: 'Quinn Robotics',
        stage: 'mql',
        grade: 'A',
        nextAction: `attempt 1 of ${requiredAttempts(ctx)}: call`,
        attempts: { made: 0, required: requiredAttempts(ctx) },
        sla: { state: 'ok' },
      });
      expect(body.card.contributions[0]).toEqual({ label: expect.any(String), points: expect.any(Number) });
      expect(body.card.checklist.map((item) => item.id)).toEqual(['budget', 'authority', 'need', 'timeline']);
      expect(body.card.history[0]?.summary).toMatch(/Stage inquiry → mql/);
    }
  });

  it('shows answers, notes with their author and the creation on the card, by identity and by lead id alike', async () => {
    const ctx = createTestContext();
    const lead = await createLeadViaApi(ctx, strongLead);
    const answered = await ctx.request('PUT', `/api/v1/leads/${lead.id}/qualification/need`, {
      as: 'rep',
      body: { state: 'verified', value: 'Replacing spreadsheets' },
    });
    expect(answered.status).toBe(200);
    const noted = await ctx.request('POST', `/api/v1/leads/${lead.id}/notes`, {
      as: 'rep',
      body: { body: 'Called; wants a demo next week' },
    });
    expect(noted.status).toBe(201);
    const found = await readJson<LookupResponse>(
      await lookup(ctx, { email: 'avery.quinn@quinn-robotics.com' }),
    );
    const { card } = found;
    expect(card.checklist.find((item) => item.id === 'need')?.state).toBe('verified');
    expect(card.history[0]).toMatchObject({
      summary: 'Note: Called; wants a demo next week',
      by: 'Test rep',
    });
    expect(card.history.length).toBeLessThanOrEqual(5);
    const byId = await ctx.request('GET', `/api/v1/leads/${lead.id}/card`, { as: 'rep' });
    expect(byId.status).toBe(200);
    expect(await readJson(byId)).toEqual({ card });
    const missing = await ctx.request('GET', '/api/v1/leads/no-such-lead/card', { as: 'rep' });
    expect(missing.status).toBe(404);
  });

  it('summarises a new lead\'s creation as "Created" (its after-image is not read for the card)', async () => {
    const ctx = createTestContext();
    const lead = await createLeadViaApi(ctx, weakLead);
    const response = await ctx.request('GET', `/api/v1/leads/${lead.id}/card`, { as: 'rep' });
    const { card } = await readJson<{ card: LookupResponse['card'] }>(response);
    expect(card.history.at(-1)).toMatchObject({
      kind: 'lead.created',
      summary: 'Created',
      by: 'Test marketer',
    });
  });

  it('finds a lead by LinkedIn URL in any of its forms', async () => {
    const ctx = createTestContext();
    const lead = await createLeadViaApi(ctx, strongLead);
    for (const linkedin of [
      'https://www.linkedin.com/in/avery-quinn-42/',
      'linkedin.com/in/Avery-Quinn-42/en',
      'https://uk.linkedin.com/in/avery-quinn-42?trk=public_profile',
      '/in/avery-quinn-42/overlay/contact-info/',
    ]) {
      const body = await readJson<LookupResponse>(await lookup(ctx, { linkedin }));
      expect(body.card.leadId, linkedin).toBe(lead.id);
      expect(body.matchedBy).toBe('linkedin');
    }
  });

  it('finds leads by company domain (best score first) and by name + company', async () => {
    const ctx = createTestContext();
    const weak = await createLeadViaApi(ctx, {
      ...weakLead,
      company: { ...weakLead.company, domain: 'quinn-robotics.com' },
    });
    const strong = await createLeadViaApi(ctx, strongLead);
    const byDomain = await readJson<LookupResponse>(
      await lookup(ctx, { domain: 'https://www.Quinn-Robotics.com/about' }),
    );
    expect(byDomain.matchedBy).toBe('domain');
    expect(byDomain.card.leadId).toBe(strong.id);
    expect(byDomain.otherLeadIds).toEqual([weak.id]);

    const byName = await readJson<LookupResponse>(
      await lookup(ctx, { name: 'avery  QUINN', company: 'Quinn Robotics' }),
    );
    expect(byName.matchedBy).toBe('name_company');
    expect(byName.card.leadId).toBe(strong.id);
  });

  it('prefers the most specific identity: an email match wins over the domain', async () => {
    const ctx = createTestContext();
    await createLeadViaApi(ctx, strongLead);
    const other = await createLeadViaApi(ctx, withIdentity(strongLead, 7));
    const body = await readJson<LookupResponse>(
      await lookup(ctx, { email: 'person7@quinn-robotics.com', domain: 'quinn-robotics.com' }),
    );
    expect(body.matchedBy).toBe('email');
    expect(body.card.leadId).toBe(other.id);
  });

  it('shows why a lead waits in review: its flags in words and the review as next action', async () => {
    const ctx = createTestContext();
    const refused = await ctx.request('POST', '/api/v1/leads', {
      as: 'marketer',
      body: { ...strongLead, identities: { emails: ['sales@quinn-robotics.com'], phones: [] } },
    });
    expect(refused.status).toBe(422);
    const body = await readJson<LookupResponse>(await lookup(ctx, { email: 'sales@quinn-robotics.com' }));
    expect(body.card.flags).toEqual([expect.stringMatching(/^junk: /)]);
    expect(body.card.nextAction).toMatch(/^in review/);
  });

  it('answers 404 not_found (the overlay offers to capture) when nothing matches', async () => {
    const ctx = createTestContext();
    await createLeadViaApi(ctx, strongLead);
    const response = await lookup(ctx, {
      email: 'someone@else-entirely.com',
      linkedin: 'linkedin.com/in/nobody-here',
    });
    expect(response.status).toBe(404);
    expect(await readJson(response)).toEqual({
      error: { code: 'not_found', message: 'No lead has these identities', details: { canCapture: true } },
    });
  });

  it('answers 400 without a usable identity or with one that cannot be normalised', async () => {
    const ctx = createTestContext();
    expect((await lookup(ctx, {})).status).toBe(400);
    expect((await lookup(ctx, { name: 'Only A Name' })).status).toBe(400);
    const badLinkedin = await lookup(ctx, {
      linkedin: 'https://www.linkedin.com/company/northwind-traders/',
    });
    expect(badLinkedin.status).toBe(400);
    expect((await readJson<{ error: { code: string } }>(badLinkedin)).error.code).toBe('invalid_identity');
  });
});
