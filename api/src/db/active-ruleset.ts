import { createRequire } from 'node:module';
import type { Ruleset } from '@leadlight/contract';
import { type CompiledRuleset, validateRuleset } from '@leadlight/rules';
import { compileRulesetCodegen } from '@leadlight/rules/codegen';
import { getTableName } from 'drizzle-orm';
import type { DbOrTx } from './client';
import { readThrough } from './read-cache';
import { findActiveRulesetRef, findRulesetVersion } from './rulesets';
import { rulesetVersions } from './schema';

/** The active ruleset is read from this table alone: only its writes can change the answer (read-cache.ts). */
const activeRulesetTables = [getTableName(rulesetVersions)];

export interface ActiveRuleset {
  ruleset: Ruleset;
  compiled: CompiledRuleset;
}

export const defaultRulesetFile = '@leadlight/rules/rulesets/default-b2b.json';

let defaultRuleset: ActiveRuleset | undefined;

/** The shipped default ruleset, validated and compiled once per process. */
export function loadDefaultRuleset(): ActiveRuleset {
  if (defaultRuleset) return defaultRuleset;
  const json: unknown = createRequire(import.meta.url)(defaultRulesetFile);
  const result = validateRuleset(json);
  if (!result.ok) {
    const problems = result.errors.map((error) => `${error.path}: ${error.message}`).join('; ');
    throw new Error(`The default ruleset is invalid: ${problems}`);
  }
  defaultRuleset = compileActiveRuleset(result.ruleset);
  return defaultRuleset;
}

/** Compiles with the rules package's generated-code engine: the API's fast path for rescoring and backtests. */
export function compileActiveRuleset(ruleset: Ruleset): ActiveRuleset {
  return { ruleset, compiled: compileRulesetCodegen(ruleset) };
}

/** Compiled rulesets by definition hash: a version is compiled once, and equal ids in other databases never mix. */
const compiledByHash = new Map<string, ActiveRuleset>();
const maxCachedRulesets = 32;

/**
 * The ruleset every score, gate, SLA and stage rule of the API comes from: the active row of `ruleset_versions`,
 * compiled once per version; the shipped default until a ruleset is activated. Between database changes the answer
 * is cached until ruleset_versions is written (an activation, for one); otherwise one indexed read per call.
 */
export function getActiveRuleset(db: DbOrTx): ActiveRuleset {
  return (
    readThrough(db, 'active-ruleset', activeRulesetTables, () => readActiveRuleset(db)) ??
    readActiveRuleset(db)
  );
}

function readActiveRuleset(db: DbOrTx): ActiveRuleset {
  const ref = findActiveRulesetRef(db);
  if (ref === undefined) return loadDefaultRuleset();
  const cached = compiledByHash.get(ref.definitionHash);
  if (cached) return cached;
  const row = findRulesetVersion(db, ref.rulesetId, ref.version);
  const result = validateRuleset(row?.definition);
  if (!result.ok) {
    const problems = result.errors.map((error) => `${error.path}: ${error.message}`).join('; ');
    throw new Error(`The active ruleset ${ref.rulesetId}@${ref.version} is invalid: ${problems}`);
  }
  const active = compileActiveRuleset(result.ruleset);
  if (compiledByHash.size >= maxCachedRulesets) compiledByHash.clear();
  compiledByHash.set(ref.definitionHash, active);
  return active;
}
