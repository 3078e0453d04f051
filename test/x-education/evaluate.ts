/**
 * The held-out evaluation behind README.md, the report and the tests: the ruleset through the backtest of
 * @leadlight/rules, the baseline through the same `computeAuc`, on the same split.
 */
import { readFileSync } from 'node:fs';
import type { BacktestResult, LeadWithOutcome } from '@leadlight/contract';
import { backtest, type CompiledRuleset, computeAuc, scoreLead } from '@leadlight/rules';
import { fitBaseline } from './baseline';
import { backtestNow, type XEducationRecord } from './data';
import { compileValidRuleset } from './scorecard';
import { shippedRulesetPath, type XEducationVariant } from './x-education-ruleset';

export function loadShippedRuleset(): CompiledRuleset {
  return compileValidRuleset(JSON.parse(readFileSync(shippedRulesetPath, 'utf8')));
}

export interface BaselineFigures {
  trainAuc: number;
  testAuc: number;
  featureCount: number;
  iterations: number;
  isConverged: boolean;
}

export function evaluateBaseline(
  train: readonly XEducationRecord[],
  test: readonly XEducationRecord[],
  variant: XEducationVariant,
  onlyColumns?: readonly string[],
): BaselineFigures {
  const fit = fitBaseline(
    train.map((record) => record.raw),
    {
      isUsingSalesColumns: variant === 'with-sales-notes',
      ...(onlyColumns === undefined ? {} : { onlyColumns }),
    },
  );
  const aucOf = (records: readonly XEducationRecord[]) =>
    computeAuc(
      records.map((record) => fit.predict(record.raw)),
      (index) => (records[index] as XEducationRecord).withOutcome.converted,
    ) ?? Number.NaN;
  return {
    trainAuc: aucOf(train),
    testAuc: aucOf(test),
    featureCount: fit.encoder.featureNames.length,
    iterations: fit.model.iterations,
    isConverged: fit.model.isConverged,
  };
}

export function backtestOn(compiled: CompiledRuleset, records: readonly XEducationRecord[]): BacktestResult {
  return backtest(
    compiled,
    records.map((record) => record.withOutcome),
    { now: backtestNow },
  );
}

export interface GateFigures {
  leads: number;
  withoutNameOrEmail: number;
  incomplete: number;
  junk: number;
  junkReasons: string[];
}

/** How the gates treat the whole file: every X Education row lacks a name and an email. */
export function summarizeGates(compiled: CompiledRuleset, leads: readonly LeadWithOutcome[]): GateFigures {
  const figures: GateFigures = {
    leads: leads.length,
    withoutNameOrEmail: 0,
    incomplete: 0,
    junk: 0,
    junkReasons: [],
  };
  for (const { lead } of leads) {
    if (
      lead.identities.emails.length === 0 &&
      lead.person.fullName === undefined &&
      lead.person.lastName === undefined
    )
      figures.withoutNameOrEmail += 1;
    const { flags } = scoreLead(compiled, lead, { now: backtestNow });
    if (flags.some((flag) => flag.kind === 'incomplete')) figures.incomplete += 1;
    const junk = flags.find((flag) => flag.kind === 'junk');
    if (junk !== undefined) {
      figures.junk += 1;
      figures.junkReasons.push(junk.reason);
    }
  }
  return figures;
}
