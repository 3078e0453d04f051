import { routeTable } from '@leadlight/api/src/route-table';
import { importUploadPath, maxImportBytes } from '@leadlight/api/src/routes/imports';
import { createTestContext, testOrigin } from '@leadlight/api/src/testing/test-context';
import { describe, expect, it } from 'vitest';
import { findResponseProblem, readResponse } from '../fuzz/support/response-checks';

/** Pages the content scripts run on, plus look-alikes of the allowed extension origin. */
const pageOrigins = [
  'https://www.linkedin.com',
  'https://mail.google.com',
  'https://outlook.office.com',
  'https://outlook.live.com',
  'https://acme.lightning.force.com',
  'https://app.hubspot.com',
  'null',
  `${testOrigin}.evil.example`,
  testOrigin.toUpperCase(),
  'chrome-extension://someotherextensionid',
  'http://localhost:8787',
];

const fill = (path: string) => path.replace(/:[A-Za-z]+/g, 'x');
/** CSV uploads have their own, larger limit: tested on their own below. */
const writeRoutes = routeTable.filter(
  (route) => route.method !== 'GET' && !(route.method === 'POST' && route.path === importUploadPath),
);

/** A request body streamed in 1 MiB chunks without Content-Length, so the server must count while reading. */
function streamOf(totalBytes: number, fillWith: string): ReadableStream<Uint8Array> {
  const chunk = new TextEncoder().encode(
    fillWith.repeat(Math.ceil((1024 * 1024) / fillWith.length)).slice(0, 1024 * 1024),
  );
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= totalBytes) {
        controller.close();
        return;
      }
      controller.enqueue(chunk);
      sent += chunk.byteLength;
    },
  });
}

function countRows(ctx: ReturnType<typeof createTestContext>): number {
  return ctx.db.$client
    .prepare('SELECT (SELECT count(*) FROM leads) + (SELECT count(*) FROM history)')
    .pluck()
    .get() as number;
}

describe('CORS: only the configured extension origin may read responses', () => {
  it.each(routeTable.map((route) => `${route.method} ${route.path}`))('%s', async (key) => {
    const ctx = createTestContext();
    const [method, path] = key.split(' ') as [string, string];
    for (const origin of pageOrigins) {
      const preflight = await ctx.app.request(fill(path), {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': method,
          'access-control-request-headers': 'authorization, content-type, idempotency-key',
        },
      });
      expect(preflight.headers.get('access-control-allow-origin'), origin).toBeNull();
      expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    }
    const allowed = await ctx.app.request(fill(path), {
      method: 'OPTIONS',
      headers: { origin: testOrigin, 'access-control-request-method': method },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe(testOrigin);
  });

  it('sends no allow-origin on a real request from a page, even with a valid token', async () => {
    const ctx = createTestContext();
    for (const origin of pageOrigins) {
      const response = await ctx.request('GET', '/api/v1/me', { as: 'rep', headers: { origin } });
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    }
  });
});

describe('oversized bodies get 413 before anything is parsed or stored', () => {
  const limit = 2048;
  const oversized = JSON.stringify({ body: 'x'.repeat(limit * 4), note: 'y'.repeat(limit) });

  it.each(writeRoutes.map((route) => `${route.method} ${route.path}`))('%s', async (key) => {
    const ctx = createTestContext({ bodyLimitBytes: limit });
    const [method, path] = key.split(' ') as [string, string];
    const before = countRows(ctx);
    const declared = await ctx.request(method, fill(path), { as: 'admin', body: oversized });
    expect(declared.status).toBe(413);
    expect(findResponseProblem(await readResponse(declared))).toBeNull();
    // No Content-Length: the limit must hold while the stream is read.
    const stream = streamOf(limit * 2, oversized);
    const streamed = await ctx.app.request(
      new Request(`http://localhost${fill(path)}`, {
        method,
        body: stream,
        headers: { authorization: `Bearer ${ctx.users.admin.token}`, 'content-type': 'application/json' },
        duplex: 'half',
      } as RequestInit),
    );
    expect(streamed.status).toBe(413);
    expect(countRows(ctx)).toBe(before);
  });
});

describe('CSV uploads: 413 past their own limit', () => {
  it(`refuses a streamed CSV over ${maxImportBytes} bytes and creates no import job`, async () => {
    const ctx = createTestContext();
    const response = await ctx.app.request(
      new Request(`http://localhost${importUploadPath}`, {
        method: 'POST',
        body: streamOf(maxImportBytes + 1024 * 1024, 'a,b,c\n'),
        headers: { authorization: `Bearer ${ctx.users.marketer.token}`, 'content-type': 'text/csv' },
        duplex: 'half',
      } as RequestInit),
    );
    expect(response.status).toBe(413);
    expect(findResponseProblem(await readResponse(response))).toBeNull();
    expect(ctx.db.$client.prepare('SELECT count(*) FROM import_jobs').pluck().get()).toBe(0);
  });
});

describe('every route answers with secure headers and without internals', () => {
  it.each(routeTable.map((route) => `${route.method} ${route.path}`))('%s', async (key) => {
    const ctx = createTestContext();
    const [method, path] = key.split(' ') as [string, string];
    for (const as of ['admin', null] as const) {
      const response = await ctx.request(method, fill(path), {
        as,
        ...(method === 'GET' ? {} : { body: '{"broken": ' }),
      });
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).not.toBeNull();
      expect(response.headers.get('referrer-policy')).not.toBeNull();
      expect(response.headers.get('strict-transport-security')).not.toBeNull();
      expect(response.headers.get('x-powered-by')).toBeNull();
      expect(findResponseProblem(await readResponse(response))).toBeNull();
    }
  });
});
