import { describe, expect, it } from 'vitest';
import { createTestContext, readJson } from '../testing/test-context';

describe('GET /api/v1/me', () => {
  it('returns the caller and records when the token was last used', async () => {
    const ctx = createTestContext();
    const response = await ctx.request('GET', '/api/v1/me', { as: 'rep' });
    expect(response.status).toBe(200);
    const body = await readJson<{ user: { email: string; role: string; team: string } }>(response);
    expect(body.user).toMatchObject({ email: 'rep@leadlight.test', role: 'rep', team: 'sales' });

    const tokens = await readJson<{ items: { lastUsedAt: string | null }[] }>(
      await ctx.request('GET', `/api/v1/users/${ctx.users.rep.id}/tokens`),
    );
    expect(tokens.items[0]?.lastUsedAt).toBe(ctx.clock.now().toISOString());
  });
});
