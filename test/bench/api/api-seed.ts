import { getActiveRuleset } from '@leadlight/api/src/db/active-ruleset';
import type { Db } from '@leadlight/api/src/db/client';
import { createLead } from '@leadlight/api/src/services/lead-writes';

/** The email of synthetic lead number `n` (1-based): what the lookup benchmark asks for. */
export function benchEmail(n: number): string {
  return `person${String(n).padStart(7, '0')}@bench-corp.example`;
}

export function benchLeadId(n: number): string {
  return `bench-${String(n).padStart(7, '0')}`;
}

/**
 * One real lead through the API's own createLead (identities, gate, scoring, history): every synthetic lead is a
 * copy of it, so a lookup reads what a real one reads (profile, score explanation, tags, three history entries).
 */
export function createTemplateLead(db: Db): string {
  const record = db.transaction((tx) =>
    createLead(
      tx,
      {
        person: { fullName: 'Template Person', title: 'VP Sales', seniority: 'vp' },
        company: { name: 'Bench Corp', domain: 'bench-corp.example', size: 1200, industry: 'software' },
        identities: { emails: ['template@bench-corp.example'], phones: [] },
        source: { channel: 'web_form', campaign: 'bench' },
        tags: ['bench'],
        totals: {},
        custom: {},
      },
      { actor: null, now: new Date('2026-11-24T09:00:00.000Z'), ruleset: getActiveRuleset(db) },
    ),
  );
  return record.row.id;
}

/**
 * Adds copies `from`…`to` (inclusive) of the template, each with its own id, name and email identity, with
 * INSERT … SELECT over a recursive counter: SQLite builds the rows itself, about a hundred times faster than a
 * statement per row, so a million leads take seconds, not minutes. Benchmark scaffolding, not an API path.
 */
export function copyTemplateLead(db: Db, templateId: string, from: number, to: number): void {
  const sqlite = db.$client;
  const columns = (
    sqlite.prepare('select name from pragma_table_info(?)').all('leads') as { name: string }[]
  ).map((column) => column.name);
  const expressions = columns.map((name) => {
    if (name === 'id') return "printf('bench-%07d', n)";
    if (name === 'full_name') return "full_name || ' ' || n";
    if (name === 'name_key') return "name_key || ' ' || n";
    return `t.${name}`;
  });
  const counter = 'with recursive seq(n) as (select @from union all select n + 1 from seq where n < @to)';
  const statements = [
    `${counter} insert into leads (${columns.join(', ')}) select ${expressions.join(', ')} from seq, leads t where t.id = @template`,
    `${counter} insert into lead_identities (kind, value, lead_id) select 'email', printf('person%07d@bench-corp.example', n), printf('bench-%07d', n) from seq`,
    `${counter} insert into lead_tags (lead_id, tag) select printf('bench-%07d', n), tag from seq, lead_tags where lead_id = @template`,
    `${counter} insert into history (entity_type, entity_id, lead_id, action, actor_id, at, before, after) select h.entity_type, printf('bench-%07d', n), printf('bench-%07d', n), h.action, h.actor_id, h.at, h.before, h.after from seq, history h where h.lead_id = @template`,
  ].map((sql) => sqlite.prepare(sql));
  // Seeding only: no journal and no fsync while copying (written once, not to the WAL and then the file), a large
  // page cache; the API's own settings (WAL, synchronous=FULL) are back before anything is measured.
  const cacheSize = sqlite.pragma('cache_size', { simple: true }) as number;
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.pragma('journal_mode = OFF');
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('cache_size = -262144');
  try {
    const batch = 100_000;
    for (let start = from; start <= to; start += batch) {
      const end = Math.min(to, start + batch - 1);
      sqlite.transaction(() => {
        for (const statement of statements) statement.run({ from: start, to: end, template: templateId });
      })();
    }
  } finally {
    sqlite.pragma(`cache_size = ${cacheSize}`);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
  }
}
