import { roles } from '@leadlight/contract';
import { describe, expect, it } from 'vitest';
import { routeTable } from './route-table';
import { createTestContext, readJson } from './testing/test-context';

type ErrorBody = { error?: { code?: string } };

/** The routes Hono really serves (middleware registered with `use` shows up as method ALL). */
function listServedRoutes() {
  const ctx = createTestContext();
  const seen = new Map<string, { method: string; path: string }>();
  for (const route of ctx.app.routes) {
    if (route.method === 'ALL') continue;
    seen.set(`${route.method} ${route.path}`, { method: route.method, path: route.path });
  }
  return [...seen.values()];
}

const served = listServedRoutes();

function fillParams(path: string): string {
  return path.replace(/:[A-Za-z]+/g, 'matrix-missing-id');
}

describe('route table', () => {
  it('lists every served route, and serves every listed route', () => {
    const listed = routeTable.map((route) => `${route.method} ${route.path}`).sort();
    expect(served.map((route) => `${route.method} ${route.path}`).sort()).toEqual(listed);
  });

  it('has no duplicate entries', () => {
    const keys = routeTable.map((route) => `${route.method} ${route.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe.each(routeTable)('$method $path', (route) => {
  const path = fillParams(route.path);

  if (route.access === 'public') {
    it('answers without a token', async () => {
      const ctx = createTestContext();
      const response = await ctx.request(route.method, path, { as: null });
      expect(response.status).not.toBe(401);
    });
    return;
  }
  if (route.access === 'ingest-key') {
    it('refuses a request without its key, even with a valid bearer token (401)', async () => {
      const ctx = createTestContext();
      expect((await ctx.request(route.method, path, { as: null, body: {} })).status).toBe(401);
      expect((await ctx.request(route.method, path, { as: 'admin', body: {} })).status).toBe(401);
    });
    return;
  }
  const allowed = new Set<string>(route.access);

  it('refuses a request without a token (401)', async () => {
    const ctx = createTestContext();
    const response = await ctx.request(route.method, path, { as: null });
    expect(response.status).toBe(401);
  });

  it.each(roles)('role %s', async (role) => {
    const ctx = createTestContext();
    const body = route.method === 'GET' ? undefined : {};
    const response = await ctx.request(route.method, path, { as: role, body });
    const answer = await readJson<ErrorBody>(response);
    if (allowed.has(role)) {
      expect(response.status).not.toBe(401);
      expect(answer.error?.code).not.toBe('role_forbidden');
    } else {
      expect(response.status).toBe(403);
      expect(answer.error?.code).toBe('role_forbidden');
    }
  });
});
