import { describe, expect, it } from 'vitest';
import { createSecurityContext, readError } from './support/security-context';

/** BOLA: a valid token of the wrong person must not reach another user's objects. */
describe('object-level access (BOLA)', () => {
  it("refuses a rep editing another rep's note, and keeps the note", async () => {
    const s = await createSecurityContext();
    const before = s.countRows();
    const response = await s.ctx.request(
      'PATCH',
      `/api/v1/leads/${s.leads.ofRep2.id}/notes/${s.notes.ofRep2}`,
      {
        as: 'rep',
        body: { body: 'Overwritten by someone else' },
      },
    );
    expect(response.status).toBe(403);
    expect((await readError(response)).code).toBe('forbidden');
    const notes = (await (await s.ctx.request('GET', `/api/v1/leads/${s.leads.ofRep2.id}/notes`)).json()) as {
      items: { id: string; body: string }[];
    };
    expect(notes.items.find((note) => note.id === s.notes.ofRep2)?.body).toBe('Theirs');
    expect(s.countRows()).toEqual(before);
  });

  it("refuses a marketer editing a rep's note, and a note reached through another lead's path", async () => {
    const s = await createSecurityContext();
    const byMarketer = await s.ctx.request(
      'PATCH',
      `/api/v1/leads/${s.leads.ofRep.id}/notes/${s.notes.ofRep}`,
      {
        as: 'marketer',
        body: { body: 'x' },
      },
    );
    expect(byMarketer.status).toBe(403);
    // rep's own lead in the path, rep2's note id: the note must not be found through a lead it does not belong to.
    const crossPath = await s.ctx.request(
      'PATCH',
      `/api/v1/leads/${s.leads.ofRep.id}/notes/${s.notes.ofRep2}`,
      {
        as: 'rep',
        body: { body: 'x' },
      },
    );
    expect(crossPath.status).toBe(404);
  });

  it("refuses a rep updating or reassigning another rep's lead, at any version", async () => {
    const s = await createSecurityContext();
    const before = s.countRows();
    const target = s.leads.ofRep2;
    const attempts = [
      { version: target.version, ownerId: s.ctx.users.rep.id },
      { version: target.version, ownerId: null },
      { version: target.version, person: { fullName: 'Renamed' } },
      { version: target.version, tags: ['mine-now'] },
    ];
    for (const body of attempts) {
      const response = await s.ctx.request('PATCH', `/api/v1/leads/${target.id}`, { as: 'rep', body });
      expect(response.status, JSON.stringify(body)).toBe(403);
    }
    const lead = (await (await s.ctx.request('GET', `/api/v1/leads/${target.id}`)).json()) as {
      lead: { ownerId: string; version: number; person: { fullName: string } };
    };
    expect(lead.lead).toMatchObject({
      ownerId: s.rep2.id,
      version: target.version,
      person: { fullName: 'Prospect 1' },
    });
    expect(s.countRows()).toEqual(before);
  });

  it('lets a rep take an unowned lead but not hand it to another rep', async () => {
    const s = await createSecurityContext();
    const { id, version } = s.leads.unowned;
    const toOther = await s.ctx.request('PATCH', `/api/v1/leads/${id}`, {
      as: 'rep',
      body: { version, ownerId: s.rep2.id },
    });
    expect(toOther.status).toBe(403);
    const toSelf = await s.ctx.request('PATCH', `/api/v1/leads/${id}`, {
      as: 'rep',
      body: { version, ownerId: s.ctx.users.rep.id },
    });
    expect(toSelf.status).toBe(200);
  });

  it("refuses a rep moving the stage of, answering the checklist of, or logging a touch on another rep's lead", async () => {
    const s = await createSecurityContext();
    const before = s.countRows();
    const { id } = s.leads.ofRep2;
    const move = await s.ctx.request('POST', `/api/v1/leads/${id}/stage`, {
      as: 'rep',
      body: { to: 'disqualified', reasonCode: 'no_budget', reasonText: 'sabotage' },
    });
    expect(move.status).toBe(403);
    const answer = await s.ctx.request('PUT', `/api/v1/leads/${id}/qualification/budget`, {
      as: 'rep',
      body: { state: 'verified', value: 'forged' },
    });
    expect(answer.status).toBe(403);
    const touch = await s.ctx.request('POST', `/api/v1/leads/${id}/follow-ups`, {
      as: 'rep',
      body: { channel: 'call', outcome: 'no_answer' },
    });
    expect(touch.status).toBe(403);
    expect(s.countRows()).toEqual(before);
  });

  it('keeps idempotency keys per user: the same key from another user is a new request, not a replay', async () => {
    const s = await createSecurityContext();
    const path = `/api/v1/leads/${s.leads.unowned.id}/notes`;
    const first = await s.ctx.request('POST', path, {
      as: 'rep',
      body: { body: 'private note' },
      headers: { 'idempotency-key': 'shared-key' },
    });
    expect(first.status).toBe(201);
    const other = await s.ctx.request('POST', path, {
      token: s.rep2.token,
      body: { body: 'private note' },
      headers: { 'idempotency-key': 'shared-key' },
    });
    expect(other.status).toBe(201);
    expect(other.headers.get('idempotent-replayed')).toBeNull();
    const [a, b] = [
      (await first.json()) as { note: { id: string; authorId: string } },
      (await other.json()) as {
        note: { id: string; authorId: string };
      },
    ];
    expect(b.note.id).not.toBe(a.note.id);
    expect(b.note.authorId).toBe(s.rep2.id);
  });
});
