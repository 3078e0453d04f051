import { describe, expect, it } from 'vitest';
import { createSecurityContext, readError, type SecurityContext } from './support/security-context';

type Probe = {
  method: string;
  path: (s: SecurityContext) => string;
  as: 'rep' | 'marketer' | 'admin';
  /** A body the route accepts; each probe adds one field nobody may set. */
  base: (s: SecurityContext) => Record<string, unknown>;
  fields: Record<string, unknown>;
};

const probes: Probe[] = [
  {
    method: 'POST',
    path: () => '/api/v1/leads',
    as: 'marketer',
    base: () => ({
      person: { fullName: 'Mass Assign' },
      company: { name: 'MA Co', domain: 'ma-co.example-corp.com' },
    }),
    fields: {
      id: 'chosen-id',
      stage: 'won',
      score: 100,
      grade: 'A',
      version: 9,
      createdAt: '2020-01-01T00:00:00Z',
      events: [],
    },
  },
  {
    method: 'POST',
    path: () => '/api/v1/leads/capture',
    as: 'rep',
    base: () => ({
      site: 'linkedin',
      pageUrl: 'https://www.linkedin.com/in/x/',
      fullName: 'Captured',
      companyName: 'Cap Co',
    }),
    fields: { ownerId: 'someone', owner: 'someone', stage: 'sql', score: 100, source: { channel: 'x' } },
  },
  {
    method: 'PATCH',
    path: (s) => `/api/v1/leads/${s.leads.ofRep.id}`,
    as: 'rep',
    base: (s) => ({ version: s.leads.ofRep.version }),
    fields: {
      stage: 'won',
      score: 99,
      grade: 'A',
      gate: 'accepted',
      hasConverted: true,
      attemptCount: 0,
      createdBy: 'x',
      id: 'y',
    },
  },
  {
    method: 'POST',
    path: (s) => `/api/v1/leads/${s.leads.ofRep.id}/notes`,
    as: 'rep',
    base: () => ({ body: 'hello' }),
    fields: { authorId: 'someone-else', leadId: 'other', id: 'chosen', createdAt: '2020-01-01T00:00:00Z' },
  },
  {
    method: 'POST',
    path: (s) => `/api/v1/leads/${s.leads.ofRep.id}/follow-ups`,
    as: 'rep',
    base: () => ({ channel: 'call', outcome: 'connected' }),
    fields: { userId: 'someone-else', id: 'chosen', createdAt: '2020-01-01T00:00:00Z', attempts: 0 },
  },
  {
    method: 'POST',
    path: (s) => `/api/v1/leads/${s.leads.ofRep.id}/stage`,
    as: 'rep',
    base: () => ({ to: 'nurture', reasonCode: 'timing' }),
    fields: { movedBy: 'someone-else', from: 'won', score: 100 },
  },
  {
    method: 'PUT',
    path: (s) => `/api/v1/leads/${s.leads.ofRep.id}/qualification/budget`,
    as: 'rep',
    base: () => ({ state: 'claimed' }),
    fields: { answeredBy: 'someone-else', answeredAt: '2020-01-01T00:00:00Z', by: 'x' },
  },
  {
    method: 'POST',
    path: () => '/api/v1/users',
    as: 'admin',
    base: () => ({ name: 'New', email: 'new.user@leadlight.test', role: 'rep' }),
    fields: {
      id: 'chosen',
      isAdmin: true,
      createdAt: '2020-01-01T00:00:00Z',
      disabledAt: null,
      token: 'll_mine',
    },
  },
  {
    method: 'POST',
    path: (s) => `/api/v1/users/${s.rep2.id}/tokens`,
    as: 'admin',
    base: () => ({ label: 'ci' }),
    fields: { secret: 'll_chosen', userId: 'someone-else', revokedAt: null, role: 'admin' },
  },
];

describe('mass assignment: fields a caller may not set are refused with their path, and nothing is written', () => {
  for (const probe of probes) {
    it(`${probe.method} as ${probe.as}: ${Object.keys(probe.fields).join(', ')}`, async () => {
      const s = await createSecurityContext();
      const before = s.countRows();
      for (const [field, value] of Object.entries(probe.fields)) {
        const body = { ...probe.base(s), [field]: value };
        const response = await s.ctx.request(probe.method, probe.path(s), { as: probe.as, body });
        expect(response.status, `${field}: ${JSON.stringify(body)}`).toBe(400);
        const error = await readError(response);
        expect(error.code).toBe('invalid_request');
        expect(JSON.stringify(error.details)).toContain(field);
      }
      expect(s.countRows()).toEqual(before);
    });
  }

  it('refuses unknown fields nested inside sections (person.role, company.score)', async () => {
    const s = await createSecurityContext();
    for (const body of [
      { version: s.leads.ofRep.version, person: { fullName: 'x', role: 'admin' } },
      { version: s.leads.ofRep.version, company: { name: 'x', score: 100 } },
    ]) {
      const response = await s.ctx.request('PATCH', `/api/v1/leads/${s.leads.ofRep.id}`, { as: 'rep', body });
      expect(response.status).toBe(400);
    }
  });

  it('does not let "__proto__" or "constructor" keys through or pollute prototypes', async () => {
    const s = await createSecurityContext();
    const before = s.countRows();
    for (const raw of [
      '{"name":"P","email":"proto@leadlight.test","role":"rep","__proto__":{"role":"admin","isAdmin":true}}',
      '{"name":"P","email":"proto@leadlight.test","role":"rep","constructor":{"prototype":{"isAdmin":true}}}',
    ]) {
      const response = await s.ctx.request('POST', '/api/v1/users', { body: raw });
      expect(response.status).toBe(400);
    }
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(({} as Record<string, unknown>).role).toBeUndefined();
    expect(s.countRows()).toEqual(before);
  });

  it('records the caller, not a claimed author, on a note', async () => {
    const s = await createSecurityContext();
    const response = await s.ctx.request('POST', `/api/v1/leads/${s.leads.unowned.id}/notes`, {
      token: s.rep2.token,
      body: { body: 'who wrote me?' },
    });
    const { note } = (await response.json()) as { note: { authorId: string } };
    expect(note.authorId).toBe(s.rep2.id);
  });
});
