import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { z } from 'zod';
import { ApiError } from '../lib/errors';

/**
 * Validates one part of the request with a contract schema. Failures become 400 `invalid_request` with every issue
 * (path, message, code); strict schemas reject unknown fields, so no mass assignment.
 */
export function validate<Target extends keyof ValidationTargets, Schema extends z.ZodType>(
  target: Target,
  schema: Schema,
) {
  return zValidator(target, schema, (result) => {
    if (!result.success) {
      const issues = result.error.issues.map((issue) => ({
        path: issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part)),
        message: issue.message,
        code: issue.code,
      }));
      throw new ApiError(400, 'invalid_request', `Invalid ${target}`, { target, issues });
    }
  });
}
