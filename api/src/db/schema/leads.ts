import { index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './users';

/**
 * One row per lead. Columns hold what lists, filters and the lookup read; `profile` holds the rest of the contract's
 * Lead (person, company, source, totals, custom) as JSON so new contract fields need no migration.
 */
export const leads = sqliteTable(
  'leads',
  {
    id: text('id').primaryKey(),
    /** Optimistic concurrency: every update must name the version it read. */
    version: integer('version').notNull(),
    stage: text('stage').notNull(),
    ownerId: text('owner_id').references(() => users.id),
    sourceChannel: text('source_channel'),
    sourceCampaign: text('source_campaign'),
    fullName: text('full_name'),
    companyName: text('company_name'),
    companyDomain: text('company_domain'),
    /** normalizeNameKey(fullName, companyName): the name + company lookup. */
    nameKey: text('name_key'),
    /** Lower-cased name, company, domain, emails, title: the list's text filter (LIKE, portable). */
    searchText: text('search_text').notNull(),
    profile: text('profile', { mode: 'json' }).notNull(),
    score: integer('score'),
    grade: text('grade'),
    /** The scoring result of the active ruleset, as returned by @leadlight/rules. */
    scoreDetail: text('score_detail', { mode: 'json' }),
    rulesetId: text('ruleset_id'),
    /** Gate outcome at capture: accepted, or review (junk / incomplete: kept in the review queue). */
    gate: text('gate', { enum: ['accepted', 'review'] }).notNull(),
    /** Review queue state: pending until a marketer reconsiders or confirms. */
    reviewState: text('review_state', { enum: ['pending', 'confirmed', 'reconsidered'] }),
    reviewReasons: text('review_reasons', { mode: 'json' }),
    attemptCount: integer('attempt_count').notNull().default(0),
    lastAttemptAt: text('last_attempt_at'),
    firstTouchedAt: text('first_touched_at'),
    lastTouchedAt: text('last_touched_at'),
    /** When the lead entered its current stage: the first-touch SLA clock starts here. */
    stageEnteredAt: text('stage_entered_at').notNull(),
    /** stageEnteredAt + the ruleset's first-touch hours for the stage; null for stages without an SLA. */
    slaDueAt: text('sla_due_at'),
    /** When the lead last became an MQL (stats: time to first touch). */
    mqlAt: text('mql_at'),
    /** Nurture leads come back to the queue on this date. */
    recycleAt: text('recycle_at'),
    /** Known outcome for backtests (imported history): true converted, false did not, null unknown. */
    hasConverted: integer('has_converted', { mode: 'boolean' }),
    createdBy: text('created_by').references(() => users.id),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (table) => [
    index('leads_stage_idx').on(table.stage, table.score),
    index('leads_owner_idx').on(table.ownerId, table.stage),
    index('leads_queue_idx').on(table.stage, table.slaDueAt),
    index('leads_domain_idx').on(table.companyDomain),
    index('leads_name_key_idx').on(table.nameKey),
    index('leads_source_idx').on(table.sourceChannel),
    index('leads_review_idx').on(table.reviewState, table.createdAt),
    index('leads_created_idx').on(table.createdAt, table.id),
  ],
);

/** Normalised identities (email, LinkedIn profile URL, phone): each belongs to exactly one lead. */
export const leadIdentities = sqliteTable(
  'lead_identities',
  {
    kind: text('kind', { enum: ['email', 'linkedin', 'phone'] }).notNull(),
    value: text('value').notNull(),
    leadId: text('lead_id')
      .notNull()
      .references(() => leads.id, { onDelete: 'cascade' }),
  },
  (table) => [
    primaryKey({ columns: [table.kind, table.value] }),
    index('lead_identities_lead_idx').on(table.leadId),
  ],
);

export const leadTags = sqliteTable(
  'lead_tags',
  {
    leadId: text('lead_id')
      .notNull()
      .references(() => leads.id, { onDelete: 'cascade' }),
    tag: text('tag').notNull(),
  },
  (table) => [primaryKey({ columns: [table.leadId, table.tag] }), index('lead_tags_tag_idx').on(table.tag)],
);

/** Flags raised by the scoring (e.g. "disposable_email"), kept as rows so the list can filter on them. */
export const leadFlags = sqliteTable(
  'lead_flags',
  {
    leadId: text('lead_id')
      .notNull()
      .references(() => leads.id, { onDelete: 'cascade' }),
    flag: text('flag').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.leadId, table.flag] }),
    index('lead_flags_flag_idx').on(table.flag),
  ],
);

/** Engagement events (site visits, opens, form fills…): scoring reads them; the ingest endpoint appends them. */
export const engagementEvents = sqliteTable(
  'engagement_events',
  {
    id: text('id').primaryKey(),
    leadId: text('lead_id')
      .notNull()
      .references(() => leads.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    at: text('at').notNull(),
    value: real('value'),
    url: text('url'),
    detail: text('detail'),
    createdAt: text('created_at').notNull(),
  },
  (table) => [index('engagement_events_lead_idx').on(table.leadId, table.at)],
);
