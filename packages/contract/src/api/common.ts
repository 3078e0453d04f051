import { z } from 'zod';

/** Every error the API answers: a stable machine code, a sentence for people, optional details (e.g. issues). */
export const ApiErrorBodySchema = z.strictObject({
  error: z.strictObject({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBodySchema>;

/** One problem in a request body / query, with the path to the offending field. */
export const ValidationIssueSchema = z.strictObject({
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
  code: z.string(),
});

export const roles = ['rep', 'marketer', 'admin'] as const;
export const RoleSchema = z.enum(roles);
export type Role = z.infer<typeof RoleSchema>;

export const teams = ['sales', 'marketing'] as const;
export const TeamSchema = z.enum(teams);
export type Team = z.infer<typeof TeamSchema>;

export const IdSchema = z.string().trim().min(1).max(100);
export const IdParamSchema = z.strictObject({ id: IdSchema });

/** Opaque cursor for keyset pagination: pass `nextCursor` back as `cursor`. */
export const CursorSchema = z.string().max(500);
export const LimitSchema = z.coerce.number().int().min(1).max(200).default(50);

export const HealthResponseSchema = z.strictObject({
  status: z.literal('ok'),
  version: z.string(),
  time: z.string(),
});
export type HealthResponse = z.infer<typeof HealthResponseSchema>;
