export { type BacktestOptions, backtest, compareRulesets, computeAuc } from './backtest';
export {
  type CompiledRuleset,
  compileRuleset,
  RulesetInvalidError,
  type ScoreExplanation,
  type ScoreSummary,
} from './compile-ruleset';
export { defaultRoleLocalParts, defaultTestValues, reservedEmailDomains } from './junk-lists';
export {
  findMoments,
  type ScoreOptions,
  type ScoringInstant,
  scoreLead,
  scoreLeadTotals,
} from './score-lead';
export {
  maxEngagementPoints,
  type RulesetError,
  type RulesetValidation,
  validateRuleset,
} from './validate-ruleset';
