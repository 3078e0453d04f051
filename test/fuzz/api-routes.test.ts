import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { routeTable } from '@leadlight/api/src/route-table';
import { afterAll, describe, expect, it } from 'vitest';
import { type RouteFuzzResult, routeKey } from './support/fuzz-run';
import { routeSchemas } from './support/route-inputs';
import { knownResponseBugs, responseSchemas, responsesWithoutSchema } from './support/route-responses';

/** At least this many generated requests per run, spread evenly over the routes (override: LEADLIGHT_FUZZ_CASES). */
const totalCases = Number(process.env.LEADLIGHT_FUZZ_CASES ?? 100_000);
const keys = routeTable.map(routeKey);
/** Static documents (the OpenAPI JSON and its page) are costly to render and have no input: a few hundred cases do. */
const documentRoutes = new Set(['GET /api/v1/openapi.json', 'GET /api/v1/docs']);
const casesPerDocumentRoute = 200;
const documentCount = keys.filter((key) => documentRoutes.has(key)).length;
const casesPerRoute = Math.ceil(
  (totalCases - documentCount * casesPerDocumentRoute) / Math.max(1, keys.length - documentCount),
);
const casesFor = (key: string) => (documentRoutes.has(key) ? casesPerDocumentRoute : casesPerRoute);
const workerCount = Math.max(1, Math.min(2, availableParallelism()));

/**
 * The routes are split over worker threads (the app is synchronous SQLite, so one thread uses one core); each
 * worker imports the real app through tsx and reports one result per route.
 */
function startWorkers(): Map<string, Promise<RouteFuzzResult>> {
  const settlers = new Map<string, { resolve(result: RouteFuzzResult): void; reject(error: Error): void }>();
  const results = new Map<string, Promise<RouteFuzzResult>>();
  for (const key of keys) {
    results.set(key, new Promise((resolve, reject) => settlers.set(key, { resolve, reject })));
  }
  // A shared queue: each worker takes the next route when it finishes one, so both stay busy to the end.
  const queue = [...keys];
  type Message =
    | { type: 'ready' }
    | { type: 'result'; result: RouteFuzzResult }
    | { type: 'crash'; key: string; message: string };
  for (let index = 0; index < workerCount; index += 1) {
    const worker = new Worker(new URL('./support/fuzz-worker.mjs', import.meta.url));
    let current: string | undefined;
    const sendNext = () => {
      current = queue.shift();
      worker.postMessage(current === undefined ? null : { key: current, numRuns: casesFor(current) });
    };
    worker.on('message', (message: Message) => {
      if (message.type === 'result') settlers.get(message.result.key)?.resolve(message.result);
      if (message.type === 'crash') settlers.get(message.key)?.reject(new Error(message.message));
      sendNext();
    });
    const failCurrent = (error: Error) => {
      if (current !== undefined) settlers.get(current)?.reject(error);
    };
    worker.on('error', failCurrent);
    worker.on('exit', (code) => {
      if (code !== 0) failCurrent(new Error(`fuzz worker exited with ${code}`));
    });
  }
  return results;
}

describe(`fuzz: ${casesPerRoute} generated requests on each of the ${keys.length} routes`, () => {
  const startedAt = performance.now();
  const finished: RouteFuzzResult[] = [];
  const results = startWorkers();

  afterAll(() => {
    const cases = finished.reduce((sum, result) => sum + result.numRuns, 0);
    const cpuSeconds = finished.reduce((sum, result) => sum + result.cpuMs, 0) / 1000;
    const seconds = (performance.now() - startedAt) / 1000;
    console.log(
      `fuzz: ${cases} requests on ${finished.length} routes in ${seconds.toFixed(1)} s wall, ${cpuSeconds.toFixed(1)} s CPU, ${workerCount} worker(s)`,
    );
    const skipped = finished.reduce((sum, result) => sum + result.skippedAsKnownBug, 0);
    const costly = [...finished].sort((a, b) => b.cpuMs - a.cpuMs).slice(0, 6);
    console.log(
      `fuzz: costliest routes (CPU s): ${costly.map((result) => `${result.key} ${(result.cpuMs / 1000).toFixed(1)}`).join('; ')}`,
    );
    if (skipped > 0) console.log(`fuzz: ${skipped} generated cases skipped as known bugs`);
    const unchecked = keys.filter((key) => routeSchemas[key] === undefined);
    if (unchecked.length > 0)
      console.log(`fuzz: no request-schema oracle (refusals not predicted) for ${unchecked.join(', ')}`);
    const checked = finished.reduce((sum, result) => sum + result.responsesChecked, 0);
    const neverChecked = finished
      .filter((result) => responseSchemas[result.key] !== undefined && result.responsesChecked === 0)
      .map((result) => result.key);
    console.log(
      `fuzz: ${checked} successful JSON answers checked against their route's response schema` +
        (neverChecked.length > 0 ? `; no 2xx JSON answer generated for ${neverChecked.join(', ')}` : ''),
    );
  });

  afterAll(() => {
    const known = finished.filter((result) => result.responsesOfKnownBug > 0);
    for (const result of known) {
      console.log(
        `fuzz: ${result.responsesOfKnownBug} answers of ${result.key} match a known response bug: ${knownResponseBugs[result.key]?.description}`,
      );
    }
  });

  it('maps every route to its response schema, or says why it has none', () => {
    const unmapped = keys.filter(
      (key) => responseSchemas[key] === undefined && responsesWithoutSchema[key] === undefined,
    );
    expect(unmapped).toEqual([]);
    const stale = [...Object.keys(responseSchemas), ...Object.keys(responsesWithoutSchema)].filter(
      (key) => !keys.includes(key),
    );
    expect(stale).toEqual([]);
  });

  it.each(keys)('%s', async (key) => {
    const result = await results.get(key);
    if (result === undefined) throw new Error(`no fuzz result for ${key}`);
    finished.push(result);
    expect(result.failure).toBeNull();
    expect(result.numRuns).toBe(casesFor(key));
  });
});
