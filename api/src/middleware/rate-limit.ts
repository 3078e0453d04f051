import type { Context } from 'hono';
import type { Clock } from '../clock';

/**
 * Counts failed authentications per client IP in a fixed window (in memory: one API process; a balanced
 * deployment would move this to a shared store).
 */
export interface FailureLimiter {
  isBlocked(key: string): boolean;
  recordFailure(key: string): void;
}

export function createFailureLimiter(options: {
  limit: number;
  windowMs: number;
  clock: Clock;
}): FailureLimiter {
  const windows = new Map<string, { startedAt: number; failures: number }>();
  function current(key: string) {
    const now = options.clock.now().getTime();
    const entry = windows.get(key);
    if (entry === undefined || now - entry.startedAt >= options.windowMs) return undefined;
    return entry;
  }
  return {
    isBlocked: (key) => (current(key)?.failures ?? 0) >= options.limit,
    recordFailure: (key) => {
      const entry = current(key);
      if (entry) entry.failures += 1;
      else {
        if (windows.size > 100_000) windows.clear(); // bound memory under a spray of addresses
        windows.set(key, { startedAt: options.clock.now().getTime(), failures: 1 });
      }
    },
  };
}

interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string } };
}

/** The client address: the socket's, or the first X-Forwarded-For hop when configured to sit behind a proxy. */
export function getClientIp(c: Context, isBehindProxy: boolean): string {
  if (isBehindProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  const env = c.env as NodeBindings | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}
