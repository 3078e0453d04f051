import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from './app-env';
import type { Clock } from './clock';
import type { Config } from './config';
import type { Db } from './db/client';
import { authenticate } from './middleware/auth';
import { handleError, handleNotFound } from './middleware/errors';
import { createFailureLimiter } from './middleware/rate-limit';
import { prepareResponseHeaders } from './middleware/response-headers';
import { routeTable } from './route-table';
import { adminRoutes } from './routes/admin';
import { alertRoutes } from './routes/alerts';
import { exportRoutes } from './routes/exports';
import { followUpRoutes } from './routes/follow-ups';
import { healthRoutes } from './routes/health';
import { importRoutes, importUploadPath } from './routes/imports';
import { ingestRoutes } from './routes/ingest';
import { leadRoutes } from './routes/leads';
import { lookupRoutes } from './routes/lookup';
import { meRoutes } from './routes/me';
import { noteRoutes } from './routes/notes';
import { openapiRoutes } from './routes/openapi';
import { privacyRoutes } from './routes/privacy';
import { qualificationRoutes } from './routes/qualification';
import { queueRoutes } from './routes/queue';
import { reviewRoutes } from './routes/review';
import { rulesetRoutes } from './routes/rulesets';
import { stageRoutes } from './routes/stages';
import { statsRoutes } from './routes/stats';

export interface AppDependencies {
  db: Db;
  clock: Clock;
  config: Config;
}

/** Paths that skip bearer authentication: public ones and those with their own scheme (ingest keys). */
const unauthenticatedPaths = new Set(
  routeTable.filter((route) => !Array.isArray(route.access)).map((route) => route.path),
);

/** Builds the whole HTTP API. The one place where sub-apps are mounted. */
export function createApp({ db, clock, config }: AppDependencies) {
  const limiter = createFailureLimiter({
    limit: config.authFailureLimit,
    windowMs: config.authFailureWindowMs,
    clock,
  });
  const allowedOrigins = new Set(config.corsOrigins);

  const app = new Hono<AppEnv>();
  app.onError(handleError);
  app.notFound(handleNotFound);

  const headers = prepareResponseHeaders({
    allowedOrigins,
    allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
    allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    exposeHeaders: ['Idempotent-Replayed'],
    maxAge: 600,
  });
  app.use('*', headers.common);
  app.use('/api/*', headers.api);
  const answerTooLarge = (c: Context) =>
    c.json(
      {
        error: {
          code: 'payload_too_large',
          message: `The request body is larger than ${config.bodyLimitBytes} bytes`,
        },
      },
      413,
    );
  const jsonBodyLimit = bodyLimit({ maxSize: config.bodyLimitBytes, onError: answerTooLarge });
  // CSV uploads have their own, larger limit (routes/imports.ts). Requests without a body skip the check, and a
  // declared Content-Length is checked from the header, as bodyLimit itself does: bodyLimit reads the raw request,
  // which on @hono/node-server builds a full web Request with a streamed body instead of the server's direct read
  // (profiled: most of a note write's CPU). Node's parser never delivers more bytes than the Content-Length.
  app.use('/api/*', async (c, next) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD') return next();
    if (method === 'POST' && c.req.path === importUploadPath) return next();
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      return Number.parseInt(length, 10) > config.bodyLimitBytes ? answerTooLarge(c) : next();
    }
    return jsonBodyLimit(c, next);
  });
  app.use('*', async (c, next) => {
    c.set('db', db);
    c.set('clock', clock);
    c.set('config', config);
    await next();
  });
  app.use('/api/v1/*', authenticate({ limiter, publicPaths: unauthenticatedPaths }));

  app.route('/api/v1/health', healthRoutes);
  app.route('/api/v1/me', meRoutes);
  app.route('/api/v1/lookup', lookupRoutes);
  app.route('/api/v1/leads', leadRoutes);
  app.route('/api/v1/leads', noteRoutes);
  app.route('/api/v1/leads', followUpRoutes);
  app.route('/api/v1/leads', qualificationRoutes);
  app.route('/api/v1/leads', stageRoutes);
  app.route('/api/v1/queue', queueRoutes);
  app.route('/api/v1/review', reviewRoutes);
  app.route('/api/v1', adminRoutes);
  app.route('/api/v1/imports', importRoutes);
  app.route('/api/v1/exports', exportRoutes);
  app.route('/api/v1/privacy', privacyRoutes);
  // Second API helper: mount rulesets, stats, imports, exports, privacy, ingest, alerts and openapi here.
  app.route('/api/v1/rulesets', rulesetRoutes);
  app.route('/api/v1/stats', statsRoutes);
  app.route('/api/v1/ingest', ingestRoutes);
  app.route('/api/v1/alerts', alertRoutes);
  app.route('/api/v1', openapiRoutes);

  return app;
}

export type App = ReturnType<typeof createApp>;
