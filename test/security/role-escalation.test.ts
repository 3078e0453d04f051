import { describe, expect, it } from 'vitest';
import { createSecurityContext, readError } from './support/security-context';

/** The role × route matrix itself lives in api/src/route-table.test.ts; these are escalation paths through it. */
describe('role escalation through the admin routes', () => {
  for (const role of ['rep', 'marketer'] as const) {
    it(`refuses a ${role} creating an admin, minting tokens, listing or revoking tokens`, async () => {
      const s = await createSecurityContext();
      const before = s.countRows();
      const self = s.ctx.users[role];
      const attempts = [
        {
          method: 'POST',
          path: '/api/v1/users',
          body: { name: 'Evil', email: 'evil@leadlight.test', role: 'admin' },
        },
        { method: 'POST', path: `/api/v1/users/${self.id}/tokens`, body: { label: 'mine' } },
        {
          method: 'POST',
          path: `/api/v1/users/${s.ctx.users.admin.id}/tokens`,
          body: { label: 'admin-now' },
        },
        { method: 'GET', path: `/api/v1/users/${s.ctx.users.admin.id}/tokens` },
        { method: 'GET', path: '/api/v1/users' },
      ];
      for (const attempt of attempts) {
        const response = await s.ctx.request(attempt.method, attempt.path, { as: role, body: attempt.body });
        expect(response.status, `${attempt.method} ${attempt.path}`).toBe(403);
        expect((await readError(response)).code).toBe('role_forbidden');
      }
      expect(s.countRows()).toEqual(before);
    });
  }

  it("refuses a non-admin revoking the admin's token, which keeps working", async () => {
    const s = await createSecurityContext();
    const tokens = (await (
      await s.ctx.request('GET', `/api/v1/users/${s.ctx.users.admin.id}/tokens`)
    ).json()) as {
      items: { id: string }[];
    };
    const adminTokenId = tokens.items[0]?.id;
    expect(adminTokenId).toBeDefined();
    for (const role of ['rep', 'marketer'] as const) {
      const response = await s.ctx.request('DELETE', `/api/v1/tokens/${adminTokenId}`, { as: role });
      expect(response.status).toBe(403);
    }
    expect((await s.ctx.request('GET', '/api/v1/me', { as: 'admin' })).status).toBe(200);
  });

  it('refuses roles and teams outside the contract, even from an admin', async () => {
    const s = await createSecurityContext();
    const before = s.countRows();
    for (const body of [
      { name: 'Root', email: 'root@leadlight.test', role: 'root' },
      { name: 'Root', email: 'root@leadlight.test', role: 'ADMIN' },
      { name: 'Root', email: 'root@leadlight.test', role: 'rep', team: 'board' },
      { name: 'Root', email: 'root@leadlight.test', role: ['admin'] },
    ]) {
      const response = await s.ctx.request('POST', '/api/v1/users', { body });
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
    expect(s.countRows()).toEqual(before);
  });

  it('shows a rep only their own identity on /me, whatever they send', async () => {
    const s = await createSecurityContext();
    const response = await s.ctx.request('GET', `/api/v1/me?userId=${s.ctx.users.admin.id}&role=admin`, {
      as: 'rep',
      headers: { 'x-user-id': s.ctx.users.admin.id, 'x-role': 'admin' },
    });
    const body = (await response.json()) as { user: { id: string; role: string } };
    expect(body.user).toMatchObject({ id: s.ctx.users.rep.id, role: 'rep' });
  });
});
