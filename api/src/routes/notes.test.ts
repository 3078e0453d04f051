import type { Note } from '@leadlight/contract';
import { describe, expect, it } from 'vitest';
import { createLeadViaApi, weakLead } from '../testing/leads';
import { createTestContext, readJson } from '../testing/test-context';

describe('notes', () => {
  it('adds a note, lists it and records it in the history', async () => {
    const ctx = createTestContext();
    const lead = await createLeadViaApi(ctx, weakLead);
    const created = await ctx.request('POST', `/api/v1/leads/${lead.id}/notes`, {
      as: 'rep',
      body: { body: 'Asked for a call back after the quarter closes.' },
    });
    expect(created.status).toBe(201);
    const { note } = await readJson<{ note: Note }>(created);
    expect(note).toMatchObject({ leadId: lead.id, authorId: ctx.users.rep.id });
    const list = await readJson<{ items: Note[] }>(
      await ctx.request('GET', `/api/v1/leads/${lead.id}/notes`),
    );
    expect(list.items.map((item) => item.id)).toEqual([note.id]);
    const history = await readJson<{ items: { action: string }[] }>(
      await ctx.request('GET', `/api/v1/leads/${lead.id}/history?limit=1`),
    );
    expect(history.items[0]?.action).toBe('note.added');
  });

  it('with an Idempotency-Key: same request → first response again, other request → 422', async () => {
    const ctx = createTestContext();
    const lead = await createLeadViaApi(ctx, weakLead);
    const send = (body: string) =>
      ctx.request('POST', `/api/v1/leads/${lead.id}/notes`, {
        as: 'rep',
        body: { body },
        headers: { 'idempotency-key': 'note-0001' },
      });
    const first = await send('Left a voicemail.');
    expect(first.status).toBe(201);
    const firstBody = await first.text();
    ctx.clock.advance(23 * 3_600_000);
    const replay = await send('Left a voicemail.');
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await replay.text()).toBe(firstBody);
    const other = await send('Something else.');
    expect(other.status).toBe(422);
    expect((await readJson<{ error: { code: string } }>(other)).error.code).toBe('idempotency_key_reused');
    const count = ctx.db.$client.prepare('select count(*) as n from notes').get() as { n: number };
    expect(count.n).toBe(1);

    // Keys are scoped to their user: another user's identical key is a new request.
    const fromAdmin = await ctx.request('POST', `/api/v1/leads/${lead.id}/notes`, {
      as: 'admin',
      body: { body: 'Left a voicemail.' },
      headers: { 'idempotency-key': 'note-0001' },
    });
    expect(fromAdmin.headers.get('idempotent-replayed')).toBeNull();
  });

  it('forgets keys after the retention time, and does not store failed requests', async () => {
    const ctx = createTestContext({ idempotencyTtlHours: 24 });
    const lead = await createLeadViaApi(ctx, weakLead);
    const headers = { 'idempotency-key': 'note-0002' };
    const missing = await ctx.request('POST', '/api/v1/leads/nope/notes', {
      as: 'rep',
      body: { body: 'x' },
      headers,
    });
    expect(missing.status).toBe(404);
    const first = await ctx.request('POST', `/api/v1/leads/${lead.id}/notes`, {
      as: 'rep',
      body: { body: 'x' },
      headers,
    });
    expect(first.status).toBe(201);
    ctx.clock.advance(25 * 3_600_000);
    const again = await ctx.request('POST', `/api/v1/leads/${lead.id}/notes`, {
      as: 'rep',
      body: { body: 'x' },
      headers,
    });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
  });

  it('refuses an invalid Idempotency-Key', async () => {
    const ctx = createTestContext();
    const lead = await createLeadViaApi(ctx, weakLead);
    const response = await ctx.request('POST', `/api/v1/leads/${lead.id}/notes`, {
      as: 'rep',
      body: { body: 'x' },
      headers: { 'idempotency-key': 'has spaces' },
    });
    expect(response.status).toBe(400);
  });

  it('lets only the author (or an admin) edit a note', async () => {
    const ctx = createTestContext();
    const lead = await createLeadViaApi(ctx, weakLead);
    const { note } = await readJson<{ note: Note }>(
      await ctx.request('POST', `/api/v1/leads/${lead.id}/notes`, {
        as: 'rep',
        body: { body: 'First draft' },
      }),
    );
    const path = `/api/v1/leads/${lead.id}/notes/${note.id}`;
    const byMarketer = await ctx.request('PATCH', path, { as: 'marketer', body: { body: 'Hijacked' } });
    expect(byMarketer.status).toBe(403);
    const byAuthor = await ctx.request('PATCH', path, { as: 'rep', body: { body: 'Second draft' } });
    expect(byAuthor.status).toBe(200);
    expect((await readJson<{ note: Note }>(byAuthor)).note.body).toBe('Second draft');
    expect((await ctx.request('PATCH', path, { as: 'admin', body: { body: 'Fixed typo' } })).status).toBe(
      200,
    );
    expect(
      (await ctx.request('PATCH', `/api/v1/leads/${lead.id}/notes/nope`, { as: 'rep', body: { body: 'x' } }))
        .status,
    ).toBe(404);
  });

  it('refuses an empty note and a note on an unknown lead', async () => {
    const ctx = createTestContext();
    const lead = await createLeadViaApi(ctx, weakLead);
    expect(
      (await ctx.request('POST', `/api/v1/leads/${lead.id}/notes`, { as: 'rep', body: { body: '  ' } }))
        .status,
    ).toBe(400);
    expect(
      (await ctx.request('POST', '/api/v1/leads/nope/notes', { as: 'rep', body: { body: 'x' } })).status,
    ).toBe(404);
    expect((await ctx.request('GET', '/api/v1/leads/nope/notes', { as: 'rep' })).status).toBe(404);
  });
});
