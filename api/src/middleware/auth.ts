import type { Role } from '@leadlight/contract';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import { findUserByToken, touchToken } from '../db/users';
import { ApiError } from '../lib/errors';
import { type FailureLimiter, getClientIp } from './rate-limit';

/** last_used_at is written at most this often per token, so the lookup hot path rarely writes. */
const touchIntervalMs = 60_000;

function unauthorized(message: string): ApiError {
  return new ApiError(401, 'unauthorized', message);
}

/**
 * Bearer-token authentication for every path except `publicPaths`. Failed attempts count per client IP; past the
 * limit the IP gets 429 without the token being checked at all.
 */
export function authenticate(options: { limiter: FailureLimiter; publicPaths: ReadonlySet<string> }) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (options.publicPaths.has(c.req.path)) return next();
    const ip = getClientIp(c, c.get('config').isBehindProxy);
    if (options.limiter.isBlocked(ip)) {
      throw new ApiError(
        429,
        'too_many_failed_authentications',
        'Too many failed authentications; try later',
      );
    }
    const header = c.req.header('authorization');
    const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
    const secret = match?.[1];
    if (secret === undefined) {
      options.limiter.recordFailure(ip);
      c.header('WWW-Authenticate', 'Bearer');
      throw unauthorized('Send an API token as "Authorization: Bearer <token>"');
    }
    const owner = findUserByToken(c.get('db'), secret);
    if (!owner) {
      options.limiter.recordFailure(ip);
      c.header('WWW-Authenticate', 'Bearer error="invalid_token"');
      throw unauthorized('The API token is unknown or revoked');
    }
    const now = c.get('clock').now();
    if (owner.lastUsedAt === null || now.getTime() - Date.parse(owner.lastUsedAt) >= touchIntervalMs) {
      touchToken(c.get('db'), owner.tokenId, now.toISOString());
    }
    c.set('user', { ...owner.user, tokenId: owner.tokenId });
    await next();
  });
}

/** Lets the request through only for the given roles; others get 403 `role_forbidden`. */
export function requireRole(options: { roles: readonly Role[] }) {
  const allowed = new Set(options.roles);
  return createMiddleware<AppEnv>(async (c, next) => {
    const user = c.get('user');
    if (!allowed.has(user.role)) {
      throw new ApiError(403, 'role_forbidden', `This needs one of the roles: ${options.roles.join(', ')}`, {
        role: user.role,
        allowed: options.roles,
      });
    }
    await next();
  });
}
