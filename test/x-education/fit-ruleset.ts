/**
 * Refits the X Education ruleset on the train split and writes packages/rules/rulesets/x-education.json.
 * Run from test/: `pnpm exec tsx x-education/fit-ruleset.ts` (then `pnpm exec biome format --write` on the file).
 */
import { writeFileSync } from 'node:fs';
import { loadXEducation, splitXEducation } from './data';
import { fitXEducationRuleset, shippedRulesetPath } from './x-education-ruleset';

const { train } = splitXEducation(loadXEducation());
const fitted = fitXEducationRuleset(
  train.map((record) => record.withOutcome),
  'pre-contact',
);
if (!fitted.isConverged) throw new Error('the logistic regression did not converge');
writeFileSync(shippedRulesetPath, `${JSON.stringify(fitted.ruleset, null, 2)}\n`);
console.log(
  `wrote ${shippedRulesetPath}: ${fitted.ruleset.rules.length} rules, MQL threshold ${fitted.ruleset.thresholds.mql} (train F1 ${fitted.trainF1.toFixed(3)})`,
);
