import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createTestContext, type TestContext } from '@leadlight/api/src/testing/test-context';
import { ValidateRulesetResponseSchema } from '@leadlight/contract';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { hostileValue } from './support/request-arbitraries';
import { findResponseProblem, readResponse } from './support/response-checks';

const numRuns = Number(process.env.LEADLIGHT_RULESET_FUZZ_CASES ?? 300);
/** Valid rulesets carried all the way to activation and scoring (each activation rescores every lead). */
const maxActivations = 6;
const defaultRuleset = JSON.parse(
  readFileSync(createRequire(import.meta.url).resolve('@leadlight/rules/rulesets/default-b2b.json'), 'utf8'),
) as unknown;

type Path = (string | number)[];

function listPaths(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value)
    ? value.map((item, index) => [index, item] as const)
    : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, child]) => listPaths(child, [...prefix, key]))];
}

const allPaths = listPaths(defaultRuleset);

/** A copy of `root` with the value at `path` replaced (undefined deletes it). */
function replaceAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...Path];
  if (Array.isArray(root)) {
    const copy = [...root];
    if (value === undefined && rest.length === 0) copy.splice(Number(head), 1);
    else copy[Number(head)] = replaceAt(root[Number(head)], rest, value);
    return copy;
  }
  const copy = { ...(root as Record<string, unknown>) };
  if (value === undefined && rest.length === 0) delete copy[head];
  else copy[head] = replaceAt(copy[head], rest, value);
  return copy;
}

const edit = fc.record({
  path: fc.constantFrom(...allPaths),
  value: fc.oneof(hostileValue, fc.constant(undefined), fc.integer({ min: -1000, max: 1000 })),
});
/** Mostly the default ruleset with a few edits (so many stay valid), sometimes any JSON at all. */
const definition = fc
  .oneof(
    {
      weight: 5,
      arbitrary: fc
        .array(edit, { maxLength: 3 })
        .map((edits) => edits.reduce((root, e) => replaceAt(root, e.path, e.value), defaultRuleset)),
    },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
    // An edit at the root may delete the whole definition; a missing body field is the route fuzz's business (400).
  )
  .filter((candidate) => candidate !== undefined);

describe(`fuzz: ${numRuns} generated rulesets through the API (validate, draft, backtest, activate, score)`, () => {
  let ctx: TestContext;
  let secondMarketer: string;
  let valid = 0;
  let activated = 0;

  beforeAll(async () => {
    ctx = createTestContext();
    const created = await ctx.request('POST', '/api/v1/users', {
      body: { name: 'Second Marketer', email: 'marketer2@leadlight.test', role: 'marketer' },
    });
    secondMarketer = ((await created.json()) as { token: { secret: string } }).token.secret;
    for (let index = 0; index < 5; index += 1) {
      await ctx.request('POST', '/api/v1/leads', {
        as: 'marketer',
        body: {
          person: { fullName: `Scored ${index}`, seniority: 'vp' },
          company: {
            name: `Score Co ${index}`,
            domain: `score-${index}.example-corp.com`,
            size: 100 * index,
          },
          identities: { emails: [`s${index}@score-${index}.example-corp.com`], phones: [] },
        },
      });
    }
  });

  async function call(
    method: string,
    path: string,
    options: { as?: 'rep' | 'marketer' | 'admin'; token?: string; body?: unknown },
  ) {
    const response = await readResponse(await ctx.request(method, path, options));
    const problem = findResponseProblem(response);
    if (problem !== null) throw new Error(`${method} ${path}: ${problem}`);
    return response;
  }

  it('answers valid or path-level errors, and a valid ruleset never breaks drafting, backtests or scoring', async () => {
    await fc.assert(
      fc.asyncProperty(definition, async (candidate) => {
        const checked = await call('POST', '/api/v1/rulesets/validate', {
          as: 'marketer',
          body: { definition: candidate },
        });
        expect(checked.status).toBe(200);
        const verdict = ValidateRulesetResponseSchema.parse(JSON.parse(checked.text));
        const draft = await call('POST', '/api/v1/rulesets', {
          as: 'marketer',
          body: { definition: candidate },
        });
        if (!verdict.ok) {
          expect(verdict.errors.length).toBeGreaterThan(0);
          for (const error of verdict.errors) expect(error.message.length).toBeGreaterThan(0);
          expect(draft.status, JSON.stringify(verdict.errors)).toBe(422);
          return;
        }
        valid += 1;
        expect(draft.status).toBe(201);
        const { ruleset } = JSON.parse(draft.text) as { ruleset: { rulesetId: string; version: number } };
        const base = `/api/v1/rulesets/${encodeURIComponent(ruleset.rulesetId)}/versions/${ruleset.version}`;
        expect((await call('GET', `${base}/backtest`, { as: 'marketer' })).status).toBe(200);
        expect((await call('GET', `${base}/compare`, { as: 'marketer' })).status).toBe(200);
        if (activated >= maxActivations) return;
        expect((await call('POST', `${base}/approve`, { as: 'rep' })).status).toBe(200);
        expect((await call('POST', `${base}/approve`, { token: secondMarketer })).status).toBe(200);
        const activation = await call('POST', `${base}/activate`, { as: 'admin' });
        expect(activation.status, activation.text).toBe(200);
        activated += 1;
        const capture = await call('POST', '/api/v1/leads/capture', {
          as: 'rep',
          body: {
            site: 'linkedin',
            pageUrl: 'https://www.linkedin.com/in/x/',
            fullName: `After ${activated}`,
            companyName: 'Scored Co',
            email: `after${activated}@scored-co.example-corp.com`,
          },
        });
        expect([201, 409, 422]).toContain(capture.status);
        expect(
          (await call('GET', '/api/v1/lookup?domain=score-1.example-corp.com', { as: 'rep' })).status,
        ).toBe(200);
        expect((await call('GET', '/api/v1/queue', { as: 'rep' })).status).toBe(200);
      }),
      { numRuns },
    );
    console.log(`rulesets: ${numRuns} generated, ${valid} valid, ${activated} activated and scored with`);
    expect(valid).toBeGreaterThan(0);
    expect(activated).toBeGreaterThan(0);
  });
});
