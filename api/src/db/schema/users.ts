import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Instants are ISO-8601 UTC strings with milliseconds ("2026-11-24T10:00:00.000Z"): sortable, portable. */
export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull().unique(),
  role: text('role', { enum: ['rep', 'marketer', 'admin'] }).notNull(),
  team: text('team', { enum: ['sales', 'marketing'] }).notNull(),
  createdAt: text('created_at').notNull(),
  disabledAt: text('disabled_at'),
});

/** Only the SHA-256 of a token is stored; the token itself is shown once, at creation. */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    tokenHash: text('token_hash').notNull().unique(),
    /** The first characters of the token, so a person can tell their tokens apart. */
    prefix: text('prefix').notNull(),
    label: text('label').notNull(),
    createdAt: text('created_at').notNull(),
    lastUsedAt: text('last_used_at'),
    revokedAt: text('revoked_at'),
  },
  (table) => [index('api_tokens_user_idx').on(table.userId)],
);
