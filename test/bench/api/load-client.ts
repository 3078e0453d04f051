/**
 * The load generator of the API bench, run as its own process (forked by api-bench.ts). On the 2-core machine an
 * in-process autocannon shares the server's event loop: every request's client work is added to the server's, and a
 * response waits while the client parses other responses, so the p99 measured the client too. In its own process the
 * client gets the other core and the server's figures are the server's.
 */
import autocannon from 'autocannon';
import { benchEmail, benchLeadId } from './api-seed';

export type LoadScenario = 'bare' | 'lookup' | 'notes';

export interface LoadRequest {
  scenario: LoadScenario;
  url: string;
  token: string;
  connections: number;
  seconds: number;
  /** Run first and not measured. */
  warmupSeconds: number;
  leadCount: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  total: number;
  ok: number;
  p50: number;
  p99: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

/** What the client tells the bench: the measured run starts, then its result or why it failed. */
export type LoadMessage =
  | { isMeasuring: true }
  | { ok: true; result: LoadResult }
  | { ok: false; error: string };

/** A deterministic pseudo-random sequence (xorshift), so runs ask for comparable leads. */
export function createRandom(seed: number) {
  let state = seed;
  return (limit: number) => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) % limit) + 1;
  };
}

function buildOptions(request: LoadRequest): autocannon.Options {
  const base = { duration: request.seconds, connections: request.connections };
  const authorization = `Bearer ${request.token}`;
  switch (request.scenario) {
    case 'bare':
      return { ...base, url: `${request.url}/bench/bare` };
    case 'lookup': {
      const random = createRandom(0xbeef);
      return {
        ...base,
        url: request.url,
        headers: { authorization },
        requests: [
          {
            method: 'GET',
            setupRequest: (req) => ({
              ...req,
              path: `/api/v1/lookup?email=${benchEmail(random(request.leadCount))}`,
            }),
          },
        ],
      };
    }
    case 'notes': {
      const random = createRandom(0xcafe);
      return {
        ...base,
        url: request.url,
        headers: { authorization, 'content-type': 'application/json' },
        requests: [
          {
            method: 'POST',
            setupRequest: (req) => ({
              ...req,
              path: `/api/v1/leads/${benchLeadId(random(request.leadCount))}/notes`,
              body: JSON.stringify({ body: 'Called, left a voicemail; try again Thursday morning.' }),
            }),
          },
        ],
      };
    }
  }
}

async function runLoad(request: LoadRequest): Promise<LoadResult> {
  // Both scenarios get the same warm-up, unmeasured: JIT, the server's first statements and first-touched pages.
  if (request.warmupSeconds > 0)
    await autocannon({ ...buildOptions(request), duration: request.warmupSeconds });
  process.send?.({ isMeasuring: true } satisfies LoadMessage);
  const result = await autocannon(buildOptions(request));
  return {
    requestsPerSecond: result.requests.average,
    total: result.requests.total,
    ok: result['2xx'],
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  };
}

process.on('message', (message: LoadRequest) => {
  runLoad(message).then(
    (result) => process.send?.({ ok: true, result }, () => process.exit(0)),
    (error: unknown) =>
      process.send?.({ ok: false, error: error instanceof Error ? error.message : String(error) }, () =>
        process.exit(1),
      ),
  );
});
