import type { QualificationState } from '@leadlight/contract';
import type Database from 'better-sqlite3';
import { type DbOrTx, findSqliteClient } from './client';
import type { LeadRow } from './leads';

/**
 * The lookup's hot path (the overlay asks on every profile and mail it shows): exactly what a lead card is built
 * from, in three indexed statements (after db/leads.ts's findLeadIdByIdentity) with only the columns the card uses. Plain statements on the connection, not
 * drizzle queries: drizzle maps every column of every row (JSON columns parsed) and that mapping cost more than the
 * reads themselves (profiled: a lookup spent most of its database time in mapResultRow). The SQL stays portable.
 */
export type CardRow = Pick<
  LeadRow,
  | 'id'
  | 'stage'
  | 'score'
  | 'grade'
  | 'scoreDetail'
  | 'attemptCount'
  | 'reviewState'
  | 'recycleAt'
  | 'slaDueAt'
  | 'lastAttemptAt'
  | 'stageEnteredAt'
  | 'fullName'
  | 'companyName'
>;

export interface CardHistoryEntry {
  at: string;
  action: string;
  /** The actor's name; null for the system or a user since erased. */
  actorName: string | null;
  before: unknown;
  after: unknown;
}

export interface LeadCardSource {
  row: CardRow;
  qualification: { itemId: string; state: QualificationState }[];
  history: CardHistoryEntry[];
}

interface CardStatements {
  row: Database.Statement<[string], StoredCardRow>;
  qualification: Database.Statement<[string], { itemId: string; state: QualificationState }>;
  history: Database.Statement<[string, number], StoredHistoryRow>;
}

type StoredCardRow = Omit<CardRow, 'scoreDetail'> & { scoreDetail: string | null };

interface StoredHistoryRow {
  at: string;
  action: string;
  actorName: string | null;
  before: string | null;
  after: string | null;
}

const statementsByClient = new WeakMap<Database.Database, CardStatements>();

function getClient(db: DbOrTx): Database.Database {
  const client = findSqliteClient(db);
  if (client === undefined) throw new Error('lead cards need a better-sqlite3 connection');
  return client;
}

function prepareStatements(client: Database.Database): CardStatements {
  let statements = statementsByClient.get(client);
  if (statements) return statements;
  statements = {
    row: client.prepare(
      `SELECT id, stage, score, grade, score_detail AS scoreDetail, attempt_count AS attemptCount,
         review_state AS reviewState, recycle_at AS recycleAt, sla_due_at AS slaDueAt,
         last_attempt_at AS lastAttemptAt, stage_entered_at AS stageEnteredAt, full_name AS fullName,
         company_name AS companyName
       FROM leads WHERE id = ?`,
    ),
    qualification: client.prepare(
      'SELECT item_id AS itemId, state FROM qualification_answers WHERE lead_id = ?',
    ),
    // "Created" is all a creation entry says on the card: its after-image (the whole lead) is not read.
    history: client.prepare(
      `SELECT h.at, h.action, u.name AS actorName,
         CASE WHEN h.action = 'lead.created' THEN NULL ELSE h.before END AS before,
         CASE WHEN h.action = 'lead.created' THEN NULL ELSE h.after END AS after
       FROM history h LEFT JOIN users u ON u.id = h.actor_id
       WHERE h.lead_id = ? ORDER BY h.seq DESC LIMIT ?`,
    ),
  };
  statementsByClient.set(client, statements);
  return statements;
}

function parseJson(text: string | null): unknown {
  return text === null ? null : (JSON.parse(text) as unknown);
}

/** The lead's card data with its newest `historyLimit` history entries; undefined when no such lead. */
export function readLeadCardSource(
  db: DbOrTx,
  leadId: string,
  historyLimit: number,
): LeadCardSource | undefined {
  const statements = prepareStatements(getClient(db));
  const stored = statements.row.get(leadId);
  if (stored === undefined) return undefined;
  return {
    row: { ...stored, scoreDetail: parseJson(stored.scoreDetail) },
    qualification: statements.qualification.all(leadId),
    history: statements.history.all(leadId, historyLimit).map((entry) => ({
      at: entry.at,
      action: entry.action,
      actorName: entry.actorName,
      before: parseJson(entry.before),
      after: parseJson(entry.after),
    })),
  };
}
