import type { ApiToken, Role, Team, User } from '@leadlight/contract';
import { and, asc, eq, getTableName, isNull, sql } from 'drizzle-orm';
import { createId, createToken, hashSha256 } from '../lib/ids';
import type { DbOrTx } from './client';
import { appendHistory } from './history';
import { prepareOnce } from './prepared';
import { readThrough } from './read-cache';
import { apiTokens, users } from './schema';

type UserRow = typeof users.$inferSelect;
type TokenRow = typeof apiTokens.$inferSelect;

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    team: row.team,
    createdAt: row.createdAt,
    disabledAt: row.disabledAt,
  };
}

export function toApiToken(row: TokenRow): ApiToken {
  return {
    id: row.id,
    userId: row.userId,
    label: row.label,
    prefix: row.prefix,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
  };
}

export function defaultTeamFor(role: Role): Team {
  return role === 'marketer' ? 'marketing' : 'sales';
}

export interface NewUser {
  name: string;
  email: string;
  role: Role;
  team?: Team | undefined;
}

/** What the cached user and token reads depend on (read-cache.ts). */
const userTables = [getTableName(users)];
const tokenTables = [getTableName(apiTokens), getTableName(users)];

/** Cached until the users table is written (read-cache.ts). */
export function findUserById(db: DbOrTx, id: string): User | undefined {
  return readThrough(db, `user:${id}`, userTables, () => readUserById(db, id));
}

function readUserById(db: DbOrTx, id: string): User | undefined {
  const query = prepareOnce(db, 'findUserById', (handle) =>
    handle
      .select()
      .from(users)
      .where(eq(users.id, sql.placeholder('id')))
      .prepare(),
  );
  const row = query.get({ id });
  return row ? toUser(row) : undefined;
}

export function findUserByEmail(db: DbOrTx, email: string): User | undefined {
  const row = db.select().from(users).where(eq(users.email, email.toLowerCase())).get();
  return row ? toUser(row) : undefined;
}

export function listUsers(db: DbOrTx): User[] {
  return db.select().from(users).orderBy(asc(users.createdAt), asc(users.id)).all().map(toUser);
}

/** Creates a user; the caller checks the email is free (the unique index is the last line of defence). */
export function insertUser(
  db: DbOrTx,
  input: NewUser,
  context: { actorId: string | null; now: string },
): User {
  const row: UserRow = {
    id: createId(),
    name: input.name,
    email: input.email.toLowerCase(),
    role: input.role,
    team: input.team ?? defaultTeamFor(input.role),
    createdAt: context.now,
    disabledAt: null,
  };
  db.insert(users).values(row).run();
  const user = toUser(row);
  appendHistory(db, {
    entityType: 'user',
    entityId: user.id,
    action: 'user.created',
    actorId: context.actorId,
    at: context.now,
    before: null,
    after: user,
  });
  return user;
}

/** Issues a new token; `secret` is the only copy of the token in clear. */
export function issueToken(
  db: DbOrTx,
  userId: string,
  label: string,
  context: { actorId: string | null; now: string },
): { token: ApiToken; secret: string } {
  const secret = createToken();
  const row: TokenRow = {
    id: createId(),
    userId,
    tokenHash: hashSha256(secret),
    prefix: secret.slice(0, 10),
    label,
    createdAt: context.now,
    lastUsedAt: null,
    revokedAt: null,
  };
  db.insert(apiTokens).values(row).run();
  const token = toApiToken(row);
  appendHistory(db, {
    entityType: 'api_token',
    entityId: token.id,
    action: 'token.issued',
    actorId: context.actorId,
    at: context.now,
    before: null,
    after: token,
  });
  return { token, secret };
}

export function listTokens(db: DbOrTx, userId?: string): ApiToken[] {
  const query = db.select().from(apiTokens);
  const rows = (userId === undefined ? query : query.where(eq(apiTokens.userId, userId)))
    .orderBy(asc(apiTokens.createdAt), asc(apiTokens.id))
    .all();
  return rows.map(toApiToken);
}

export function findTokenById(db: DbOrTx, id: string): ApiToken | undefined {
  const row = db.select().from(apiTokens).where(eq(apiTokens.id, id)).get();
  return row ? toApiToken(row) : undefined;
}

/** Revokes a token (idempotent: an already revoked token keeps its first revocation time). */
export function revokeToken(
  db: DbOrTx,
  id: string,
  context: { actorId: string | null; now: string },
): ApiToken | undefined {
  const before = findTokenById(db, id);
  if (!before) return undefined;
  if (before.revokedAt !== null) return before;
  db.update(apiTokens).set({ revokedAt: context.now }).where(eq(apiTokens.id, id)).run();
  const after = { ...before, revokedAt: context.now };
  appendHistory(db, {
    entityType: 'api_token',
    entityId: id,
    action: 'token.revoked',
    actorId: context.actorId,
    at: context.now,
    before,
    after,
  });
  return after;
}

export interface TokenOwner {
  tokenId: string;
  lastUsedAt: string | null;
  user: User;
}

/**
 * The hot path of every request: one indexed read by the token's hash, cached until the database changes in any way
 * (read-cache.ts), so a revocation or a disabled user takes effect on the next request.
 */
export function findUserByToken(db: DbOrTx, secret: string): TokenOwner | undefined {
  const hash = hashSha256(secret);
  return readThrough(db, `token:${hash}`, tokenTables, () => readUserByTokenHash(db, hash));
}

function readUserByTokenHash(db: DbOrTx, hash: string): TokenOwner | undefined {
  const query = prepareOnce(db, 'findUserByToken', (handle) =>
    handle
      .select({ token: apiTokens, user: users })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(
        and(
          eq(apiTokens.tokenHash, sql.placeholder('hash')),
          isNull(apiTokens.revokedAt),
          isNull(users.disabledAt),
        ),
      )
      .prepare(),
  );
  const row = query.get({ hash });
  return row
    ? { tokenId: row.token.id, lastUsedAt: row.token.lastUsedAt, user: toUser(row.user) }
    : undefined;
}

export function touchToken(db: DbOrTx, tokenId: string, now: string): void {
  db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, tokenId)).run();
}
