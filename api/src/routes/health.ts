import type { HealthResponse } from '@leadlight/contract';
import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { apiVersion } from '../version';

export const healthRoutes = new Hono<AppEnv>().get('/', (c) => {
  const body: HealthResponse = {
    status: 'ok',
    version: apiVersion,
    time: c.get('clock').now().toISOString(),
  };
  return c.json(body);
});
