import { describe, expect, it } from 'vitest';
import { createTestContext, readJson, testNow } from '../testing/test-context';

describe('GET /api/v1/health', () => {
  it('answers without a token, with the version and the clock', async () => {
    const ctx = createTestContext();
    const response = await ctx.request('GET', '/api/v1/health', { as: null });
    expect(response.status).toBe(200);
    expect(await readJson(response)).toEqual({ status: 'ok', version: expect.any(String), time: testNow });
  });
});
