import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';

/**
 * The headers OWASP's REST Security Cheat Sheet asks of a JSON API, sent on every answer (the docs page too: it is
 * never framed either). Hono's secureHeaders() defaults also carry headers meant for HTML documents that browse
 * (X-DNS-Prefetch-Control, X-Download-Options, Origin-Agent-Cluster, X-XSS-Protection, which OWASP now advises
 * against); every header costs each answer its write, and the lookup is a hot path. `no-store`: answers hold personal
 * data that no cache along the way should keep.
 */
export const securityHeaders: readonly (readonly [string, string])[] = [
  ['Cache-Control', 'no-store'],
  ['Content-Security-Policy', "frame-ancestors 'none'"],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Referrer-Policy', 'no-referrer'],
  ['Strict-Transport-Security', 'max-age=15552000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
];

/**
 * Security and CORS headers, set BEFORE the handler runs. Hono's secureHeaders() and cors() would set them on `c.res` after
 * it: on @hono/node-server that turns the response into a full web Response whose body is then streamed through a
 * ReadableStream (profiled: a third of a lookup's CPU, and a writev per chunk). Headers prepared up front go into the
 * response the handler creates (c.json, c.body, c.newResponse, error and not-found answers alike), which the server
 * writes in one go. Preflight requests (OPTIONS) still go through Hono's cors().
 */
export function prepareResponseHeaders(options: {
  allowedOrigins: ReadonlySet<string>;
  allowHeaders: string[];
  allowMethods: string[];
  exposeHeaders: string[];
  maxAge: number;
}): { common: MiddlewareHandler<AppEnv>; api: MiddlewareHandler<AppEnv> } {
  const exposed = options.exposeHeaders.join(',');
  const preflight = cors({
    origin: (origin) => (options.allowedOrigins.has(origin) ? origin : null),
    allowHeaders: options.allowHeaders,
    allowMethods: options.allowMethods,
    exposeHeaders: options.exposeHeaders,
    maxAge: options.maxAge,
  });
  const common = createMiddleware<AppEnv>(async (c, next) => {
    for (const [name, value] of securityHeaders) c.header(name, value);
    await next();
  });
  const api = createMiddleware<AppEnv>(async (c, next) => {
    if (c.req.method === 'OPTIONS') return preflight(c, next);
    const origin = c.req.header('origin');
    if (origin !== undefined && options.allowedOrigins.has(origin)) {
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Access-Control-Expose-Headers', exposed);
    }
    c.header('Vary', 'Origin', { append: true });
    await next();
  });
  return { common, api };
}
