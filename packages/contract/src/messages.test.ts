import { describe, expect, it } from 'vitest';
import { ApiCallPathSchema, ApiCallRequestSchema, ExtensionRequestSchema } from './messages';

/*
 * ApiCallPathSchema is the only thing between the dashboard's api.call message and a fetch that carries the API token
 * (the background builds `${serverUrl}${path}`). What it lets through must stay under /api/v1 of that server after the
 * browser's URL parser has had its say.
 */

const server = 'https://leads.example.com';

function isAccepted(path: unknown): boolean {
  return ApiCallPathSchema.safeParse(path).success;
}

/** The path the fetch really requests, as the WHATWG URL parser (the browser's and Node's) resolves it. */
function resolvePathname(path: string): string {
  return new URL(`${server}${path}`).pathname;
}

describe('ApiCallPathSchema', () => {
  it.each([
    '/api/v1/leads',
    '/api/v1/leads/',
    '/api/v1/leads?stage=mql&limit=50&cursor=abc',
    '/api/v1/leads/0b9f2c1e-7c1d-4f4b-9a51-3f6d2b8c9e10/notes',
    '/api/v1/rulesets/default-b2b/versions/3/backtest?from=2026-01-01',
    '/api/v1/exports/leads?format=csv&q=O%27Brien%20%26%20Sons',
    '/api/v1/leads?q=a%2Fb', // an encoded slash in the query is a value, not a path
    '/api/v1/lookup?linkedin=https%3A%2F%2Fwww.linkedin.com%2Fin%2Fada',
    '/api/v1/lookup?q=../../etc', // dots in the query do not move the path
    '/api/v1/leads/ada.lovelace/notes', // a dot inside a segment is fine
    '/api/v1/leads/...', // three dots are a name, not a dot segment
  ])('accepts %s', (path) => {
    expect(isAccepted(path)).toBe(true);
    expect(resolvePathname(path)).toBe(path.split('?')[0]);
  });

  it.each([
    // not under /api/v1/
    ['/api/v2/leads', 'another version'],
    ['/api/v1', 'the prefix without its slash'],
    ['/api/v10/leads', 'a prefix that only starts alike'],
    ['/health', 'outside the API'],
    ['api/v1/leads', 'relative'],
    ['', 'empty'],
    // a scheme or host of its own
    ['https://evil.example/api/v1/leads', 'an absolute URL'],
    ['//evil.example/api/v1/leads', 'a protocol-relative URL'],
    ['/api/v1//evil.example/leads', 'an empty segment'],
    ['/api/v1/leads#/../../admin', 'a fragment'],
    ['/api/v1/leads\\..\\..\\admin', 'backslashes'],
    ['/api/v1/leads @evil', 'a space'],
    ['/api/v1/lea\nds', 'a newline'],
    ['/api/v1/lea\tds', 'a tab'],
    ['/api/v1/léads', 'non-ASCII'],
    // dot segments, plain and percent-encoded (the URL parser resolves all of these)
    ['/api/v1/../admin', 'dot-dot'],
    ['/api/v1/./leads', 'dot'],
    ['/api/v1/leads/..', 'a trailing dot-dot'],
    ['/api/v1/leads/..?x=1', 'dot-dot before a query'],
    ['/api/v1/%2e%2e/%2e%2e/admin', 'encoded dot-dot'],
    ['/api/v1/%2E%2E/admin', 'encoded dot-dot in capitals'],
    ['/api/v1/.%2e/admin', 'half-encoded dot-dot'],
    ['/api/v1/%2e./admin', 'half-encoded dot-dot, the other half'],
    ['/api/v1/%2e/leads', 'encoded dot'],
    ['/api/v1/leads/%2e%2e', 'a trailing encoded dot-dot'],
    // encoded separators and broken encodings a server might decode differently
    ['/api/v1/leads%2f..%2f..%2fadmin', 'encoded slashes'],
    ['/api/v1/leads%2F..%2Fadmin', 'encoded slashes in capitals'],
    ['/api/v1/leads%5c..%5cadmin', 'encoded backslashes'],
    ['/api/v1/leads/%E0%A4%A', 'a broken percent-encoding'],
    ['/api/v1/leads/%', 'a lone percent sign'],
    // not a string, or too long
    [42, 'a number'],
    [null, 'null'],
    [`/api/v1/${'a'.repeat(4000)}`, 'over 4000 characters'],
  ] as [unknown, string][])('refuses %j (%s)', (path) => {
    expect(isAccepted(path)).toBe(false);
  });

  it('lets nothing through that the URL parser would move outside /api/v1/ (combinations of tricky segments)', () => {
    const pieces = [
      '',
      '.',
      '..',
      '%2e',
      '%2E',
      '%2e%2e',
      '.%2e',
      '%2e.',
      'leads',
      '%2f',
      '%5c',
      'a%2f..',
      '...',
    ];
    let accepted = 0;
    let total = 0;
    for (const first of pieces) {
      for (const second of pieces) {
        for (const third of pieces) {
          for (const suffix of ['', '/', '?x=../..']) {
            const path = `/api/v1/${first}/${second}/${third}${suffix}`;
            total += 1;
            if (!isAccepted(path)) continue;
            accepted += 1;
            const resolved = resolvePathname(path);
            // Accepted means: the parser leaves the path exactly as checked, under /api/v1/.
            expect(resolved, path).toBe(path.split('?')[0]);
            expect(resolved.startsWith('/api/v1/'), path).toBe(true);
          }
        }
      }
    }
    expect(total).toBe(pieces.length ** 3 * 3);
    // The check is not vacuous: plain names get through.
    expect(accepted).toBeGreaterThan(0);
  });
});

describe('ApiCallRequestSchema', () => {
  it('takes a call with a body, an idempotency key, or a CSV upload', () => {
    expect(
      ApiCallRequestSchema.safeParse({
        type: 'api.call',
        method: 'POST',
        path: '/api/v1/leads/1/notes',
        body: { body: 'hi' },
        idempotencyKey: 'k-1',
      }).success,
    ).toBe(true);
    expect(
      ApiCallRequestSchema.safeParse({
        type: 'api.call',
        method: 'POST',
        path: '/api/v1/imports?dryRun=true',
        upload: { fileName: 'leads.csv', csv: 'email\na@b.co\n', mapping: '{}' },
      }).success,
    ).toBe(true);
  });

  it.each([
    [{ type: 'api.call', method: 'TRACE', path: '/api/v1/leads' }, 'a method outside the list'],
    [{ type: 'api.call', method: 'get', path: '/api/v1/leads' }, 'a lower-case method'],
    [{ type: 'api.call', method: 'GET' }, 'no path'],
    [{ type: 'api.call', method: 'GET', path: '/api/v1/%2e%2e/admin' }, 'an escaping path'],
    [{ type: 'api.call', method: 'GET', path: '/api/v1/leads', url: 'https://evil.example' }, 'an extra key'],
    [
      { type: 'api.call', method: 'GET', path: '/api/v1/leads', headers: { authorization: 'Bearer x' } },
      'headers of its own',
    ],
    [
      { type: 'api.call', method: 'GET', path: '/api/v1/leads', idempotencyKey: '' },
      'an empty idempotency key',
    ],
    [
      { type: 'api.call', method: 'POST', path: '/api/v1/imports', upload: { fileName: '', csv: 'x' } },
      'an upload without a file name',
    ],
    [
      {
        type: 'api.call',
        method: 'POST',
        path: '/api/v1/imports',
        upload: { fileName: 'a.csv', csv: 'x', extra: 1 },
      },
      'an upload with an extra key',
    ],
  ] as [unknown, string][])('refuses %j (%s)', (message) => {
    expect(ApiCallRequestSchema.safeParse(message).success).toBe(false);
    expect(ExtensionRequestSchema.safeParse(message).success).toBe(false);
  });

  it('is one of the extension requests, under its own type', () => {
    const parsed = ExtensionRequestSchema.parse({
      type: 'api.call',
      method: 'DELETE',
      path: '/api/v1/tokens/t-1',
    });
    expect(parsed).toEqual({ type: 'api.call', method: 'DELETE', path: '/api/v1/tokens/t-1' });
  });
});
