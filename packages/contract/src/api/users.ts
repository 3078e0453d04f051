import { z } from 'zod';
import { IsoDateTimeSchema } from '../lead';
import { IdSchema, RoleSchema, TeamSchema } from './common';

export const UserSchema = z.strictObject({
  id: IdSchema,
  name: z.string(),
  email: z.string(),
  role: RoleSchema,
  team: TeamSchema,
  createdAt: IsoDateTimeSchema,
  disabledAt: IsoDateTimeSchema.nullable(),
});
export type User = z.infer<typeof UserSchema>;

export const MeResponseSchema = z.strictObject({ user: UserSchema });
export type MeResponse = z.infer<typeof MeResponseSchema>;

export const CreateUserRequestSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  email: z.email().trim().toLowerCase().max(320),
  role: RoleSchema,
  /** Defaults from the role: reps are sales, marketers marketing, admins must say. */
  team: TeamSchema.optional(),
});
export type CreateUserRequest = z.infer<typeof CreateUserRequestSchema>;

export const ApiTokenSchema = z.strictObject({
  id: IdSchema,
  userId: IdSchema,
  label: z.string(),
  /** The first characters of the token, enough to recognise it; the token itself is never shown again. */
  prefix: z.string(),
  createdAt: IsoDateTimeSchema,
  lastUsedAt: IsoDateTimeSchema.nullable(),
  revokedAt: IsoDateTimeSchema.nullable(),
});
export type ApiToken = z.infer<typeof ApiTokenSchema>;

/** The only response that carries a token in clear: store it now, it cannot be shown again. */
export const IssuedTokenSchema = z.strictObject({ token: ApiTokenSchema, secret: z.string() });
export type IssuedToken = z.infer<typeof IssuedTokenSchema>;

export const CreateUserResponseSchema = z.strictObject({ user: UserSchema, token: IssuedTokenSchema });
export type CreateUserResponse = z.infer<typeof CreateUserResponseSchema>;

export const CreateTokenRequestSchema = z.strictObject({
  label: z.string().trim().min(1).max(100).default('api'),
});
export type CreateTokenRequest = z.infer<typeof CreateTokenRequestSchema>;

export const UserListResponseSchema = z.strictObject({ items: z.array(UserSchema) });
export const TokenListResponseSchema = z.strictObject({ items: z.array(ApiTokenSchema) });
