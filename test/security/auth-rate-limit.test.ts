import { randomBytes } from 'node:crypto';
import { createTestContext, type TestContext } from '@leadlight/api/src/testing/test-context';
import { describe, expect, it } from 'vitest';
import { readError } from './support/security-context';

const limit = 20;
const windowMs = 15 * 60 * 1000;

function guess(): string {
  return `ll_${randomBytes(32).toString('base64url')}`;
}

async function guessToken(ctx: TestContext, headers: Record<string, string> = {}): Promise<Response> {
  return ctx.request('GET', '/api/v1/lookup?email=ceo%40target.example', { token: guess(), headers });
}

describe('token guessing hits the failed-authentication limit', () => {
  it(`answers 401 to the first ${limit} wrong tokens, then 429 even for a valid token, for the whole window`, async () => {
    const ctx = createTestContext({ authFailureLimit: limit, authFailureWindowMs: windowMs });
    for (let attempt = 0; attempt < limit; attempt += 1) {
      const response = await guessToken(ctx);
      expect(response.status).toBe(401);
      expect((await readError(response)).code).toBe('unauthorized');
    }
    const blockedGuess = await guessToken(ctx);
    expect(blockedGuess.status).toBe(429);
    expect((await readError(blockedGuess)).code).toBe('too_many_failed_authentications');
    // The real token is not even checked while blocked: a guesser cannot learn that a token is right.
    expect((await ctx.request('GET', '/api/v1/me', { as: 'rep' })).status).toBe(429);

    ctx.clock.advance(windowMs / 2);
    for (let attempt = 0; attempt < 50; attempt += 1) expect((await guessToken(ctx)).status).toBe(429);
    ctx.clock.advance(windowMs / 2 - 1);
    expect((await ctx.request('GET', '/api/v1/me', { as: 'rep' })).status).toBe(429);

    ctx.clock.advance(1);
    expect((await ctx.request('GET', '/api/v1/me', { as: 'rep' })).status).toBe(200);
    // A new window counts from zero again.
    for (let attempt = 0; attempt < limit; attempt += 1) expect((await guessToken(ctx)).status).toBe(401);
    expect((await guessToken(ctx)).status).toBe(429);
  });

  it('counts malformed Authorization headers as failures too', async () => {
    const ctx = createTestContext({ authFailureLimit: 5, authFailureWindowMs: windowMs });
    const headers = ['Basic YWRtaW46YWRtaW4=', 'Bearer', 'Token abc', ''];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const value = headers[attempt % headers.length] as string;
      const response = await ctx.app.request('/api/v1/me', {
        headers: value === '' ? {} : { authorization: value },
      });
      expect(response.status).toBe(401);
    }
    expect((await ctx.request('GET', '/api/v1/me', { as: 'admin' })).status).toBe(429);
  });

  it('cannot be dodged by a forged X-Forwarded-For when the API is not behind a proxy', async () => {
    const ctx = createTestContext({
      authFailureLimit: limit,
      authFailureWindowMs: windowMs,
      isBehindProxy: false,
    });
    for (let attempt = 0; attempt < limit + 10; attempt += 1) {
      const response = await guessToken(ctx, { 'x-forwarded-for': `203.0.113.${attempt}` });
      expect(response.status).toBe(attempt < limit ? 401 : 429);
    }
  });

  it('never tells a revoked token from an unknown one', async () => {
    const ctx = createTestContext();
    const created = (await (
      await ctx.request('POST', '/api/v1/users', {
        body: { name: 'Leaver', email: 'leaver@leadlight.test', role: 'rep' },
      })
    ).json()) as { token: { secret: string; token: { id: string } } };
    expect((await ctx.request('GET', '/api/v1/me', { token: created.token.secret })).status).toBe(200);
    expect((await ctx.request('DELETE', `/api/v1/tokens/${created.token.token.id}`)).status).toBe(200);
    const revoked = await ctx.request('GET', '/api/v1/me', { token: created.token.secret });
    const unknown = await ctx.request('GET', '/api/v1/me', { token: guess() });
    expect(revoked.status).toBe(401);
    expect(await readError(revoked)).toEqual(await readError(unknown));
  });
});
