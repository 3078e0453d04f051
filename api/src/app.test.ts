import { describe, expect, it } from 'vitest';
import { createLeadViaApi, weakLead } from './testing/leads';
import { createTestContext, readJson, testOrigin } from './testing/test-context';

type ErrorBody = { error: { code: string; message: string; details?: unknown } };

describe('createApp: cross-cutting behaviour', () => {
  it('answers unknown routes with a JSON 404', async () => {
    const ctx = createTestContext();
    const response = await ctx.request('GET', '/api/v1/nowhere');
    expect(response.status).toBe(404);
    expect((await readJson<ErrorBody>(response)).error.code).toBe('route_not_found');
  });

  it('refuses a missing, malformed or unknown token with 401 and WWW-Authenticate', async () => {
    const ctx = createTestContext();
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Basic abc' },
      { authorization: 'Bearer ll_x' },
    ];
    for (const headers of attempts) {
      const response = await ctx.app.request('/api/v1/me', { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect((await readJson<ErrorBody>(response)).error.code).toBe('unauthorized');
    }
  });

  it('rate-limits failed authentication per client: 429 after the limit, even for a good token', async () => {
    const ctx = createTestContext({ authFailureLimit: 3, authFailureWindowMs: 60_000 });
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await ctx.request('GET', '/api/v1/me', { token: 'll_wrong' })).status).toBe(401);
    }
    const blocked = await ctx.request('GET', '/api/v1/me', { as: 'rep' });
    expect(blocked.status).toBe(429);
    expect((await readJson<ErrorBody>(blocked)).error.code).toBe('too_many_failed_authentications');
    ctx.clock.advance(60_000);
    expect((await ctx.request('GET', '/api/v1/me', { as: 'rep' })).status).toBe(200);
  });

  it('allows CORS only for configured extension origins', async () => {
    const ctx = createTestContext();
    const preflight = (origin: string) =>
      ctx.app.request('/api/v1/lookup', {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });
    const allowed = await preflight(testOrigin);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(testOrigin);
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    const refused = await preflight('https://evil.example.com');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sets secure headers', async () => {
    const ctx = createTestContext();
    const response = await ctx.request('GET', '/api/v1/health', { as: null });
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
  });

  it('refuses bodies over the limit with 413 before parsing them', async () => {
    const ctx = createTestContext({ bodyLimitBytes: 1024 });
    const response = await ctx.request('POST', '/api/v1/leads', {
      as: 'marketer',
      body: { person: { fullName: 'x'.repeat(5000) } },
    });
    expect(response.status).toBe(413);
    expect((await readJson<ErrorBody>(response)).error.code).toBe('payload_too_large');
  });

  it('checks a declared Content-Length against the limit from the header (the server path that skips bodyLimit)', async () => {
    const ctx = createTestContext({ bodyLimitBytes: 1024 });
    const created = await createLeadViaApi(ctx, weakLead);
    const small = JSON.stringify({ body: 'Called back.' });
    const accepted = await ctx.request('POST', `/api/v1/leads/${created.id}/notes`, {
      body: small,
      headers: { 'content-length': String(Buffer.byteLength(small)) },
    });
    expect(accepted.status).toBe(201);
    const large = JSON.stringify({ body: 'x'.repeat(5000) });
    const refused = await ctx.request('POST', `/api/v1/leads/${created.id}/notes`, {
      body: large,
      headers: { 'content-length': String(Buffer.byteLength(large)) },
    });
    expect(refused.status).toBe(413);
    expect((await readJson<ErrorBody>(refused)).error.code).toBe('payload_too_large');
    // Security headers are on every answer, refusals included.
    expect(refused.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('rejects unknown fields with 400 and the path of each problem', async () => {
    const ctx = createTestContext();
    const response = await ctx.request('POST', '/api/v1/users', {
      body: { name: 'Eve', email: 'eve@acme-corp.com', role: 'rep', isAdmin: true },
    });
    expect(response.status).toBe(400);
    const body = await readJson<ErrorBody>(response);
    expect(body.error.code).toBe('invalid_request');
    expect(JSON.stringify(body.error.details)).toContain('isAdmin');
  });

  it('answers malformed JSON with a JSON 400, never a stack trace', async () => {
    const ctx = createTestContext();
    const response = await ctx.request('POST', '/api/v1/users', { body: '{"name": ' });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(JSON.parse(text)).toHaveProperty('error.code');
    expect(text).not.toMatch(/at .*\.ts:\d+/);
  });
});
