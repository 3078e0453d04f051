import type { Context, MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { createMiddleware } from 'hono/factory';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from '../app-env';

/**
 * Hono's secure headers, computed once by running its own middleware against an empty response: this keeps the
 * library's list (and its future changes) without its per-request way of applying it.
 */
async function collectSecureHeaders(): Promise<[string, string][]> {
  const headers = new Headers();
  const probe = { res: { headers } } as unknown as Context;
  await secureHeaders()(probe, async () => {});
  return [...headers.entries()];
}

/**
 * Security and CORS headers, set BEFORE the handler runs. Hono's secureHeaders() and cors() set them on `c.res` after
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
  let secure: [string, string][] | undefined;
  const collecting = collectSecureHeaders().then((list) => {
    secure = list;
    return list;
  });
  const exposed = options.exposeHeaders.join(',');
  const preflight = cors({
    origin: (origin) => (options.allowedOrigins.has(origin) ? origin : null),
    allowHeaders: options.allowHeaders,
    allowMethods: options.allowMethods,
    exposeHeaders: options.exposeHeaders,
    maxAge: options.maxAge,
  });
  const common = createMiddleware<AppEnv>(async (c, next) => {
    for (const [name, value] of secure ?? (await collecting)) c.header(name, value);
    await next();
  });
  const api = createMiddleware<AppEnv>(async (c, next) => {
    if (c.req.method === 'OPTIONS') return preflight(c, next);
    const origin = c.req.header('origin');
    if (origin !== undefined && options.allowedOrigins.has(origin)) {
      c.header('Access-Control-Allow-Origin', origin);
    }
    c.header('Access-Control-Expose-Headers', exposed);
    c.header('Vary', 'Origin', { append: true });
    await next();
  });
  return { common, api };
}
