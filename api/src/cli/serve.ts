import { serve } from '@hono/node-server';
import { createApp } from '../app';
import { systemClock } from '../clock';
import { type Config, loadConfig } from '../config';
import { closeDatabase, migrate, openDatabase } from '../db/client';
import { printResult } from './output';

export interface ServeOptions {
  port?: number | undefined;
  host?: string | undefined;
  db?: string | undefined;
  json?: boolean | undefined;
}

/** Applies pending migrations, then serves the API until SIGINT / SIGTERM (or `close()`). */
export function runServe(options: ServeOptions): Promise<{ url: string; close: () => Promise<void> }> {
  const config: Config = loadConfig({ port: options.port, host: options.host, databasePath: options.db });
  const db = openDatabase(config.databasePath);
  migrate(db);
  const app = createApp({ db, clock: systemClock, config });
  let resolveStarted: (url: string) => void = () => {};
  const started = new Promise<string>((resolve) => {
    resolveStarted = resolve;
  });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${info.port}`;
    resolveStarted(url);
    printResult(
      options.json === true,
      { url, apiUrl: `${url}/api/v1`, database: config.databasePath, corsOrigins: config.corsOrigins },
      () =>
        [
          `Leadlight API listening on ${url}/api/v1 (database ${config.databasePath})`,
          `Health: ${url}/api/v1/health`,
          config.corsOrigins.length === 0
            ? 'CORS: no extension origins allowed (set LEADLIGHT_CORS_ORIGINS)'
            : `CORS: ${config.corsOrigins.join(', ')}`,
        ].join('\n'),
    );
  });
  const close = () =>
    new Promise<void>((resolve) => {
      process.off('SIGINT', shutdown);
      process.off('SIGTERM', shutdown);
      server.close(() => {
        closeDatabase(db);
        resolve();
      });
    });
  const shutdown = () => {
    void close();
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  return started.then((url) => ({ url, close }));
}
