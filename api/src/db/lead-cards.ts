import type { QualificationState } from '@leadlight/contract';
import type Database from 'better-sqlite3';
import type { IdentityKey } from '../lib/identity-keys';
import { type DbOrTx, findSqliteClient } from './client';
import type { LeadRow } from './leads';

/**
 * The lookup's hot path (the overlay asks on every profile and mail it shows): exactly what a lead card is built
 * from, with only the columns the card uses, in ONE statement: the lead row, its qualification states and its newest
 * history entries (aggregated to JSON by SQLite), found by id or straight from an identity. Profiled under load, each
 * SQLite call of a request cost 15-25 µs whatever it did (two fcntl lock calls on the WAL file, a cold statement):
 * four statements per card made the reads most of a lookup. Plain statements, not drizzle queries: drizzle maps every
 * column of every row (JSON columns parsed), which cost more than the reads themselves. json_group_array and
 * json_array are SQLite's; PostgreSQL's are json_agg and json_build_array, the rest of the SQL is portable.
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
  byId: Database.Statement<[{ leadId: string }], StoredCard>;
  byIdentity: Database.Statement<[IdentityKey], StoredCard>;
}

type StoredCard = Omit<CardRow, 'scoreDetail'> & {
  scoreDetail: string | null;
  /** JSON: [[itemId, state], …] */
  qualification: string;
  /** JSON: [[seq, at, action, actorName, before, after], …]; before and after are JSON text */
  history: string;
};

type StoredHistoryEntry = [number, string, string, string | null, string | null, string | null];

/** Per connection, per history length (a literal in the SQL: as a bound parameter the LIMIT made the read 4x slower). */
const statementsByClient = new WeakMap<Database.Database, Map<number, CardStatements>>();

function getClient(db: DbOrTx): Database.Database {
  const client = findSqliteClient(db);
  if (client === undefined) throw new Error('lead cards need a better-sqlite3 connection');
  return client;
}

/**
 * "Created" is all a creation entry says on the card: its after-image (the whole lead) is not read. The history
 * entries come back unordered (an ORDER BY inside json_group_array costs a temporary B-tree): they carry their seq.
 */
function selectCard(historyLimit: number): string {
  return `SELECT l.id, l.stage, l.score, l.grade, l.score_detail AS scoreDetail, l.attempt_count AS attemptCount,
    l.review_state AS reviewState, l.recycle_at AS recycleAt, l.sla_due_at AS slaDueAt,
    l.last_attempt_at AS lastAttemptAt, l.stage_entered_at AS stageEnteredAt, l.full_name AS fullName,
    l.company_name AS companyName,
    (SELECT json_group_array(json_array(q.item_id, q.state)) FROM qualification_answers q WHERE q.lead_id = l.id)
      AS qualification,
    (SELECT json_group_array(json_array(e.seq, e.at, e.action, e.actorName, e.before, e.after))
       FROM (SELECT h.seq, h.at, h.action, u.name AS actorName,
               CASE WHEN h.action = 'lead.created' THEN NULL ELSE h.before END AS before,
               CASE WHEN h.action = 'lead.created' THEN NULL ELSE h.after END AS after
             FROM history h LEFT JOIN users u ON u.id = h.actor_id
             WHERE h.lead_id = l.id ORDER BY h.seq DESC LIMIT ${historyLimit}) e) AS history`;
}

function prepareStatements(client: Database.Database, historyLimit: number): CardStatements {
  if (!Number.isSafeInteger(historyLimit) || historyLimit < 0) {
    throw new RangeError(`history limit must be a whole number, not ${historyLimit}`);
  }
  let byLimit = statementsByClient.get(client);
  if (!byLimit) {
    byLimit = new Map();
    statementsByClient.set(client, byLimit);
  }
  let statements = byLimit.get(historyLimit);
  if (statements) return statements;
  const select = selectCard(historyLimit);
  statements = {
    byId: client.prepare(`${select} FROM leads l WHERE l.id = @leadId`),
    byIdentity: client.prepare(
      `${select} FROM lead_identities i JOIN leads l ON l.id = i.lead_id WHERE i.kind = @kind AND i.value = @value`,
    ),
  };
  byLimit.set(historyLimit, statements);
  return statements;
}

function parseJson(text: string | null): unknown {
  return text === null ? null : (JSON.parse(text) as unknown);
}

function toCardSource(stored: StoredCard | undefined): LeadCardSource | undefined {
  if (stored === undefined) return undefined;
  const { qualification, history, scoreDetail, ...row } = stored;
  return {
    row: { ...row, scoreDetail: parseJson(scoreDetail) },
    qualification: (JSON.parse(qualification) as [string, QualificationState][]).map(([itemId, state]) => ({
      itemId,
      state,
    })),
    history: (JSON.parse(history) as StoredHistoryEntry[])
      .sort((a, b) => b[0] - a[0])
      .map(([, at, action, actorName, before, after]) => ({
        at,
        action,
        actorName,
        before: parseJson(before),
        after: parseJson(after),
      })),
  };
}

/** The lead's card data with its newest `historyLimit` history entries; undefined when no such lead. */
export function readLeadCardSource(
  db: DbOrTx,
  leadId: string,
  historyLimit: number,
): LeadCardSource | undefined {
  return toCardSource(prepareStatements(getClient(db), historyLimit).byId.get({ leadId }));
}

/** The same, for the lead that holds an identity (unique per kind and value); undefined when none does. */
export function readLeadCardSourceByIdentity(
  db: DbOrTx,
  identity: IdentityKey,
  historyLimit: number,
): LeadCardSource | undefined {
  return toCardSource(prepareStatements(getClient(db), historyLimit).byIdentity.get(identity));
}
