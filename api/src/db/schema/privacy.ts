import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { leads } from './leads';
import { users } from './users';

/** One erasure of a person's data: who, when, why, and how many records were blanked — never the data itself. */
export const erasures = sqliteTable(
  'erasures',
  {
    id: text('id').primaryKey(),
    leadId: text('lead_id')
      .notNull()
      .unique()
      .references(() => leads.id),
    erasedBy: text('erased_by').references(() => users.id),
    erasedAt: text('erased_at').notNull(),
    reason: text('reason'),
    counts: text('counts', { mode: 'json' }).notNull(),
  },
  (table) => [index('erasures_erased_at_idx').on(table.erasedAt)],
);
