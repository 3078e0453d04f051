import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { leads } from './leads';
import { users } from './users';

export const stageMoves = sqliteTable(
  'stage_moves',
  {
    id: text('id').primaryKey(),
    leadId: text('lead_id')
      .notNull()
      .references(() => leads.id, { onDelete: 'cascade' }),
    fromStage: text('from_stage').notNull(),
    toStage: text('to_stage').notNull(),
    reasonCode: text('reason_code'),
    reasonText: text('reason_text'),
    /** Null when the system moved the lead (scoring crossed the MQL threshold, an import). */
    movedBy: text('moved_by').references(() => users.id),
    movedAt: text('moved_at').notNull(),
  },
  (table) => [
    index('stage_moves_lead_idx').on(table.leadId, table.movedAt),
    index('stage_moves_to_idx').on(table.toStage, table.movedAt),
  ],
);
