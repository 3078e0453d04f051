import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { leads } from './leads';
import { users } from './users';

/**
 * Keys for the engagement ingest endpoint (a website snippet, a marketing tool's webhook): separate from user
 * tokens, revocable, only the SHA-256 stored.
 */
export const ingestKeys = sqliteTable('ingest_keys', {
  id: text('id').primaryKey(),
  label: text('label').notNull(),
  keyHash: text('key_hash').notNull().unique(),
  prefix: text('prefix').notNull(),
  createdBy: text('created_by').references(() => users.id),
  createdAt: text('created_at').notNull(),
  lastUsedAt: text('last_used_at'),
  revokedAt: text('revoked_at'),
});

/**
 * One row per recipient: an unowned lead's alert is fanned out to every sales user, so read state is per user and
 * the feed is one indexed range (`user_id`, `seq > cursor`).
 */
export const alerts = sqliteTable(
  'alerts',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    leadId: text('lead_id')
      .notNull()
      .references(() => leads.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['mql', 'moment'] }).notNull(),
    label: text('label').notNull(),
    ruleId: text('rule_id'),
    audience: text('audience', { enum: ['owner', 'team'] }).notNull(),
    createdAt: text('created_at').notNull(),
    readAt: text('read_at'),
  },
  (table) => [index('alerts_user_idx').on(table.userId, table.seq)],
);
