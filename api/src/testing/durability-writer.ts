// Child process of client.test.ts: writes notes one transaction at a time and prints each id once committed.

import { loadDefaultRuleset } from '../db/active-ruleset';
import { migrate, openDatabase } from '../db/client';
import { insertUser } from '../db/users';
import { addNote, createLead } from '../services/lead-writes';

const [path = ''] = process.argv.slice(2);
const db = openDatabase(path);
migrate(db);
const now = new Date();
const ruleset = loadDefaultRuleset();
const user = insertUser(
  db,
  { name: 'Writer', email: `writer-${process.pid}@leadlight.test`, role: 'rep' },
  { actorId: null, now: now.toISOString() },
);
const context = { actor: { id: user.id, role: 'rep' as const }, now, ruleset };
const lead = db.transaction((tx) =>
  createLead(
    tx,
    {
      person: { fullName: 'Durable Dana' },
      company: { name: 'Disk Co', domain: 'disk-co.com' },
      identities: { emails: ['dana@disk-co.com'], phones: [] },
      source: {},
      tags: [],
      totals: {},
      custom: {},
    },
    context,
  ),
);
for (let index = 0; ; index += 1) {
  const note = db.transaction((tx) => addNote(tx, lead.row.id, `note ${index}`, context));
  process.stdout.write(`${note.id}\n`);
}
