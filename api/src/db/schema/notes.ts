import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { leads } from './leads';
import { users } from './users';

export const notes = sqliteTable(
  'notes',
  {
    id: text('id').primaryKey(),
    leadId: text('lead_id')
      .notNull()
      .references(() => leads.id, { onDelete: 'cascade' }),
    authorId: text('author_id')
      .notNull()
      .references(() => users.id),
    body: text('body').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (table) => [index('notes_lead_idx').on(table.leadId, table.createdAt)],
);
