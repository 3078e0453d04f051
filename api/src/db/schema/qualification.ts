import { primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { leads } from './leads';
import { users } from './users';

/** The current answer per checklist item; earlier answers live in history. */
export const qualificationAnswers = sqliteTable(
  'qualification_answers',
  {
    leadId: text('lead_id')
      .notNull()
      .references(() => leads.id, { onDelete: 'cascade' }),
    itemId: text('item_id').notNull(),
    state: text('state', { enum: ['unknown', 'claimed', 'verified'] }).notNull(),
    value: text('value'),
    answeredBy: text('answered_by')
      .notNull()
      .references(() => users.id),
    answeredAt: text('answered_at').notNull(),
  },
  (table) => [primaryKey({ columns: [table.leadId, table.itemId] })],
);
