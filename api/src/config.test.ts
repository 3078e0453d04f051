import { describe, expect, it } from 'vitest';
import { defaultConfig, loadConfig } from './config';

describe('loadConfig', () => {
  it('uses the defaults without environment', () => {
    expect(loadConfig({}, {})).toEqual(defaultConfig);
  });

  it('reads the environment, and explicit overrides (CLI flags) win', () => {
    const env = {
      LEADLIGHT_PORT: '9000',
      LEADLIGHT_DB: '/var/lib/leadlight/db.sqlite',
      LEADLIGHT_CORS_ORIGINS: 'chrome-extension://abc, moz-extension://def ,',
      LEADLIGHT_BEHIND_PROXY: '1',
    };
    const config = loadConfig({ port: 7000, host: undefined }, env);
    expect(config).toMatchObject({
      port: 7000,
      host: '127.0.0.1',
      databasePath: '/var/lib/leadlight/db.sqlite',
      corsOrigins: ['chrome-extension://abc', 'moz-extension://def'],
      isBehindProxy: true,
    });
  });

  it('refuses invalid values with a message naming them', () => {
    expect(() => loadConfig({}, { LEADLIGHT_PORT: 'eighty' })).toThrow(/port/);
    expect(() => loadConfig({}, { LEADLIGHT_IDEMPOTENCY_TTL_HOURS: '1' })).toThrow(/idempotencyTtlHours/);
  });
});
