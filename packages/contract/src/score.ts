import { z } from 'zod';
import { IsoDateTimeSchema, LeadSchema, StageSchema } from './lead';
import { GradeSchema } from './ruleset';

/*
 * What `scoreLead` returns. Points are integers, so `contributions` sum exactly to `totals.total` and each
 * bucket total is the sum of its kind's contributions.
 */

export const ScoreTotalsSchema = z.strictObject({
  fit: z.int(),
  engagement: z.int(),
  qualification: z.int(),
  /** fit + engagement + qualification. */
  total: z.int(),
});
export type ScoreTotals = z.infer<typeof ScoreTotalsSchema>;

/** The stages scoring can suggest; the API decides whether to move the lead. */
export const suggestedStages = ['inquiry', 'mql', 'sql', 'disqualified'] as const;
export const SuggestedStageSchema = z.enum(suggestedStages);
export type SuggestedStage = z.infer<typeof SuggestedStageSchema>;

export const flagKinds = ['junk', 'incomplete'] as const;
export const FlagKindSchema = z.enum(flagKinds);

/** Never silent: every flag says which gate raised it and why. */
export const ScoreFlagSchema = z.strictObject({
  kind: FlagKindSchema,
  ruleId: z.string(),
  reason: z.string(),
  /** The field at fault (for `incomplete`, the first of the alternatives). */
  field: z.string().optional(),
});
export type ScoreFlag = z.infer<typeof ScoreFlagSchema>;

export const MatchedValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
/** One field value that made a rule match, e.g. { path: "person.title", value: "VP Sales" }. */
export const MatchedFieldSchema = z.strictObject({ path: z.string(), value: MatchedValueSchema });
export type MatchedField = z.infer<typeof MatchedFieldSchema>;

export const ContributionSchema = z.strictObject({
  ruleId: z.string(),
  label: z.string(),
  kind: z.enum(['fit', 'engagement', 'qualification']),
  points: z.int(),
  /**
   * The values that matched: leaves of the condition that held (none under `not`); for event rules
   * `{ path: "events", value: <units after window and decay> }`; for totals `{ path: "totals.x", value }`;
   * for the checklist `{ path: "qualification.<item>", value: <answer or state> }`.
   */
  matched: z.array(MatchedFieldSchema),
});
export type Contribution = z.infer<typeof ContributionSchema>;

export const ScoreSchema = z.strictObject({
  rulesetId: z.string(),
  rulesetVersion: z.int(),
  scoredAt: IsoDateTimeSchema,
  totals: ScoreTotalsSchema,
  grade: GradeSchema,
  suggestedStage: SuggestedStageSchema,
  /** Checklist items answered `verified`, in checklist order. */
  verifiedItems: z.array(z.string()),
  flags: z.array(ScoreFlagSchema),
  /** Non-zero contributions in ruleset order; they sum to `totals.total`. */
  contributions: z.array(ContributionSchema),
});
export type Score = z.infer<typeof ScoreSchema>;

/** A historical lead and what became of it, for backtests. */
export const LeadWithOutcomeSchema = z.strictObject({
  lead: LeadSchema,
  converted: z.boolean(),
  revenue: z.number().finite().nonnegative().optional(),
  convertedAt: IsoDateTimeSchema.optional(),
});
export type LeadWithOutcome = z.infer<typeof LeadWithOutcomeSchema>;

export const ConfusionMatrixSchema = z.strictObject({
  truePositive: z.int(),
  falsePositive: z.int(),
  trueNegative: z.int(),
  falseNegative: z.int(),
});

export const DecileSchema = z.strictObject({
  /** 1 = the highest-scored tenth. */
  decile: z.int().min(1).max(10),
  count: z.int(),
  converted: z.int(),
  conversionRate: z.number().nullable(),
  /** conversionRate / overall conversion rate; null when undefined. */
  lift: z.number().nullable(),
  minScore: z.int().nullable(),
  maxScore: z.int().nullable(),
});

/** Rates are null when their denominator is 0. */
export const BacktestResultSchema = z.strictObject({
  leads: z.int(),
  converted: z.int(),
  threshold: z.int(),
  mqlCount: z.int(),
  mqlShare: z.number().nullable(),
  precision: z.number().nullable(),
  recall: z.number().nullable(),
  f1: z.number().nullable(),
  mqlConversionRate: z.number().nullable(),
  restConversionRate: z.number().nullable(),
  confusion: ConfusionMatrixSchema,
  deciles: z.array(DecileSchema),
  /** Probability that a converted lead outscores one that did not (ties count half). */
  auc: z.number().nullable(),
  /** Share of known revenue that came from leads predicted MQL; null when no revenue is known. */
  revenueCaptured: z.number().nullable(),
  revenueTotal: z.number().nullable(),
});
export type BacktestResult = z.infer<typeof BacktestResultSchema>;

export const StageChangeSchema = z.strictObject({
  /** Position in the input list. */
  index: z.int(),
  leadId: z.string().optional(),
  from: StageSchema,
  to: StageSchema,
  totalA: z.int(),
  totalB: z.int(),
  converted: z.boolean(),
});
export type StageChange = z.infer<typeof StageChangeSchema>;

export const RulesetComparisonSchema = z.strictObject({
  a: BacktestResultSchema,
  b: BacktestResultSchema,
  /** b − a for each numeric metric (null when either side is null). */
  delta: z.strictObject({
    mqlCount: z.int(),
    mqlShare: z.number().nullable(),
    precision: z.number().nullable(),
    recall: z.number().nullable(),
    f1: z.number().nullable(),
    auc: z.number().nullable(),
    revenueCaptured: z.number().nullable(),
  }),
  changed: z.array(StageChangeSchema),
});
export type RulesetComparison = z.infer<typeof RulesetComparisonSchema>;
