import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ApiProcess, addUser, callApi, findFreePort, startApi } from './support/api-process';

const kills = 3;
const ackedTarget = 1_050;
const writers = 8;
/** A key the crash left unanswered is retried (same key, same body) at most this often. */
const maxTriesPerKey = 4;

type KeyState = 'acked' | 'unknown';

describe('SIGKILL while a client streams idempotent note writes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leadlight-kill-'));
  let api: ApiProcess | undefined;

  afterAll(async () => {
    await api?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`keeps every acknowledged write exactly once across ${kills} kills (≥ ${ackedTarget} acknowledged)`, {
    timeout: 240_000,
  }, async () => {
    const dbPath = join(dir, 'leadlight.db');
    const token = addUser(dbPath, 'rep', 'kill.rep@leadlight.test');
    const port = await findFreePort();
    api = await startApi(dbPath, port);
    const baseUrl = api.baseUrl;

    const capture = await callApi(baseUrl, token, 'POST', '/leads/capture', {
      body: {
        site: 'linkedin',
        pageUrl: 'https://www.linkedin.com/in/kill-test/',
        fullName: 'Kill Test',
        companyName: 'Durable Co',
        companyDomain: 'durable-co.example-corp.com',
        email: 'kill.test@durable-co.example-corp.com',
      },
    });
    const captured = JSON.parse(capture.text) as {
      lead?: { id: string };
      error?: { details?: { leadId?: string } };
    };
    const leadId = captured.lead?.id ?? captured.error?.details?.leadId;
    if (leadId === undefined) throw new Error(`capture failed: ${capture.status} ${capture.text}`);

    const states = new Map<string, KeyState>();
    const retryQueue: string[] = [];
    const attempts = new Map<string, number>();
    const unexpected: string[] = [];
    let nextNumber = 0;
    let acked = 0;
    let killsDone = 0;
    let isStopping = false;
    let isDown = false;
    let stuckInProgress = 0;
    const retried = new Set<string>();
    const bodyOf = (key: string) => ({ body: `fault note ${key}` });

    async function write(key: string): Promise<void> {
      const response = await callApi(baseUrl, token, 'POST', `/leads/${leadId}/notes`, {
        body: bodyOf(key),
        headers: { 'idempotency-key': key },
      });
      if (response.status === 201) {
        if (states.get(key) !== 'acked') acked += 1;
        states.set(key, 'acked');
        return;
      }
      states.set(key, 'unknown');
      retried.add(key);
      if (response.status === 0 || response.status >= 500 || response.status === 409) {
        if (response.status === 409) stuckInProgress += 1;
        const tries = (attempts.get(key) ?? 0) + 1;
        attempts.set(key, tries);
        if (tries < maxTriesPerKey) retryQueue.push(key);
        return;
      }
      unexpected.push(`${key}: ${response.status} ${response.text.slice(0, 200)}`);
    }

    async function runWriter(): Promise<void> {
      while (!isStopping) {
        if (isDown) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          continue;
        }
        // Retry what the crash left unanswered with the same key, at most a few times each, before new writes.
        const key = retryQueue.shift() ?? `note-${nextNumber++}`;
        await write(key);
      }
    }

    const writing = Array.from({ length: writers }, () => runWriter());
    for (let kill = 1; kill <= kills; kill += 1) {
      const threshold = Math.round((ackedTarget * kill) / (kills + 1)) + Math.floor(Math.random() * 40);
      while (acked < threshold) await new Promise((resolve) => setTimeout(resolve, 20));
      isDown = true;
      await api.kill();
      killsDone += 1;
      const restartedAt = performance.now();
      api = await startApi(dbPath, port);
      isDown = false;
      console.log(
        `kill ${kill} at ${acked} acknowledged; restart took ${Math.round(performance.now() - restartedAt)} ms`,
      );
    }
    while (acked < ackedTarget) await new Promise((resolve) => setTimeout(resolve, 20));
    isStopping = true;
    await Promise.all(writing);
    // Every key the crashes left unanswered must go through on the live server: a key is stored with its write in
    // one transaction, so none can stay stuck "in progress".
    retryQueue.splice(0);
    for (const [key, state] of [...states]) if (state === 'unknown') await write(key);

    expect(unexpected).toEqual([]);
    expect(stuckInProgress).toBe(0);
    expect(killsDone).toBe(kills);
    expect(acked).toBeGreaterThanOrEqual(ackedTarget);

    const list = await callApi(baseUrl, token, 'GET', `/leads/${leadId}/notes`);
    expect(list.status).toBe(200);
    const counts = new Map<string, number>();
    for (const note of (JSON.parse(list.text) as { items: { body: string }[] }).items) {
      const key = note.body.replace('fault note ', '');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const ackedKeys = [...states].filter(([, state]) => state === 'acked').map(([key]) => key);
    const missingOrDoubled = ackedKeys.filter((key) => counts.get(key) !== 1);
    expect(missingOrDoubled).toEqual([]);
    const doubled = [...counts].filter(([, count]) => count > 1);
    expect(doubled).toEqual([]);
    const unanswered = [...states].filter(([, state]) => state === 'unknown').map(([key]) => key);
    expect(unanswered).toEqual([]);

    // A replay of acknowledged keys answers the first response and writes nothing.
    for (const key of ackedKeys.slice(0, 20)) {
      const replay = await callApi(baseUrl, token, 'POST', `/leads/${leadId}/notes`, {
        body: bodyOf(key),
        headers: { 'idempotency-key': key },
      });
      expect(replay.status).toBe(201);
    }
    const after = await callApi(baseUrl, token, 'GET', `/leads/${leadId}/notes`);
    expect((JSON.parse(after.text) as { items: unknown[] }).items.length).toBe(
      (JSON.parse(list.text) as { items: unknown[] }).items.length,
    );
    console.log(
      `kill -9: ${acked} acknowledged, ${killsDone} kills, ${retried.size} keys answered only after a retry, ` +
        `${stuckInProgress} retries answered 409 in-progress`,
    );
  });
});
