import { describe, expect, it } from 'vitest';
import { createTestContext, readJson } from '../testing/test-context';

type Issued = { token: { id: string; prefix: string }; secret: string };

describe('admin: users and tokens', () => {
  it('creates a user with a first token shown once, stored only as a hash', async () => {
    const ctx = createTestContext();
    const response = await ctx.request('POST', '/api/v1/users', {
      body: { name: 'Sam Rivera', email: 'Sam.Rivera@Leadlight-Demo.com', role: 'rep' },
    });
    expect(response.status).toBe(201);
    const body = await readJson<{ user: { id: string; email: string; team: string }; token: Issued }>(
      response,
    );
    expect(body.user).toMatchObject({ email: 'sam.rivera@leadlight-demo.com', team: 'sales' });
    expect(body.token.secret).toMatch(/^ll_[A-Za-z0-9_-]{43}$/);
    expect(body.token.secret.startsWith(body.token.token.prefix)).toBe(true);

    const me = await ctx.request('GET', '/api/v1/me', { token: body.token.secret });
    expect(me.status).toBe(200);
    const stored = ctx.db.$client
      .prepare('select token_hash from api_tokens where id = ?')
      .get(body.token.token.id);
    expect(JSON.stringify(stored)).not.toContain(body.token.secret);

    const list = await readJson<{ items: unknown[] }>(await ctx.request('GET', '/api/v1/users'));
    expect(list.items).toHaveLength(4);
    expect(JSON.stringify(list)).not.toContain(body.token.secret);
  });

  it('refuses a second user with the same email (409)', async () => {
    const ctx = createTestContext();
    const response = await ctx.request('POST', '/api/v1/users', {
      body: { name: 'Again', email: 'REP@leadlight.test', role: 'rep' },
    });
    expect(response.status).toBe(409);
    expect((await readJson<{ error: { code: string } }>(response)).error.code).toBe('email_taken');
  });

  it('issues and revokes tokens; a revoked token stops working at once', async () => {
    const ctx = createTestContext();
    const issued = await ctx.request('POST', `/api/v1/users/${ctx.users.rep.id}/tokens`, {
      body: { label: 'laptop' },
    });
    expect(issued.status).toBe(201);
    const { token, secret } = await readJson<Issued>(issued);
    expect((await ctx.request('GET', '/api/v1/me', { token: secret })).status).toBe(200);

    const revoked = await ctx.request('DELETE', `/api/v1/tokens/${token.id}`);
    expect(revoked.status).toBe(200);
    expect((await readJson<{ token: { revokedAt: string } }>(revoked)).token.revokedAt).toBe(
      ctx.clock.now().toISOString(),
    );
    expect((await ctx.request('GET', '/api/v1/me', { token: secret })).status).toBe(401);
    // The rep's other token is untouched.
    expect((await ctx.request('GET', '/api/v1/me', { as: 'rep' })).status).toBe(200);

    const history = ctx.db.$client
      .prepare("select action from history where entity_type = 'api_token' and entity_id = ? order by seq")
      .all(token.id);
    expect(history).toEqual([{ action: 'token.issued' }, { action: 'token.revoked' }]);
  });

  it('answers 404 for tokens of an unknown user and unknown tokens', async () => {
    const ctx = createTestContext();
    expect((await ctx.request('GET', '/api/v1/users/nobody/tokens')).status).toBe(404);
    expect((await ctx.request('POST', '/api/v1/users/nobody/tokens', { body: {} })).status).toBe(404);
    expect((await ctx.request('DELETE', '/api/v1/tokens/nothing')).status).toBe(404);
  });
});
