import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { createFixedClock } from '../clock';
import { migrate, openDatabase } from '../db/client';
import { createBufferSource, createImportJob, importCsvFile, runImportJob } from './import-leads';

const xEducationFile = fileURLToPath(
  new URL('../../../test/fixtures/leads/x-education-leads.csv', import.meta.url),
);

function openTestDb() {
  const db = openDatabase(':memory:');
  migrate(db);
  return db;
}

function count(db: ReturnType<typeof openTestDb>, sql: string): number {
  return (db.$client.prepare(sql).get() as { n: number }).n;
}

describe('importCsvFile', () => {
  // The whole real file once: 9,240 rows through the gate, scoring and history (slow on a loaded machine).
  it('imports the 9,240 X Education leads with their outcomes; a second run only finds duplicates', {
    timeout: 600_000,
  }, async () => {
    const db = openTestDb();
    const clock = createFixedClock('2026-11-24T09:00:00.000Z');
    const job = await importCsvFile(db, xEducationFile, { preset: 'x-education', actor: null, clock });
    expect(job.status).toBe('completed');
    expect(job.mappingName).toBe('x-education');
    expect(job.progress).toMatchObject({
      totalRows: 9240,
      rowsDone: 9240,
      rejected: 0,
      duplicates: 0,
      withOutcome: 9240,
    });
    // No email, phone, LinkedIn or company in this data set: the default ruleset's gate sends every row to review.
    expect(job.progress.accepted + job.progress.review).toBe(9240);
    expect(count(db, 'select count(*) as n from leads')).toBe(9240);
    expect(count(db, 'select count(*) as n from leads where has_converted = 1')).toBe(3561);
    expect(count(db, 'select count(*) as n from leads where has_converted = 0')).toBe(5679);
    expect(count(db, 'select count(*) as n from lead_external_ids')).toBe(9240);
    expect(
      count(db, "select count(*) as n from history where action = 'lead.created' and actor_id is null"),
    ).toBe(9240);

    const again = await importCsvFile(db, xEducationFile, { preset: 'auto', actor: null, clock });
    expect(again.mappingName).toBe('x-education');
    expect(again.progress).toMatchObject({ rowsDone: 9240, duplicates: 9240, accepted: 0, review: 0 });
    expect(count(db, 'select count(*) as n from leads')).toBe(9240);
  });

  it('commits whole chunks: a failure keeps the chunks before it and no part of its own', async () => {
    const db = openTestDb();
    db.$client.exec(
      "create temp trigger boom before insert on leads when new.full_name = 'Boom Person' begin select raise(abort, 'disk on fire'); end",
    );
    const rows = ['Name,Email,Company'];
    for (let index = 1; index <= 5; index += 1) {
      rows.push(`${index === 4 ? 'Boom Person' : `Person ${index}`},p${index}@chunk-test.com,Chunk Test`);
    }
    const source = createBufferSource(Buffer.from(rows.join('\n')), 'chunks.csv');
    const options = { preset: 'generic' as const, actor: null, chunkSize: 2 };
    const job = createImportJob(db, source, options);
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const done = await runImportJob(db, job.id, source, options);
    expect(logged).toHaveBeenCalledOnce();
    logged.mockRestore();
    expect(done.status).toBe('failed');
    expect(done.error?.code).toBe('import_failed');
    expect(done.error?.message).toContain('disk on fire');
    expect(done.progress.rowsDone).toBe(2);
    expect(count(db, 'select count(*) as n from leads')).toBe(2);
    expect(count(db, "select count(*) as n from lead_identities where value like 'p3@%'")).toBe(0);
  });
});
