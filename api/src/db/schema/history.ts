import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Append-only record of every change (who, when, what, before / after). Never updated or deleted, except that a
 * privacy erasure may blank personal values inside before / after. `leadId` is set for changes to a lead or its
 * children; other entities (users, tokens, rulesets) use entityType / entityId only.
 */
export const history = sqliteTable(
  'history',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    leadId: text('lead_id'),
    action: text('action').notNull(),
    /** User id; null for the system (migrations, scoring, imports without a user). */
    actorId: text('actor_id'),
    at: text('at').notNull(),
    before: text('before', { mode: 'json' }),
    after: text('after', { mode: 'json' }),
  },
  (table) => [
    index('history_lead_idx').on(table.leadId, table.seq),
    index('history_entity_idx').on(table.entityType, table.entityId, table.seq),
  ],
);
