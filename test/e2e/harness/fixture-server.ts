import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import { join, normalize } from 'node:path';
import { fixturePagesDir } from './paths';
import type { TlsMaterial } from './tls';

/** Host names the content scripts match; Chromium maps each one to the fixture server. */
export const fixtureHostNames = [
  'www.linkedin.com',
  'mail.google.com',
  'outlook.office.com',
  'outlook.live.com',
  'acme-dev-ed.lightning.force.com',
  'app.hubspot.com',
  'www.example-company.test',
] as const;

export interface FixtureServer {
  port: number;
  /** Serves a saved page (path under test/fixtures/pages) at the given real URL; returns the URL to open. */
  servePage(url: string, fixtureFile: string): string;
  close(): Promise<void>;
}

function routeKey(host: string, pathname: string): string {
  return `${host.toLowerCase()}${pathname}`;
}

/**
 * An HTTPS server that answers for the real host names (Chromium's --host-resolver-rules send them here), with the
 * fixture page registered for each host + path. Everything else is a fast 404, so saved pages that reference hundreds
 * of stylesheets and scripts neither reach the internet nor hang.
 */
export async function startFixtureServer(tls: TlsMaterial): Promise<FixtureServer> {
  const routes = new Map<string, string>();
  const server: Server = createServer({ cert: tls.cert, key: tls.key }, (request, response) => {
    const host = (request.headers.host ?? '').replace(/:\d+$/, '');
    const pathname = new URL(request.url ?? '/', 'https://fixture.invalid').pathname;
    const file = routes.get(routeKey(host, pathname));
    if (!file || request.method !== 'GET') {
      response.writeHead(404, { 'content-type': 'text/plain', 'cache-control': 'no-store' }).end('not found');
      return;
    }
    readFile(file).then(
      (body) => {
        response
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
          .end(body);
      },
      () => response.writeHead(500, { 'content-type': 'text/plain' }).end('fixture unreadable'),
    );
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('The fixture server has no port');

  return {
    port: address.port,
    servePage(url, fixtureFile) {
      const parsed = new URL(url);
      const file = normalize(join(fixturePagesDir, fixtureFile));
      if (!file.startsWith(fixturePagesDir)) throw new Error(`Not a fixture page: ${fixtureFile}`);
      routes.set(routeKey(parsed.hostname, parsed.pathname), file);
      return parsed.href;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Chromium's --host-resolver-rules: the fixture hosts go to the local server, every other name fails to resolve. */
export function buildHostResolverRules(port: number): string {
  const maps = fixtureHostNames.map((host) => `MAP ${host} 127.0.0.1:${port}`);
  return [...maps, 'MAP * ~NOTFOUND', 'EXCLUDE 127.0.0.1'].join(', ');
}
