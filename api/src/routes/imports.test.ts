// Real uploads through the whole app; generous timeouts because the shared machine is slow, not to time anything.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  ImportJob,
  ImportProgress,
  ImportRowIssue,
  LeadListResponse,
  ReviewQueueResponse,
} from '@leadlight/contract';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { systemClock } from '../clock';
import { loadConfig } from '../config';
import { closeDatabase, migrate, openDatabase } from '../db/client';
import { updateImportJob } from '../db/imports';
import { insertUser, issueToken } from '../db/users';
import {
  cancelImportJob,
  createBufferSource,
  createImportJob,
  importHeartbeatStaleMs,
  runImportJob,
  startImportJob,
  waitForImportJob,
} from '../services/import-leads';
import { createLeadViaApi, strongLead } from '../testing/leads';
import { createTestContext, readJson, type TestContext, testNow } from '../testing/test-context';

type ErrorBody = { error: { code: string; message: string; details?: Record<string, unknown> } };

const salesforceCsv = readFileSync(
  new URL('../../../test/fixtures/crm/salesforce-leads-demo-org.csv', import.meta.url),
);

function upload(
  ctx: TestContext,
  body: string | Uint8Array,
  query = 'wait=true',
  options: { as?: 'rep' | 'marketer' | 'admin'; contentType?: string } = {},
) {
  return ctx.app.request(`/api/v1/imports?${query}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${ctx.users[options.as ?? 'marketer'].token}`,
      'content-type': options.contentType ?? 'text/csv',
    },
    body,
  });
}

async function importJob(
  ctx: TestContext,
  body: string | Uint8Array,
  query = 'wait=true',
): Promise<ImportJob> {
  const response = await upload(ctx, body, query);
  const json = await readJson<{ job: ImportJob } & ErrorBody>(response);
  expect(response.status, JSON.stringify(json)).toBe(200);
  return json.job;
}

async function listRows(ctx: TestContext, jobId: string, query = ''): Promise<ImportRowIssue[]> {
  const response = await ctx.request('GET', `/api/v1/imports/${jobId}/rows?${query}`, { as: 'marketer' });
  expect(response.status).toBe(200);
  return (await readJson<{ items: ImportRowIssue[] }>(response)).items;
}

function countLeads(ctx: TestContext): number {
  return (ctx.db.$client.prepare('select count(*) as n from leads').get() as { n: number }).n;
}

const header = 'First Name,Last Name,Email,Company,Title,Phone';

describe('POST /api/v1/imports', { timeout: 60_000 }, () => {
  it('imports the Salesforce demo-org export (preset detected), every row accounted for', async () => {
    const ctx = createTestContext();
    const job = await importJob(ctx, salesforceCsv);
    expect(job.status).toBe('completed');
    expect(job.mappingName).toBe('salesforce');
    expect(job.createdBy).toBe(ctx.users.marketer.id);
    const { progress } = job;
    expect(progress.totalRows).toBe(22);
    expect(progress.rowsDone).toBe(22);
    expect(
      progress.accepted + progress.review + progress.rejected + progress.duplicates + progress.merged,
    ).toBe(22);
    expect(progress.accepted).toBeGreaterThan(15);
    expect(countLeads(ctx)).toBe(progress.accepted + progress.review);
    expect(job.columns?.unmapped).toEqual([]);
    expect(job.preview).toHaveLength(10);
    expect(job.preview[0]).toMatchObject({
      rowNumber: 2,
      fullName: 'Kristen Akin',
      email: 'kakin@athenahome.com',
    });

    const lookup = await ctx.request('GET', '/api/v1/lookup?email=KAKIN@athenahome.com', { as: 'rep' });
    expect(lookup.status).toBe(200);
    const history = ctx.db.$client
      .prepare(
        "select count(*) as n from history where entity_type = 'import' and action = 'import.completed'",
      )
      .get() as { n: number };
    expect(history.n).toBe(1);

    const again = await importJob(ctx, salesforceCsv);
    expect(again.progress.duplicates).toBe(progress.accepted + progress.review);
    expect(countLeads(ctx)).toBe(progress.accepted + progress.review);
  });

  it('answers 202 with a job to poll; progress reaches the total', async () => {
    const ctx = createTestContext();
    const response = await upload(ctx, salesforceCsv, 'preset=salesforce&fileName=leads.csv');
    expect(response.status).toBe(202);
    const { job } = await readJson<{ job: ImportJob }>(response);
    expect(response.headers.get('location')).toBe(`/api/v1/imports/${job.id}`);
    expect(['queued', 'running']).toContain(job.status);
    await waitForImportJob(job.id);
    const polled = await readJson<{ job: ImportJob }>(await ctx.request('GET', `/api/v1/imports/${job.id}`));
    expect(polled.job.status).toBe('completed');
    expect(polled.job.fileName).toBe('leads.csv');
    expect(polled.job.progress.rowsDone).toBe(polled.job.progress.totalRows);
    const list = await readJson<{ items: ImportJob[] }>(await ctx.request('GET', '/api/v1/imports'));
    expect(list.items.map((item) => item.id)).toEqual([job.id]);
  });

  it('dry run: reports what would happen, with a preview, and stores no lead', async () => {
    const ctx = createTestContext();
    const dry = await importJob(ctx, salesforceCsv, 'wait=true&dryRun=true');
    expect(dry.isDryRun).toBe(true);
    expect(countLeads(ctx)).toBe(0);
    expect(dry.preview[0]?.score).not.toBeNull();
    const real = await importJob(ctx, salesforceCsv);
    expect(real.progress).toEqual(dry.progress);
    expect(real.preview.map((row) => [row.kind, row.score])).toEqual(
      dry.preview.map((row) => [row.kind, row.score]),
    );
  });

  it('reports duplicates within the file and against stored leads, never doubling them', async () => {
    const ctx = createTestContext();
    const existing = await createLeadViaApi(ctx, strongLead);
    const csv = [
      header,
      'Dana,Whitfield,dana@northwind-traders.com,Northwind Traders,Head of Operations,',
      'Dana,Whitfield,DANA@northwind-traders.com,Northwind Traders,,+1 415 555 0100',
      'Avery,Quinn,avery.quinn@quinn-robotics.com,Quinn Robotics,,',
    ].join('\n');
    const job = await importJob(ctx, csv, 'wait=true&preset=generic');
    expect(job.progress).toMatchObject({ accepted: 1, duplicates: 2, rejected: 0 });
    expect(countLeads(ctx)).toBe(2);
    const rows = await listRows(ctx, job.id, 'kind=duplicate');
    expect(rows.map((row) => row.rowNumber)).toEqual([3, 4]);
    expect(rows[0]?.messages[0]?.message).toContain('same email as row 2');
    expect(rows[1]?.leadId).toBe(existing.id);
    expect(rows[1]?.messages[0]?.message).toContain('as a stored lead');
  });

  it('merges duplicates on request: the stored lead keeps its values and gains what it lacked', async () => {
    const ctx = createTestContext();
    const existing = await createLeadViaApi(ctx, strongLead);
    const csv = [
      header,
      'Avery,Quinn,avery.quinn@quinn-robotics.com,Other Name Inc,CEO,+1 415 555 0199',
    ].join('\n');
    const job = await importJob(ctx, csv, 'wait=true&preset=generic&duplicates=merge');
    expect(job.progress).toMatchObject({ merged: 1, accepted: 0 });
    const lead = (
      await readJson<{
        lead: { company: { name: string }; identities: { phones: string[] }; version: number };
      }>(await ctx.request('GET', `/api/v1/leads/${existing.id}`))
    ).lead;
    expect(lead.company.name).toBe('Quinn Robotics');
    expect(lead.identities.phones).toEqual(['+14155550199']);
    expect(lead.version).toBeGreaterThan(existing.version);
    const history = await readJson<{ items: { action: string; actorId: string }[] }>(
      await ctx.request('GET', `/api/v1/leads/${existing.id}/history`),
    );
    expect(
      history.items.some(
        (entry) => entry.action === 'lead.updated' && entry.actorId === ctx.users.marketer.id,
      ),
    ).toBe(true);
  });

  it('applies the gate to every row: junk is stored in the review queue with its reason', async () => {
    const ctx = createTestContext();
    const csv = [header, 'Asdf,Qwerty,asdf@mailinator.com,Acme Corp,Analyst,'].join('\n');
    const job = await importJob(ctx, csv, 'wait=true&preset=generic');
    expect(job.progress).toMatchObject({ review: 1, accepted: 0 });
    const [row] = await listRows(ctx, job.id);
    expect(row?.kind).toBe('review');
    expect(row?.messages[0]?.message).toContain('mailinator.com');
    const queue = await readJson<ReviewQueueResponse>(
      await ctx.request('GET', '/api/v1/review', { as: 'marketer' }),
    );
    expect(queue.items.map((item) => item.lead.id)).toEqual([row?.leadId]);
  });

  it('rejects bad rows with reasons (JSON and a CSV download, formula-safe) and imports the rest', async () => {
    const ctx = createTestContext();
    const huge = 'x'.repeat(20_000);
    const csv = [
      header,
      'Good,Row,good.row@example-corp.com,Example Corp,Manager,',
      'Bad,Email,not-an-email,Example Corp,Manager,',
      `Huge,Cell,huge@example-corp.com,Example Corp,${huge},`,
      'Broken,Quote,bro"ken@example-corp.com,Example Corp,Manager,',
      '"=HYPERLINK(""http://evil"")",x,=1+2,Example Corp,,',
    ].join('\n');
    const job = await importJob(ctx, csv, 'wait=true&preset=generic');
    expect(job.progress).toMatchObject({ totalRows: 5, rowsDone: 5, accepted: 1, rejected: 4 });
    const rows = await listRows(ctx, job.id, 'kind=rejected');
    expect(rows.map((row) => row.rowNumber)).toEqual([3, 4, 5, 6]);
    expect(rows[0]?.messages[0]?.message).toContain('not-an-email');
    expect(rows[1]?.messages[0]).toEqual({
      column: 'Title',
      message: 'the cell has 20000 characters (limit 10000)',
    });
    expect(rows[2]?.messages[0]?.message).toContain('Invalid Opening Quote');

    const download = await ctx.request('GET', `/api/v1/imports/${job.id}/rows?format=csv`, {
      as: 'marketer',
    });
    expect(download.headers.get('content-type')).toContain('text/csv');
    expect(download.headers.get('content-disposition')).toContain('attachment');
    const text = await download.text();
    expect(text.split('\n')[0]).toBe('row,kind,column,message,external_id,lead_id');
    expect(text).toContain('not-an-email');
    expect(text).not.toMatch(/(^|,)=/m);
  });

  it('refuses a non-UTF-8 file naming the byte and line, and transcodes it with encoding=latin1', async () => {
    const ctx = createTestContext();
    const latin1 = Buffer.from(
      [
        header,
        'Ana,Lopez,ana@example-corp.com,Example Corp,,',
        'José,Núñez,jose@example-corp.com,Café Olé SA,,',
      ].join('\n'),
      'latin1',
    );
    const refused = await importJob(ctx, latin1);
    expect(refused.status).toBe('failed');
    expect(refused.error?.code).toBe('invalid_encoding');
    expect(refused.error?.message).toContain('byte 0xE9 at line 3');
    expect(countLeads(ctx)).toBe(0);

    const job = await importJob(ctx, latin1, 'wait=true&encoding=latin1&preset=generic');
    expect(job.progress.accepted).toBe(2);
    const found = await readJson<LeadListResponse>(await ctx.request('GET', '/api/v1/leads?q=jos%C3%A9'));
    expect(found.items[0]?.fullName).toBe('José Núñez');
    expect(found.items[0]?.companyName).toBe('Café Olé SA');
  });

  it('fails the whole file on a quote that is never closed, storing nothing', async () => {
    const ctx = createTestContext();
    const csv = [
      header,
      'Ok,Row,ok@example-corp.com,Example Corp,,',
      'Open,"Quote,open@example-corp.com,X,,',
    ].join('\n');
    const job = await importJob(ctx, csv, 'wait=true&preset=generic');
    expect(job.status).toBe('failed');
    expect(job.error?.code).toBe('unclosed_quote');
    expect(job.progress.rowsDone).toBe(0);
    expect(countLeads(ctx)).toBe(0);
  });

  it('fails a header that misses a column the preset requires', async () => {
    const ctx = createTestContext();
    const job = await importJob(ctx, salesforceCsv, 'wait=true&preset=x-education');
    expect(job.status).toBe('failed');
    expect(job.error?.code).toBe('invalid_header');
    expect(job.error?.message).toContain('Prospect ID');
  });

  it('takes a custom column mapping as multipart; refuses an invalid one', async () => {
    const ctx = createTestContext();
    const mapping = {
      name: 'trade-show',
      columns: [
        { column: 'Who', to: 'person.fullName' },
        { column: 'Mail', to: 'identities.emails', transforms: [{ op: 'email' }] },
        { column: 'Firm', to: 'company.name' },
      ],
      defaults: { 'source.channel': 'event' },
    };
    const form = new FormData();
    form.set('file', new File(['Who,Mail,Firm\nMina Park,mina@park-labs.io,Park Labs\n'], 'booth.csv'));
    form.set('mapping', JSON.stringify(mapping));
    const response = await ctx.app.request('/api/v1/imports?wait=true', {
      method: 'POST',
      headers: { authorization: `Bearer ${ctx.users.admin.token}` },
      body: form,
    });
    const { job } = await readJson<{ job: ImportJob }>(response);
    expect(response.status).toBe(200);
    expect(job).toMatchObject({ mappingName: 'trade-show', fileName: 'booth.csv' });
    expect(job.progress.accepted).toBe(1);
    const leads = await readJson<LeadListResponse>(await ctx.request('GET', '/api/v1/leads?source=event'));
    expect(leads.items[0]?.fullName).toBe('Mina Park');

    const bad = new FormData();
    bad.set('file', new File(['a\n1\n'], 'a.csv'));
    bad.set('mapping', JSON.stringify({ name: 'x', columns: [{ column: 'a', to: 'stage.nope' }] }));
    const refused = await ctx.app.request('/api/v1/imports', {
      method: 'POST',
      headers: { authorization: `Bearer ${ctx.users.admin.token}` },
      body: bad,
    });
    expect(refused.status).toBe(400);
    expect((await readJson<ErrorBody>(refused)).error.code).toBe('invalid_mapping');
  });

  it('refuses a body that is not the multipart its Content-Type claims (400, not 500)', async () => {
    const ctx = createTestContext();
    const response = await ctx.app.request('/api/v1/imports', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${ctx.users.admin.token}`,
        'content-type': 'multipart/form-data; boundary=x',
      },
      body: 'Who,Mail\nMina Park,mina@park-labs.io\n',
    });
    expect(response.status).toBe(400);
    expect((await readJson<ErrorBody>(response)).error.code).toBe('invalid_multipart');
  });

  it('refuses reps, other media types, empty bodies and unknown options', async () => {
    const ctx = createTestContext();
    const rep = await upload(ctx, salesforceCsv, 'wait=true', { as: 'rep' });
    expect(rep.status).toBe(403);
    expect((await readJson<ErrorBody>(rep)).error.code).toBe('role_forbidden');
    const json = await upload(ctx, '{}', 'wait=true', { contentType: 'application/json' });
    expect(json.status).toBe(415);
    const empty = await upload(ctx, '', 'wait=true');
    expect(empty.status).toBe(400);
    expect((await readJson<ErrorBody>(empty)).error.code).toBe('empty_file');
    const unknown = await upload(ctx, salesforceCsv, 'preset=nope');
    expect(unknown.status).toBe(400);
    expect((await ctx.request('GET', '/api/v1/imports/nope')).status).toBe(404);
    expect(countLeads(ctx)).toBe(0);
  });

  it('accepts an upload larger than the JSON body limit', async () => {
    const ctx = createTestContext({ bodyLimitBytes: 1024 });
    const job = await importJob(ctx, salesforceCsv);
    expect(job.status).toBe('completed');
    const tooBig = await ctx.request('POST', '/api/v1/leads', {
      as: 'marketer',
      body: { ...strongLead, custom: { note: 'x'.repeat(2000) } },
    });
    expect(tooBig.status).toBe(413);
  });
});

describe('POST /api/v1/imports/:id/cancel', { timeout: 60_000 }, () => {
  function cancel(ctx: TestContext, jobId: string, as: 'rep' | 'marketer' | 'admin' = 'marketer') {
    return ctx.request('POST', `/api/v1/imports/${jobId}/cancel`, { as });
  }

  it('stops a running import after the chunk in progress: committed rows stay, whole, and match the counts', async () => {
    const ctx = createTestContext();
    const rows = [header];
    for (let index = 1; index <= 10; index += 1) {
      rows.push(`Person,Number${index},p${index}@cancel-test.com,Cancel Test,Manager,`);
    }
    const source = createBufferSource(Buffer.from(rows.join('\n')), 'wrong-file.csv');
    let cancelled: Promise<Response> | undefined;
    const options = {
      preset: 'generic' as const,
      actor: { id: ctx.users.marketer.id, role: 'marketer' as const },
      clock: ctx.clock,
      chunkSize: 2,
      // The marketer presses Stop once the second chunk is committed; the job reads it before its next row.
      onProgress: (progress: ImportProgress) => {
        if (progress.rowsDone === 4 && !cancelled) cancelled = cancel(ctx, job.id);
      },
    };
    const job = createImportJob(ctx.db, source, options);
    const done = startImportJob(ctx.db, job.id, source, options);
    const finished = await done;
    expect(cancelled).toBeDefined();
    const response = (await cancelled) as Response;
    const body = await readJson<{ job: ImportJob } & ErrorBody>(response);
    expect(response.status, JSON.stringify(body)).toBe(200);
    expect(body.job).toEqual(finished);
    expect(body.job).toMatchObject({
      status: 'cancelled',
      cancelledBy: ctx.users.marketer.id,
      cancelledAt: testNow,
      finishedAt: testNow,
      error: null,
    });
    expect(body.job.progress).toMatchObject({ totalRows: 10, rowsDone: 4, accepted: 4 });
    // Exactly the committed chunks' leads, each with all of its identities, and nothing of the rows after them.
    expect(countLeads(ctx)).toBe(4);
    const stored = ctx.db.$client
      .prepare("select value from lead_identities where value like 'p%@cancel-test.com' order by value")
      .all() as { value: string }[];
    expect(stored.map((row) => row.value)).toEqual([
      'p1@cancel-test.com',
      'p2@cancel-test.com',
      'p3@cancel-test.com',
      'p4@cancel-test.com',
    ]);
    const polled = await readJson<{ job: ImportJob }>(await ctx.request('GET', `/api/v1/imports/${job.id}`));
    expect(polled.job).toEqual(finished);
    const history = ctx.db.$client
      .prepare(
        "select actor_id as actorId from history where entity_type = 'import' and action = 'import.cancelled'",
      )
      .all();
    expect(history).toEqual([{ actorId: ctx.users.marketer.id }]);

    const again = await cancel(ctx, job.id);
    expect(again.status).toBe(409);
    expect((await readJson<ErrorBody>(again)).error).toMatchObject({
      code: 'import_not_running',
      details: { status: 'cancelled' },
    });
  });

  it('answers 409 for a finished import, 404 for an unknown one, and refuses reps', async () => {
    const ctx = createTestContext();
    const job = await importJob(ctx, salesforceCsv);
    const finished = await cancel(ctx, job.id, 'admin');
    expect(finished.status).toBe(409);
    expect((await readJson<ErrorBody>(finished)).error).toMatchObject({
      code: 'import_not_running',
      details: { status: 'completed' },
    });
    const polled = await readJson<{ job: ImportJob }>(await ctx.request('GET', `/api/v1/imports/${job.id}`));
    expect(polled.job.status).toBe('completed');
    expect(polled.job.cancelledBy).toBeNull();

    const unknown = await cancel(ctx, '00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect((await readJson<ErrorBody>(unknown)).error.code).toBe('not_found');

    const rep = await cancel(ctx, job.id, 'rep');
    expect(rep.status).toBe(403);
    expect((await readJson<ErrorBody>(rep)).error.code).toBe('role_forbidden');
  });

  it('stops a job another process runs through its row: shown running while its heartbeat is fresh, 202 until it stops', async () => {
    const ctx = createTestContext();
    const rows = [header];
    for (let index = 1; index <= 10; index += 1)
      rows.push(`Person,Other${index},o${index}@elsewhere.com,Elsewhere,CTO,`);
    const source = createBufferSource(Buffer.from(rows.join('\n')), 'cli-file.csv');
    const options = { preset: 'generic' as const, actor: null, clock: ctx.clock, chunkSize: 2 };
    // As the CLI leaves it in the shared file: running, heartbeat now, and not a job of this server process.
    const job = createImportJob(ctx.db, source, options);
    updateImportJob(ctx.db, job.id, { status: 'running', heartbeatAt: testNow });
    const shown = await readJson<{ job: ImportJob }>(await ctx.request('GET', `/api/v1/imports/${job.id}`));
    expect(shown.job).toMatchObject({ status: 'running', error: null, cancelRequestedAt: null });

    // That process's runner (run here without this server's bookkeeping, as `leadlight import` runs) has committed
    // its first chunk when the marketer asks; the ask does not wait for it (202), the runner reads it before its next
    // commit.
    let asked: Promise<{ job: ImportJob; isStopped: boolean }> | undefined;
    const finished = await runImportJob(ctx.db, job.id, source, {
      ...options,
      onProgress: (progress: ImportProgress) => {
        if (progress.rowsDone === 2 && !asked) {
          const marketer = { id: ctx.users.marketer.id, role: 'marketer' as const };
          asked = cancelImportJob(ctx.db, job.id, marketer, ctx.clock, { stopWaitMs: 0 });
        }
      },
    });
    const answer = await (asked as Promise<{ job: ImportJob; isStopped: boolean }>);
    expect(answer.isStopped).toBe(false);
    expect(answer.job).toMatchObject({ status: 'running', cancelRequestedAt: testNow });
    expect(finished).toMatchObject({
      status: 'cancelled',
      cancelledBy: ctx.users.marketer.id,
      cancelledAt: testNow,
    });
    expect(finished.progress.rowsDone).toBe(2);
    expect(countLeads(ctx)).toBe(2);
  });

  it('reports a running job whose heartbeat went stale as interrupted, and will not stop it', async () => {
    const ctx = createTestContext();
    const source = createBufferSource(
      Buffer.from(`${header}\nAda,Stale,ada@stale.com,Stale,CEO,`),
      'gone.csv',
    );
    const job = createImportJob(ctx.db, source, { preset: 'generic', actor: null, clock: ctx.clock });
    const lastBeat = new Date(Date.parse(testNow) - importHeartbeatStaleMs - 1000).toISOString();
    updateImportJob(ctx.db, job.id, { status: 'running', heartbeatAt: lastBeat });
    const shown = await readJson<{ job: ImportJob }>(await ctx.request('GET', `/api/v1/imports/${job.id}`));
    expect(shown.job.status).toBe('failed');
    expect(shown.job.error?.code).toBe('interrupted');
    const refused = await cancel(ctx, job.id);
    expect(refused.status).toBe(409);
    expect((await readJson<ErrorBody>(refused)).error).toMatchObject({ code: 'import_not_running' });
  });

  it('stops `leadlight import` running in its own process: the CLI ends cancelled, its committed chunks stored', {
    timeout: 120_000,
  }, async () => {
    const directory = mkdtempSync(join(tmpdir(), 'leadlight-cli-cancel-'));
    const path = join(directory, 'leadlight.db');
    const db = openDatabase(path);
    try {
      migrate(db);
      const context = { actorId: null, now: new Date().toISOString() };
      const marketer = insertUser(
        db,
        { name: 'Marketer', email: 'm@leadlight.test', role: 'marketer' },
        context,
      );
      const { secret } = issueToken(db, marketer.id, 'test', context);
      const app = createApp({ db, clock: systemClock, config: loadConfig({ databasePath: path }, {}) });
      const call = (method: string, url: string) =>
        app.request(url, { method, headers: { authorization: `Bearer ${secret}` } });

      const bin = fileURLToPath(new URL('../../bin/leadlight.mjs', import.meta.url));
      const file = fileURLToPath(
        new URL('../../../test/fixtures/leads/x-education-leads.csv', import.meta.url),
      );
      const cli = spawn(
        process.execPath,
        [bin, 'import', file, '--preset', 'x-education', '--db', path, '--json'],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let stdout = '';
      let stderr = '';
      cli.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
      });
      cli.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
      });
      const exited = new Promise<number | null>((resolve) => cli.on('exit', resolve));

      // The CLI's job, once it has committed a chunk (it reads the stop request after each one).
      let running: ImportJob | undefined;
      while (!running) {
        const list = await readJson<{ items: ImportJob[] }>(await call('GET', '/api/v1/imports'));
        running = list.items.find((item) => item.status === 'running' && item.progress.rowsDone > 0);
        if (!running) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      // While the CLI holds SQLite's write lock for a chunk, the API's write of the request can wait out its busy
      // timeout and answer 503 "retry later" (SQLite's lock is not fair): a client retries, and so does this test.
      let stop = await call('POST', `/api/v1/imports/${running.id}/cancel`);
      for (let attempt = 1; stop.status === 503 && attempt < 5; attempt += 1) {
        stop = await call('POST', `/api/v1/imports/${running.id}/cancel`);
      }
      if (stop.status !== 200 && stop.status !== 202) await exited;
      expect(
        [200, 202],
        `${await stop.clone().text()}\n${stdout.slice(0, 2000)}\n${stderr.slice(-2000)}`,
      ).toContain(stop.status);

      expect(await exited).toBe(1);
      const report = JSON.parse(stdout) as { job: ImportJob };
      expect(report.job).toMatchObject({ id: running.id, status: 'cancelled', cancelledBy: marketer.id });
      const { rowsDone, accepted, review } = report.job.progress;
      expect(rowsDone).toBeGreaterThan(0);
      expect(rowsDone).toBeLessThan(9240);
      expect(rowsDone % 250).toBe(0);
      const leads = (db.$client.prepare('select count(*) as n from leads').get() as { n: number }).n;
      expect(leads).toBe(accepted + review);
      const polled = await readJson<{ job: ImportJob }>(await call('GET', `/api/v1/imports/${running.id}`));
      expect(polled.job).toEqual(report.job);
    } finally {
      closeDatabase(db);
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
