import type { Role, Team } from '@leadlight/contract';
import { RoleSchema, TeamSchema } from '@leadlight/contract';
import { loadConfig } from '../config';
import { closeDatabase, type Db, migrate, openDatabase } from '../db/client';
import { findUserByEmail, insertUser, issueToken, listTokens, listUsers, revokeToken } from '../db/users';
import { failCommand, printResult } from './output';

function withDatabase<T>(path: string | undefined, run: (db: Db) => T): T {
  const db = openDatabase(loadConfig({ databasePath: path }).databasePath);
  try {
    migrate(db);
    return run(db);
  } finally {
    closeDatabase(db);
  }
}

export function runUsersAdd(options: {
  name: string;
  email: string;
  role: string;
  team?: string | undefined;
  db?: string | undefined;
  json?: boolean | undefined;
}): void {
  const isJson = options.json === true;
  const role = RoleSchema.safeParse(options.role);
  if (!role.success) failCommand(`--role must be one of ${RoleSchema.options.join(', ')}`, isJson);
  const team = options.team === undefined ? undefined : TeamSchema.safeParse(options.team);
  if (team && !team.success) failCommand(`--team must be one of ${TeamSchema.options.join(', ')}`, isJson);
  const result = withDatabase(options.db, (db) =>
    db.transaction((tx) => {
      if (findUserByEmail(tx, options.email))
        failCommand(`a user with the email ${options.email} exists`, isJson);
      const now = new Date().toISOString();
      const user = insertUser(
        tx,
        {
          name: options.name,
          email: options.email,
          role: role.data as Role,
          team: team?.data as Team | undefined,
        },
        { actorId: null, now },
      );
      return { user, token: issueToken(tx, user.id, 'cli', { actorId: null, now }) };
    }),
  );
  // The token alone on stdout, so `TOKEN=$(leadlight users add …)` works.
  printResult(isJson, result, () => result.token.secret);
}

export function runUsersList(options: { db?: string | undefined; json?: boolean | undefined }): void {
  const result = withDatabase(options.db, (db) =>
    listUsers(db).map((user) => ({ ...user, tokens: listTokens(db, user.id) })),
  );
  printResult(options.json === true, { items: result }, () =>
    result
      .map((user) => {
        const tokens = user.tokens.map(
          (token) =>
            `    ${token.id}  ${token.prefix}…  ${token.label}  ${token.revokedAt ? `revoked ${token.revokedAt}` : `last used ${token.lastUsedAt ?? 'never'}`}`,
        );
        return [`${user.role.padEnd(9)} ${user.name} <${user.email}>`, ...tokens].join('\n');
      })
      .join('\n'),
  );
}

/** Revokes one token by id, or every token of a user when given an email. */
export function runUsersRevoke(
  target: string,
  options: { db?: string | undefined; json?: boolean | undefined },
): void {
  const isJson = options.json === true;
  const revoked = withDatabase(options.db, (db) =>
    db.transaction((tx) => {
      const now = new Date().toISOString();
      const user = target.includes('@') ? findUserByEmail(tx, target) : undefined;
      if (target.includes('@') && !user) failCommand(`no user with the email ${target}`, isJson);
      const ids = user ? listTokens(tx, user.id).map((token) => token.id) : [target];
      const tokens = ids.map((id) => revokeToken(tx, id, { actorId: null, now }));
      if (tokens.some((token) => token === undefined)) failCommand(`no token with the id ${target}`, isJson);
      return tokens;
    }),
  );
  printResult(isJson, { revoked }, () => `revoked ${revoked.length} token(s)`);
}
