import { z } from 'zod';

/**
 * The only module that reads process.env: everything else receives a Config.
 * CLI flags override environment variables, which override the defaults.
 */
export const ConfigSchema = z.strictObject({
  port: z.coerce.number().int().min(0).max(65_535),
  host: z.string().min(1),
  databasePath: z.string().min(1),
  /** Exact origins allowed by CORS, e.g. "chrome-extension://abcdef…", "moz-extension://…". */
  corsOrigins: z.array(z.string().min(1)),
  bodyLimitBytes: z.coerce.number().int().positive(),
  /** Failed authentications allowed per client IP within the window before 429. */
  authFailureLimit: z.coerce.number().int().positive(),
  authFailureWindowMs: z.coerce.number().int().positive(),
  /** Idempotency keys are kept at least this long (Stripe keeps 24 h). */
  idempotencyTtlHours: z.coerce.number().int().min(24),
  /** Trust X-Forwarded-For for the client IP (only behind a proxy you run). */
  isBehindProxy: z.boolean(),
});
export type Config = z.infer<typeof ConfigSchema>;

export const defaultConfig: Config = {
  port: 8787,
  host: '127.0.0.1',
  databasePath: './data/leadlight.db',
  corsOrigins: [],
  bodyLimitBytes: 1024 * 1024,
  authFailureLimit: 20,
  authFailureWindowMs: 15 * 60 * 1000,
  idempotencyTtlHours: 24,
  isBehindProxy: false,
};

type Env = Record<string, string | undefined>;

function splitList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

function readEnv(env: Env): Partial<Record<keyof Config, unknown>> {
  const values: Partial<Record<keyof Config, unknown>> = {
    port: env.LEADLIGHT_PORT ?? env.PORT,
    host: env.LEADLIGHT_HOST,
    databasePath: env.LEADLIGHT_DB,
    corsOrigins: splitList(env.LEADLIGHT_CORS_ORIGINS),
    bodyLimitBytes: env.LEADLIGHT_BODY_LIMIT_BYTES,
    authFailureLimit: env.LEADLIGHT_AUTH_FAILURE_LIMIT,
    authFailureWindowMs: env.LEADLIGHT_AUTH_FAILURE_WINDOW_MS,
    idempotencyTtlHours: env.LEADLIGHT_IDEMPOTENCY_TTL_HOURS,
    isBehindProxy: env.LEADLIGHT_BEHIND_PROXY === undefined ? undefined : env.LEADLIGHT_BEHIND_PROXY === '1',
  };
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}

/** Builds the configuration: defaults < environment < explicit overrides (CLI flags, tests). */
export function loadConfig(overrides: Partial<Config> = {}, env: Env = process.env): Config {
  const definedOverrides = Object.fromEntries(
    Object.entries(overrides).filter(([, value]) => value !== undefined),
  );
  const result = ConfigSchema.safeParse({ ...defaultConfig, ...readEnv(env), ...definedOverrides });
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return result.data;
}
