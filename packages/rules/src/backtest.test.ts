import { LeadSchema, type LeadWithOutcome, type RulesetInput } from '@leadlight/contract';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backtest, compareRulesets, computeAuc } from './backtest';
import { compileRulesetCodegen } from './codegen';
import { compileRuleset } from './compile-ruleset';
import { validateRuleset } from './validate-ruleset';

const now = '2026-06-01T00:00:00.000Z';

/** Each lead's total is 10 × custom.s (0–3), so the example below can be worked out by hand. */
function compileSteps(mql: number) {
  const input: RulesetInput = {
    id: 'steps',
    name: 'Steps',
    version: 1,
    rules: [1, 2, 3].map((step) => ({
      kind: 'fit' as const,
      id: `s${step}`,
      label: `s ≥ ${step}`,
      when: { op: 'gte' as const, path: 'custom.s', value: step },
      points: 10,
    })),
    thresholds: { mql },
  };
  const validation = validateRuleset(input);
  if (!validation.ok) throw new Error(JSON.stringify(validation.errors));
  return compileRuleset(validation.ruleset);
}

const outcome = (id: string, s: number, converted: boolean, revenue?: number): LeadWithOutcome => ({
  lead: LeadSchema.parse({ id, custom: { s } }),
  converted,
  ...(revenue === undefined ? {} : { revenue }),
});

// Totals: 30 30 20 20 10 10 0 0 0 20; converted: y n y y n y n n n n.
const leads = [
  outcome('l1', 3, true, 1000),
  outcome('l2', 3, false),
  outcome('l3', 2, true, 500),
  outcome('l4', 2, true),
  outcome('l5', 1, false),
  outcome('l6', 1, true, 250),
  outcome('l7', 0, false),
  outcome('l8', 0, false),
  outcome('l9', 0, false),
  outcome('l10', 2, false),
];

describe('backtest, worked by hand', () => {
  const result = backtest(compileSteps(20), leads, { now });

  it('counts MQLs and the confusion matrix at the threshold', () => {
    expect(result).toMatchObject({ leads: 10, converted: 4, threshold: 20, mqlCount: 5, mqlShare: 0.5 });
    expect(result.confusion).toEqual({
      truePositive: 3,
      falsePositive: 2,
      trueNegative: 4,
      falseNegative: 1,
    });
  });

  it('precision 3/5, recall 3/4, F1 2/3; MQLs convert at 60% vs 20% for the rest', () => {
    expect(result.precision).toBeCloseTo(0.6, 12);
    expect(result.recall).toBeCloseTo(0.75, 12);
    expect(result.f1).toBeCloseTo(2 / 3, 12);
    expect(result.mqlConversionRate).toBeCloseTo(0.6, 12);
    expect(result.restConversionRate).toBeCloseTo(0.2, 12);
  });

  it('AUC counts ties as half: (5.5 + 4.5 + 4.5 + 3.5) / 24 = 0.75', () => {
    expect(result.auc).toBe(0.75);
  });

  it('deciles rank by total, ties in input order, with lift against the 40% base rate', () => {
    expect(result.deciles.map((decile) => decile.converted)).toEqual([1, 0, 1, 1, 0, 0, 1, 0, 0, 0]);
    expect(result.deciles.map((decile) => decile.maxScore)).toEqual([30, 30, 20, 20, 20, 10, 10, 0, 0, 0]);
    expect(result.deciles[0]).toEqual({
      decile: 1,
      count: 1,
      converted: 1,
      conversionRate: 1,
      lift: 2.5,
      minScore: 30,
      maxScore: 30,
    });
    expect(result.deciles[1]!.lift).toBe(0);
  });

  it('revenue captured is the MQLs’ share of known revenue', () => {
    expect(result.revenueTotal).toBe(1750);
    expect(result.revenueCaptured).toBeCloseTo(1500 / 1750, 12);
  });

  it('is the same with the generated engine', () => {
    const validation = validateRuleset(compileSteps(20).ruleset);
    if (!validation.ok) throw new Error('steps must validate');
    expect(backtest(compileRulesetCodegen(validation.ruleset), leads, { now })).toEqual(result);
  });

  it('takes a threshold override', () => {
    expect(backtest(compileSteps(20), leads, { now, threshold: 30 }).mqlCount).toBe(2);
  });

  it('does not count junk or incomplete leads as MQL, whatever their total', () => {
    const input: RulesetInput = {
      ...compileSteps(20).ruleset,
      rules: [
        ...compileSteps(20).ruleset.rules,
        { kind: 'gate', gate: 'junk', id: 'junk', label: 'Test', junk: { detector: 'test_values' } },
      ],
    };
    const validation = validateRuleset(input);
    if (!validation.ok) throw new Error(JSON.stringify(validation.errors));
    const junkLead: LeadWithOutcome = {
      lead: LeadSchema.parse({ person: { fullName: 'test' }, custom: { s: 3 } }),
      converted: false,
    };
    expect(backtest(compileRuleset(validation.ruleset), [...leads, junkLead], { now }).mqlCount).toBe(5);
  });

  it('returns null rates when they are undefined', () => {
    const empty = backtest(compileSteps(20), [], { now });
    expect(empty).toMatchObject({
      leads: 0,
      mqlShare: null,
      precision: null,
      recall: null,
      f1: null,
      auc: null,
      revenueCaptured: null,
    });
    expect(empty.deciles.every((decile) => decile.count === 0 && decile.lift === null)).toBe(true);
    const noConversions = backtest(compileSteps(20), [outcome('a', 3, false)], { now });
    expect(noConversions).toMatchObject({
      auc: null,
      recall: null,
      precision: 0,
      f1: null,
      revenueTotal: null,
    });
  });
});

describe('computeAuc', () => {
  it('matches the pairwise definition on random scores with many ties', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -3, max: 3 }), fc.boolean()), { maxLength: 60 }),
        (pairs) => {
          const totals = pairs.map(([total]) => total);
          const positives = pairs.filter(([, isConverted]) => isConverted).map(([total]) => total);
          const negatives = pairs.filter(([, isConverted]) => !isConverted).map(([total]) => total);
          let wins = 0;
          for (const positive of positives)
            for (const negative of negatives)
              wins += positive > negative ? 1 : positive === negative ? 0.5 : 0;
          const expected =
            positives.length === 0 || negatives.length === 0
              ? null
              : wins / (positives.length * negatives.length);
          const actual = computeAuc(totals, (index) => pairs[index]![1]);
          if (expected === null) expect(actual).toBeNull();
          else expect(actual).toBeCloseTo(expected, 12);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('all ties give 0.5; perfect ranking gives 1', () => {
    expect(computeAuc([5, 5, 5, 5], (index) => index < 2)).toBe(0.5);
    expect(computeAuc([4, 3, 2, 1], (index) => index < 2)).toBe(1);
    expect(computeAuc([4, 3, 2, 1], (index) => index >= 2)).toBe(0);
  });
});

describe('deciles on larger sets', () => {
  it('split leads into tenths ordered by score, and count every lead once', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.boolean()), { maxLength: 95 }),
        (pairs) => {
          const sample = pairs.map(([s, converted], index) => outcome(`l${index}`, s, converted));
          const result = backtest(compileSteps(20), sample, { now });
          expect(result.deciles.reduce((sum, decile) => sum + decile.count, 0)).toBe(sample.length);
          expect(result.deciles.reduce((sum, decile) => sum + decile.converted, 0)).toBe(result.converted);
          const filled = result.deciles.filter((decile) => decile.count > 0);
          for (let index = 1; index < filled.length; index += 1)
            expect(filled[index]!.maxScore!).toBeLessThanOrEqual(filled[index - 1]!.minScore!);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('compareRulesets', () => {
  it('lists the leads whose stage changes and the metric deltas', () => {
    const comparison = compareRulesets(compileSteps(20), compileSteps(30), leads, { now });
    expect(comparison.changed).toEqual([
      { index: 2, leadId: 'l3', from: 'mql', to: 'inquiry', totalA: 20, totalB: 20, converted: true },
      { index: 3, leadId: 'l4', from: 'mql', to: 'inquiry', totalA: 20, totalB: 20, converted: true },
      { index: 9, leadId: 'l10', from: 'mql', to: 'inquiry', totalA: 20, totalB: 20, converted: false },
    ]);
    expect(comparison.delta.mqlCount).toBe(-3);
    expect(comparison.delta.precision).toBeCloseTo(0.5 - 0.6, 12);
    expect(comparison.delta.recall).toBeCloseTo(0.25 - 0.75, 12);
    expect(comparison.delta.auc).toBe(0);
    expect(comparison.a).toEqual(backtest(compileSteps(20), leads, { now }));
  });

  it('finds nothing to change between a ruleset and itself', () => {
    const comparison = compareRulesets(compileSteps(20), compileSteps(20), leads, { now });
    expect(comparison.changed).toEqual([]);
    expect(comparison.delta).toEqual({
      mqlCount: 0,
      mqlShare: 0,
      precision: 0,
      recall: 0,
      f1: 0,
      auc: 0,
      revenueCaptured: 0,
    });
  });
});
