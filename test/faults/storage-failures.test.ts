import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findResponseProblem } from '../fuzz/support/response-checks';
import { type ApiProcess, addUser, callApi, findFreePort, startApi } from './support/api-process';

const run = (command: string, args: string[]) => spawnSync(command, args, { encoding: 'utf8' });

const isRoot = process.platform === 'linux' && process.getuid?.() === 0;

/** Root can mount a small tmpfs: a disk that really fills up. */
function canMountTmpfs(): boolean {
  if (!isRoot) return false;
  const probe = mkdtempSync(join(tmpdir(), 'leadlight-probe-'));
  const isMounted = run('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe]).status === 0;
  if (isMounted) run('umount', [probe]);
  rmSync(probe, { recursive: true, force: true });
  return isMounted;
}

/**
 * `chattr +i` makes a file read-only even for root and even through descriptors already open (ext4 enforces this;
 * tmpfs does not, hence the probe on the filesystem the test uses). chmod 0444 would not stop root.
 */
function canMakeImmutable(): boolean {
  if (!isRoot) return false;
  const probe = join(mkdtempSync(join(tmpdir(), 'leadlight-probe-')), 'file');
  const fd = openSync(probe, 'w');
  let isEnforced = false;
  try {
    writeSync(fd, 'a');
    if (run('chattr', ['+i', probe]).status !== 0) return false;
    try {
      writeSync(fd, 'b');
    } catch {
      isEnforced = true;
    }
  } finally {
    run('chattr', ['-i', probe]);
    closeSync(fd);
    rmSync(join(probe, '..'), { recursive: true, force: true });
  }
  return isEnforced;
}

interface WriteOutcome {
  key: string;
  status: number;
  text: string;
}

/** What a failed write must look like: a JSON error with a code, no stack, no driver internals. */
function describeFailure(outcome: WriteOutcome): string | null {
  const problem = findResponseProblem({
    status: 499,
    text: outcome.text,
    headers: new Headers({ 'content-type': 'application/json' }),
  });
  return problem;
}

/** A running API on a database in `dir`, one rep with a token and one lead, and the notes it acknowledged. */
function useApiIn(prefix: string, mountTmpfs: boolean) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const dbPath = join(dir, 'leadlight.db');
  const state = { api: undefined as ApiProcess | undefined, token: '', leadId: '', acked: new Set<string>() };

  beforeAll(async () => {
    if (mountTmpfs) expect(run('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', dir]).status).toBe(0);
    state.token = addUser(dbPath, 'rep', 'storage.rep@leadlight.test');
    state.api = await startApi(dbPath, await findFreePort());
    const capture = await callApi(state.api.baseUrl, state.token, 'POST', '/leads/capture', {
      body: {
        site: 'gmail',
        pageUrl: 'https://mail.google.com/',
        fullName: 'Storage Test',
        companyName: 'Storage Co',
        email: 'storage@storage-co.example-corp.com',
      },
    });
    const body = JSON.parse(capture.text) as {
      lead?: { id: string };
      error?: { details?: { leadId?: string } };
    };
    state.leadId = body.lead?.id ?? body.error?.details?.leadId ?? '';
    expect(state.leadId).not.toBe('');
  });

  afterAll(async () => {
    await state.api?.kill();
    for (const suffix of ['', '-wal', '-shm']) run('chattr', ['-i', `${dbPath}${suffix}`]);
    if (mountTmpfs) run('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  });

  async function writeNote(key: string, size = 8000): Promise<WriteOutcome> {
    const api = state.api as ApiProcess;
    const response = await callApi(api.baseUrl, state.token, 'POST', `/leads/${state.leadId}/notes`, {
      body: { body: `${key} ${'x'.repeat(size)}` },
      headers: { 'idempotency-key': key },
    });
    if (response.status === 201) state.acked.add(key);
    return { key, ...response };
  }

  /** Every acknowledged note is stored exactly once; a failed one at most once. */
  async function expectStoredOnce(failed: WriteOutcome[]): Promise<void> {
    const api = state.api as ApiProcess;
    const list = await callApi(api.baseUrl, state.token, 'GET', `/leads/${state.leadId}/notes`);
    expect(list.status).toBe(200);
    const counts = new Map<string, number>();
    for (const note of (JSON.parse(list.text) as { items: { body: string }[] }).items) {
      const key = note.body.split(' ')[0] as string;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (const key of state.acked) expect(counts.get(key), key).toBe(1);
    for (const outcome of failed) expect(counts.get(outcome.key) ?? 0).toBeLessThanOrEqual(1);
  }

  return { dir, dbPath, writeNote, expectStoredOnce };
}

/** A failed write must be 503 storage_unavailable: a JSON error with a code, no stack and no driver internals. */
function expectCleanFailure(outcome: WriteOutcome): void {
  expect(outcome.status, outcome.text).toBe(503);
  expect((JSON.parse(outcome.text) as { error: { code: string } }).error.code).toBe('storage_unavailable');
  expect(describeFailure(outcome)).toBeNull();
}

describe.skipIf(!canMountTmpfs())('storage failure: the disk is full (a 24 MiB tmpfs)', () => {
  const { dir, writeNote, expectStoredOnce } = useApiIn('leadlight-full-', true);

  it('answers with an error, acknowledges nothing it did not store, and recovers when space is freed', async () => {
    for (let index = 0; index < 5; index += 1)
      expect((await writeNote(`before-full-${index}`)).status).toBe(201);
    const fillerPath = join(dir, 'filler');
    const filler = openSync(fillerPath, 'w');
    const block = Buffer.alloc(64 * 1024, 1);
    try {
      for (;;) writeSync(filler, block);
    } catch {
      // ENOSPC: the disk is full now
    } finally {
      closeSync(filler);
    }
    const failed: WriteOutcome[] = [];
    for (let index = 0; index < 400 && failed.length < 5; index += 1) {
      const outcome = await writeNote(`full-${index}`);
      if (outcome.status !== 201) failed.push(outcome);
    }
    console.log(
      `disk full: ${failed.length} failed writes answered ${failed.map((f) => f.status).join(', ')}: ${failed[0]?.text}`,
    );
    expect(failed.length).toBeGreaterThan(0);
    for (const outcome of failed) expectCleanFailure(outcome);

    rmSync(fillerPath);
    // The same keys again: a failed request must not have claimed its Idempotency-Key for good.
    for (const outcome of failed) expect((await writeNote(outcome.key)).status).toBe(201);
    expect((await writeNote('after-full')).status).toBe(201);
    await expectStoredOnce(failed);
  });
});

describe.skipIf(!canMakeImmutable())('storage failure: the database file turns read-only (chattr +i)', () => {
  const { dbPath, writeNote, expectStoredOnce } = useApiIn('leadlight-readonly-', false);

  it('answers with an error, acknowledges nothing, and recovers when the file is writable again', async () => {
    expect((await writeNote('before-readonly', 100)).status).toBe(201);
    // The database and its WAL turn read-only. Not the -shm: SQLite maps it into memory, and a write fault on an
    // immutable mapping is SIGBUS (the process dies like kill -9, old code too on any write without a key), which no
    // answer can report; kill-during-writes covers that crash.
    const files = ['', '-wal'].map((suffix) => `${dbPath}${suffix}`);
    const failed: WriteOutcome[] = [];
    try {
      for (const file of files) expect(run('chattr', ['+i', file]).status).toBe(0);
      for (let index = 0; index < 5; index += 1) failed.push(await writeNote(`readonly-${index}`, 100));
    } finally {
      for (const file of files) run('chattr', ['-i', file]);
    }
    console.log(`read-only: writes answered ${failed.map((f) => f.status).join(', ')}: ${failed[0]?.text}`);
    for (const outcome of failed) expectCleanFailure(outcome);

    for (const outcome of failed) expect((await writeNote(outcome.key, 100)).status).toBe(201);
    expect((await writeNote('after-readonly', 100)).status).toBe(201);
    await expectStoredOnce(failed);
  });
});
