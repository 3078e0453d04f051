import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ServerType, serve } from '@hono/node-server';
import { createApp } from '@leadlight/api/src/app';
import { systemClock } from '@leadlight/api/src/clock';
import { loadConfig } from '@leadlight/api/src/config';
import { closeDatabase, type Db, migrate, openDatabase } from '@leadlight/api/src/db/client';
import { readGroupCommitStats } from '@leadlight/api/src/db/group-commit';
import { insertUser, issueToken } from '@leadlight/api/src/db/users';
import { Hono } from 'hono';
import type { BenchFigure, BenchModule } from '../bench-module';
import { benchEmail, copyTemplateLead, createTemplateLead } from './api-seed';
import { createRandom, type LoadMessage, type LoadRequest, type LoadResult } from './load-client';

const loadSeconds = 8;
const warmupSeconds = 2;
const lookupConnections = 50;
const noteConnections = 16;
const inProcessLookups = 3_000;

/**
 * Process CPU time in ms. The machine is shared (2 cores, other jobs): wall-clock rates measure the neighbours too,
 * so each load run also reports CPU ms per request, which they disturb far less.
 */
function cpuNow(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** Median and 99th percentile of in-process lookups (app.request: routing, auth, query, card), in ms. */
async function timeLookups(app: ReturnType<typeof createApp>, token: string, leadCount: number) {
  const random = createRandom(0x5eed);
  const headers = { authorization: `Bearer ${token}` };
  for (let index = 0; index < 300; index += 1) {
    await app.request(`/api/v1/lookup?email=${benchEmail(random(leadCount))}`, { headers });
  }
  const times: number[] = [];
  const cpuStarted = cpuNow();
  for (let index = 0; index < inProcessLookups; index += 1) {
    const started = performance.now();
    const response = await app.request(`/api/v1/lookup?email=${benchEmail(random(leadCount))}`, { headers });
    if (response.status !== 200) throw new Error(`lookup answered ${response.status}`);
    await response.arrayBuffer();
    times.push(performance.now() - started);
  }
  const cpuPerLookup = (cpuNow() - cpuStarted) / inProcessLookups;
  times.sort((a, b) => a - b);
  const at = (share: number) => times[Math.min(times.length - 1, Math.floor(times.length * share))] as number;
  return { median: at(0.5), p99: at(0.99), cpuPerLookup };
}

/**
 * An autocannon run from its own process (load-client.ts), with the CPU ms the server process spent per completed
 * request: the client's CPU is not the server's.
 */
async function runLoad(
  request: Omit<LoadRequest, 'seconds' | 'warmupSeconds'>,
): Promise<LoadResult & { cpuPerRequest: number }> {
  const child = fork(fileURLToPath(new URL('./load-client.ts', import.meta.url)), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let started = cpuNow();
  const result = await new Promise<LoadResult>((resolve, reject) => {
    child.on('message', (message: LoadMessage) => {
      // The warm-up is over: the server CPU of the measured run starts here.
      if ('isMeasuring' in message) started = cpuNow();
      else if (message.ok) resolve(message.result);
      else reject(new Error(`load client: ${message.error}`));
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`load client exited with ${code} before answering`)));
    child.send({ ...request, seconds: loadSeconds, warmupSeconds } satisfies LoadRequest);
  });
  return { ...result, cpuPerRequest: (cpuNow() - started) / Math.max(1, result.total) };
}

function assertClean(result: LoadResult, what: string) {
  if (result.errors > 0 || result.timeouts > 0 || result.non2xx > 0) {
    throw new Error(
      `${what}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx answers`,
    );
  }
}

function timeSeeding(log: (line: string) => void, db: Db, templateId: string, from: number, to: number) {
  const started = performance.now();
  copyTemplateLead(db, templateId, from, to);
  log(
    `seeded leads ${from.toLocaleString('en-US')}–${to.toLocaleString('en-US')} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

/**
 * The API under load on a real SQLite file (WAL, synchronous=FULL): one database grown from 10,000 to 100,000 to
 * 1,000,000 leads. Loopback only; autocannon runs in a process of its own (load-client.ts), against this process's
 * server for both the lookup and the bare route it is compared with, so the ratio is like for like.
 */
export const apiBench: BenchModule = {
  name: 'api',
  description:
    'lookup throughput and p99 (50 conn., 100k leads) vs a bare Hono route; durable note writes; lookup at 1M vs 10k leads',
  async run(log) {
    const directory = mkdtempSync(join(tmpdir(), 'leadlight-bench-'));
    const db = openDatabase(join(directory, 'bench.db'));
    let server: ServerType | undefined;
    try {
      migrate(db);
      const now = new Date().toISOString();
      const rep = insertUser(
        db,
        { name: 'Bench Rep', email: 'rep@bench.example', role: 'rep' },
        { actorId: null, now },
      );
      const { secret: token } = issueToken(db, rep.id, 'bench', { actorId: null, now });
      const config = loadConfig(
        { databasePath: join(directory, 'bench.db'), authFailureLimit: 1_000_000 },
        {},
      );
      const app = createApp({ db, clock: systemClock, config });
      const templateId = createTemplateLead(db);
      const figures: BenchFigure[] = [];

      timeSeeding(log, db, templateId, 1, 10_000);
      const small = await timeLookups(app, token, 10_000);
      log(
        `in-process lookup at 10,000 leads: median ${small.median.toFixed(3)} ms, p99 ${small.p99.toFixed(3)} ms, ${small.cpuPerLookup.toFixed(3)} CPU ms/lookup`,
      );

      timeSeeding(log, db, templateId, 10_001, 100_000);
      const root = new Hono();
      root.get('/bench/bare', (c) => c.json({ ok: true }));
      root.route('/', app);
      const address = await new Promise<AddressInfo>((resolve) => {
        server = serve({ fetch: root.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(info));
      });
      const url = `http://127.0.0.1:${address.port}`;
      const load = { url, token, leadCount: 100_000 };

      const bare = await runLoad({ ...load, scenario: 'bare', connections: lookupConnections });
      assertClean(bare, 'bare route');
      const lookup = await runLoad({ ...load, scenario: 'lookup', connections: lookupConnections });
      assertClean(lookup, 'lookup');
      log(
        `bare route: ${Math.round(bare.requestsPerSecond)} req/s, p99 ${bare.p99} ms, ${bare.cpuPerRequest.toFixed(3)} server CPU ms/request`,
      );
      log(
        `lookup at 100,000 leads: ${Math.round(lookup.requestsPerSecond)} req/s, p50 ${lookup.p50} ms, p99 ${lookup.p99} ms, ${lookup.cpuPerRequest.toFixed(3)} server CPU ms/request`,
      );

      const batchesBefore = readGroupCommitStats(db);
      const notes = await runLoad({ ...load, scenario: 'notes', connections: noteConnections });
      const batchesAfter = readGroupCommitStats(db);
      const batches = batchesAfter.batches - batchesBefore.batches;
      assertClean(notes, 'note writes');
      const stored = (db.$client.prepare('select count(*) as n from notes').get() as { n: number }).n;
      // Requests still in flight when the clock stops are stored but not counted: never fewer stored than acknowledged.
      if (stored < notes.ok) throw new Error(`${notes.ok} notes acknowledged but only ${stored} stored`);
      log(
        `note writes (16 conn., each committed with synchronous=FULL before the 201): ${Math.round(notes.requestsPerSecond)} /s, p99 ${notes.p99} ms, ${notes.cpuPerRequest.toFixed(3)} server CPU ms/write; ${batches} group commits of ${((batchesAfter.writes - batchesBefore.writes) / Math.max(1, batches)).toFixed(1)} writes on average (${((loadSeconds * 1000) / Math.max(1, batches)).toFixed(2)} ms each)`,
      );
      await new Promise<void>((resolve) => server?.close(() => resolve()));
      server = undefined;

      timeSeeding(log, db, templateId, 100_001, 1_000_000);
      const large = await timeLookups(app, token, 1_000_000);
      log(
        `in-process lookup at 1,000,000 leads: median ${large.median.toFixed(3)} ms, p99 ${large.p99.toFixed(3)} ms, ${large.cpuPerLookup.toFixed(3)} CPU ms/lookup`,
      );

      figures.push(
        {
          key: 'api.bare.rps',
          label: 'bare Hono route, 50 connections (req/s)',
          value: bare.requestsPerSecond,
          unit: 'req/s',
        },
        {
          key: 'api.lookup.rps',
          label: 'lookup by email, 100k leads, 50 connections',
          value: lookup.requestsPerSecond,
          unit: 'req/s',
        },
        {
          key: 'api.lookup.ratio',
          label: 'lookup req/s ÷ bare route req/s (target ≥ 0.5)',
          value: lookup.requestsPerSecond / bare.requestsPerSecond,
          unit: 'ratio',
        },
        {
          key: 'api.lookup.cpu-ratio',
          label: 'bare route CPU ms/request ÷ lookup CPU ms/request (the ratio without the neighbours)',
          value: bare.cpuPerRequest / lookup.cpuPerRequest,
          unit: 'ratio',
        },
        {
          key: 'api.lookup.p99',
          label: 'lookup p99 latency under load (target < 10 ms)',
          value: lookup.p99,
          unit: 'ms',
        },
        {
          key: 'api.notes.wps',
          label: 'durable note writes, 16 connections (target ≥ 3,000)',
          value: notes.requestsPerSecond,
          unit: 'writes/s',
        },
        {
          key: 'api.lookup.10k.median',
          label: 'in-process lookup, 10k leads (median)',
          value: small.median,
          unit: 'ms',
        },
        {
          key: 'api.lookup.1m.median',
          label: 'in-process lookup, 1M leads (median)',
          value: large.median,
          unit: 'ms',
        },
        {
          key: 'api.lookup.1m-vs-10k',
          label: 'lookup time at 1M ÷ at 10k leads (target ≤ 1.5)',
          value: large.median / small.median,
          unit: 'ratio',
        },
        {
          key: 'api.lookup.1m-vs-10k.cpu',
          label: 'lookup CPU ms at 1M ÷ at 10k leads (target ≤ 1.5)',
          value: large.cpuPerLookup / small.cpuPerLookup,
          unit: 'ratio',
        },
      );
      return figures;
    } finally {
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      closeDatabase(db);
      rmSync(directory, { recursive: true, force: true });
    }
  },
};
