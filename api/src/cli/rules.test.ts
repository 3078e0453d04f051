import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BacktestResult } from '@leadlight/contract';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { loadDefaultRuleset } from '../db/active-ruleset';
import { closeDatabase, migrate, openDatabase } from '../db/client';
import { createLead } from '../services/lead-writes';
import { CliError } from './output';
import { createProgram } from './program';

const directory = mkdtempSync(join(tmpdir(), 'leadlight-rules-cli-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
afterEach(() => {
  process.exitCode = undefined;
});

const defaultRulesetFile = fileURLToPath(
  new URL('../../../packages/rules/rulesets/default-b2b.json', import.meta.url),
);
/** The first 200 rows of the X Education export (test/fixtures/leads; source in test/fixtures/SOURCES.md). */
const xEducationSample = join(directory, 'x-education-sample.csv');
writeFileSync(
  xEducationSample,
  readFileSync(
    fileURLToPath(new URL('../../../test/fixtures/leads/x-education-leads.csv', import.meta.url)),
    'utf8',
  )
    .split('\n')
    .slice(0, 201)
    .join('\n'),
);

async function leadlight(...args: string[]): Promise<string> {
  let output = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    output += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  });
  try {
    await createProgram().exitOverride().parseAsync(args, { from: 'user' });
  } finally {
    spy.mockRestore();
  }
  return output;
}

describe('leadlight rules validate', () => {
  it('accepts the shipped default ruleset', async () => {
    const output = JSON.parse(await leadlight('rules', 'validate', defaultRulesetFile, '--json'));
    expect(output).toMatchObject({ ok: true, id: 'default-b2b', errors: [] });
    expect(process.exitCode).toBeUndefined();
    expect(await leadlight('rules', 'validate', defaultRulesetFile)).toMatch(
      /valid \(default-b2b@1, \d+ rules/,
    );
  });

  it('lists every error by path and exits 1', async () => {
    const file = join(directory, 'bad.json');
    writeFileSync(file, JSON.stringify({ ...loadDefaultRuleset().ruleset, thresholds: { mql: 'high' } }));
    const output = JSON.parse(await leadlight('rules', 'validate', file, '--json')) as {
      ok: boolean;
      errors: { path: string }[];
    };
    expect(output.ok).toBe(false);
    expect(output.errors.map((error) => error.path)).toContain('thresholds.mql');
    expect(process.exitCode).toBe(1);
    await expect(leadlight('rules', 'validate', join(directory, 'missing.json'))).rejects.toThrow(CliError);
    writeFileSync(join(directory, 'not-json.json'), '{ nope');
    await expect(leadlight('rules', 'validate', join(directory, 'not-json.json'))).rejects.toThrow(
      /not JSON/,
    );
  });
});

describe('leadlight rules backtest', () => {
  it('backtests on a CSV export with outcomes, mapped by a preset', async () => {
    const output = JSON.parse(
      await leadlight(
        'rules',
        'backtest',
        defaultRulesetFile,
        '--leads',
        xEducationSample,
        '--preset',
        'x-education',
        '--json',
      ),
    ) as { ruleset: string; result: BacktestResult };
    expect(output.ruleset).toBe('default-b2b@1');
    expect(output.result.leads).toBe(200);
    expect(output.result.deciles).toHaveLength(10);
    const lowered = JSON.parse(
      await leadlight(
        'rules',
        'backtest',
        defaultRulesetFile,
        '--leads',
        xEducationSample,
        '--threshold',
        '-1000',
        '--json',
      ),
    ) as { result: BacktestResult };
    expect(lowered.result.threshold).toBe(-1000);
    const text = await leadlight('rules', 'backtest', defaultRulesetFile, '--leads', xEducationSample);
    expect(text).toMatch(/200 leads with outcomes/);
  });

  it("backtests on the database's leads with known outcomes", async () => {
    const dbPath = join(directory, 'backtest.db');
    await expect(leadlight('rules', 'backtest', defaultRulesetFile, '--db', dbPath)).rejects.toThrow(
      /no leads with a known outcome/,
    );
    const db = openDatabase(dbPath);
    migrate(db);
    const context = { actor: null, now: new Date('2026-11-24T09:00:00.000Z'), ruleset: loadDefaultRuleset() };
    for (let index = 0; index < 4; index += 1) {
      createLead(
        db,
        {
          person: { fullName: `Person ${index}`, title: index % 2 === 0 ? 'CEO' : 'Intern' },
          company: { name: 'Acme', domain: 'acme-robotics.com', size: 500 },
          identities: { emails: [`person${index}@acme-robotics.com`], phones: [] },
          source: {},
          tags: [],
          totals: {},
          custom: {},
          hasConverted: index % 2 === 0,
        },
        context,
      );
    }
    closeDatabase(db);
    const output = JSON.parse(
      await leadlight('rules', 'backtest', defaultRulesetFile, '--db', dbPath, '--json'),
    ) as {
      result: BacktestResult;
    };
    expect(output.result).toMatchObject({ leads: 4, converted: 2 });
    await expect(
      leadlight('rules', 'backtest', defaultRulesetFile, '--preset', 'salesforce'),
    ).rejects.toThrow(/--preset needs --leads/);
  });
});
