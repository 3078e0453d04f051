import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './users';

/**
 * One row per version of a ruleset: draft → approved → active → retired. At most one row is active (the service
 * retires the previous one in the activating transaction). `definition` is the validated ruleset JSON;
 * `definition_hash` (SHA-256 of it) keys the compiled-ruleset cache.
 */
export const rulesetVersions = sqliteTable(
  'ruleset_versions',
  {
    rulesetId: text('ruleset_id').notNull(),
    version: integer('version').notNull(),
    name: text('name').notNull(),
    state: text('state', { enum: ['draft', 'approved', 'active', 'retired'] }).notNull(),
    definition: text('definition', { mode: 'json' }).notNull(),
    definitionHash: text('definition_hash').notNull(),
    /** Null for the system (the demo seeding the default ruleset). */
    authorId: text('author_id').references(() => users.id),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    activatedAt: text('activated_at'),
    activatedBy: text('activated_by').references(() => users.id),
    retiredAt: text('retired_at'),
  },
  (table) => [
    primaryKey({ columns: [table.rulesetId, table.version] }),
    index('ruleset_versions_state_idx').on(table.state),
  ],
);

/** Sign-off on a version; edits of a draft delete its approvals (voided, recorded in history). */
export const rulesetApprovals = sqliteTable(
  'ruleset_approvals',
  {
    rulesetId: text('ruleset_id').notNull(),
    version: integer('version').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    /** The approver's team when approving: activation needs one from sales and one from marketing. */
    team: text('team', { enum: ['sales', 'marketing'] }).notNull(),
    approvedAt: text('approved_at').notNull(),
  },
  (table) => [primaryKey({ columns: [table.rulesetId, table.version, table.userId] })],
);
