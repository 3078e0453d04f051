/**
 * Prints the X Education figures of README.md: `pnpm --dir test run x-education`.
 * Both variants, rules and baseline, on the same held-out split.
 */
import type { BacktestResult } from '@leadlight/contract';
import { baselineCategoricalColumns, baselineNumericColumns } from './baseline';
import { loadXEducation, splitSettings, splitXEducation } from './data';
import { backtestOn, evaluateBaseline, loadShippedRuleset, summarizeGates } from './evaluate';
import type { ScorecardFeature } from './scorecard';
import { compileValidRuleset } from './scorecard';
import { fitXEducationDiagnostic, fitXEducationRuleset, preContactFeatures } from './x-education-ruleset';

const format = (value: number | null, digits = 3) => (value === null ? 'n/a' : value.toFixed(digits));
const percent = (value: number | null) => (value === null ? 'n/a' : `${(value * 100).toFixed(1)}%`);

const records = loadXEducation();
const { train, test } = splitXEducation(records);
const countConverted = (part: typeof records) => part.filter((record) => record.withOutcome.converted).length;
console.log(
  `X Education: ${records.length} leads, ${countConverted(records)} converted. Stratified split, seed ${splitSettings.seed}: ` +
    `train ${train.length} (${countConverted(train)} converted), test ${test.length} (${countConverted(test)} converted).\n`,
);

const shipped = loadShippedRuleset();
const withSalesNotes = compileValidRuleset(
  fitXEducationRuleset(
    train.map((record) => record.withOutcome),
    'with-sales-notes',
  ).ruleset,
);

const rows: string[][] = [];
for (const [variant, compiled] of [
  ['pre-contact', shipped],
  ['with-sales-notes', withSalesNotes],
] as const) {
  const held: BacktestResult = backtestOn(compiled, test);
  const trained: BacktestResult = backtestOn(compiled, train);
  const baseline = evaluateBaseline(train, test, variant);
  rows.push([
    variant === 'pre-contact'
      ? 'pre-contact (shipped x-education.json)'
      : 'with Tags + Lead Quality (not shipped)',
    String(compiled.ruleset.rules.filter((rule) => rule.kind !== 'gate').length),
    format(trained.auc, 4),
    format(held.auc, 4),
    format(baseline.testAuc, 4),
    format(held.auc === null ? null : held.auc - baseline.testAuc, 4),
    String(held.threshold),
    format(held.precision),
    format(held.recall),
    format(held.f1),
    percent(held.mqlShare),
    `${percent(held.mqlConversionRate)} / ${percent(held.restConversionRate)}`,
  ]);
}
const header = [
  'variant',
  'rules',
  'rules AUC train',
  'rules AUC test',
  'baseline AUC test',
  'Δ AUC',
  'MQL ≥',
  'precision',
  'recall',
  'F1',
  'MQL share',
  'conv. MQL / rest',
];
console.log(`| ${header.join(' | ')} |`);
console.log(`|${header.map(() => '---').join('|')}|`);
for (const row of rows) console.log(`| ${row.join(' | ')} |`);

// Where the pre-contact gap to the baseline comes from: the columns the ruleset leaves out.
console.log('\nDiagnostics (pre-contact, held-out AUC; not shipped):');
const ownColumns = preContactFeatures.map((feature) => feature.column);
const sameColumns = evaluateBaseline(train, test, 'pre-contact', ownColumns);
console.log(
  `  baseline on the ruleset's own ${ownColumns.length} columns only: ${format(sameColumns.testAuc, 4)} (rules: ${format(backtestOn(shipped, test).auc, 4)})`,
);
const activityScore: ScorecardFeature = {
  type: 'category',
  id: 'activity-score',
  column: 'Asymmetrique Activity Score',
  name: 'Asymmetrique Activity Score',
  path: 'custom.asymmetrique_activity_score',
  kind: 'fit',
};
const withActivityScore = fitXEducationDiagnostic(
  train.map((record) => record.withOutcome),
  'with-activity-score',
  [...preContactFeatures, activityScore],
);
console.log(
  `  rules + Asymmetrique Activity Score (${withActivityScore.ruleset.rules.length - 3} rules): ${format(backtestOn(compileValidRuleset(withActivityScore.ruleset), test).auc, 4)}`,
);
const activityColumns = ['Last Activity', 'Last Notable Activity'];
const withoutActivity = fitXEducationDiagnostic(
  train.map((record) => record.withOutcome),
  'without-last-activity',
  preContactFeatures.filter((feature) => !activityColumns.includes(feature.column)),
);
const baselineWithoutActivity = evaluateBaseline(
  train,
  test,
  'pre-contact',
  [...baselineCategoricalColumns, ...baselineNumericColumns].filter(
    (column) => !activityColumns.includes(column),
  ),
);
console.log(
  `  without Last Activity / Last Notable Activity: rules ${format(backtestOn(compileValidRuleset(withoutActivity.ruleset), test).auc, 4)}, baseline ${format(baselineWithoutActivity.testAuc, 4)}`,
);

const gates = summarizeGates(
  shipped,
  records.map((record) => record.withOutcome),
);
console.log(
  `\nGates (x-education.json, all ${gates.leads} rows): ${gates.withoutNameOrEmail} have no name and no email; ` +
    `${gates.incomplete} incomplete; ${gates.junk} junk${gates.junkReasons.length > 0 ? ` (${[...new Set(gates.junkReasons)].join('; ')})` : ''}.`,
);

console.log('\nx-education.json, points per rule:');
for (const rule of shipped.ruleset.rules) {
  if (rule.kind === 'fit' || (rule.kind === 'engagement' && rule.basis === 'condition')) {
    console.log(`  ${rule.points > 0 ? '+' : ''}${rule.points}\t${rule.label} (${rule.kind})`);
  }
}
const { mql, grades } = shipped.ruleset.thresholds;
console.log(
  `  MQL at a total ≥ ${mql}; grades from fit points: A ≥ ${grades.A}, B ≥ ${grades.B}, C ≥ ${grades.C}.`,
);
