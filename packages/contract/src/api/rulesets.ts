import { z } from 'zod';
import { IsoDateTimeSchema } from '../lead';
import { RulesetSchema } from '../ruleset';
import { BacktestResultSchema, RulesetComparisonSchema } from '../score';
import { IdSchema, LimitSchema, TeamSchema } from './common';

/** draft → approved (one sales and one marketing approval, not the author's) → active → retired. */
export const rulesetStates = ['draft', 'approved', 'active', 'retired'] as const;
export const RulesetStateSchema = z.enum(rulesetStates);
export type RulesetState = z.infer<typeof RulesetStateSchema>;

export const RulesetApprovalSchema = z.strictObject({
  userId: IdSchema,
  userName: z.string(),
  team: TeamSchema,
  approvedAt: IsoDateTimeSchema,
});
export type RulesetApproval = z.infer<typeof RulesetApprovalSchema>;

/** One version of a ruleset, without its definition (lists). `key` is "<rulesetId>@<version>", as on leads. */
export const RulesetVersionSummarySchema = z.strictObject({
  key: z.string(),
  rulesetId: z.string(),
  version: z.int().positive(),
  name: z.string(),
  state: RulesetStateSchema,
  authorId: IdSchema.nullable(),
  createdAt: IsoDateTimeSchema,
  updatedAt: IsoDateTimeSchema,
  activatedAt: IsoDateTimeSchema.nullable(),
  retiredAt: IsoDateTimeSchema.nullable(),
  approvals: z.array(RulesetApprovalSchema),
  /** Teams whose approval is still needed before activation. */
  missingApprovals: z.array(TeamSchema),
});
export type RulesetVersionSummary = z.infer<typeof RulesetVersionSummarySchema>;

export const RulesetVersionSchema = RulesetVersionSummarySchema.extend({ definition: RulesetSchema });
export type RulesetVersion = z.infer<typeof RulesetVersionSchema>;

export const RulesetListResponseSchema = z.strictObject({ items: z.array(RulesetVersionSummarySchema) });
export const RulesetVersionResponseSchema = z.strictObject({ ruleset: RulesetVersionSchema });
export type RulesetVersionResponse = z.infer<typeof RulesetVersionResponseSchema>;

/** The active ruleset; `stored: false` when none was activated yet and the shipped default applies. */
export const ActiveRulesetResponseSchema = z.strictObject({
  key: z.string(),
  stored: z.boolean(),
  definition: RulesetSchema,
});

/**
 * A draft's definition is any JSON: `validateRuleset` checks it and answers 422 with every error by path. The
 * server assigns `version` (the next one for that ruleset id), so the client's value is ignored.
 */
export const SaveRulesetDraftRequestSchema = z.strictObject({ definition: z.unknown() });
export type SaveRulesetDraftRequest = z.infer<typeof SaveRulesetDraftRequestSchema>;

export const RulesetErrorSchema = z.strictObject({ path: z.string(), message: z.string() });
export const ValidateRulesetResponseSchema = z.strictObject({
  ok: z.boolean(),
  errors: z.array(RulesetErrorSchema),
});

export const RulesetIdParamSchema = z.strictObject({ id: IdSchema });
export const RulesetVersionParamSchema = z.strictObject({
  id: IdSchema,
  version: z.coerce.number().int().positive().max(1_000_000),
});

export const BacktestQuerySchema = z.strictObject({
  /** Explore another MQL threshold without editing the draft. */
  threshold: z.coerce.number().int().min(-100_000).max(100_000).optional(),
});
export const BacktestResponseSchema = z.strictObject({ key: z.string(), result: BacktestResultSchema });
export type BacktestResponse = z.infer<typeof BacktestResponseSchema>;

export const CompareQuerySchema = z.strictObject({ limit: LimitSchema });
/** What activating `candidate` instead of `base` (the active ruleset) changes on the stored leads with outcomes. */
export const CompareResponseSchema = z.strictObject({
  base: z.string(),
  candidate: z.string(),
  comparison: RulesetComparisonSchema,
  /** All leads whose suggested stage changes; `comparison.changed` holds the first `limit` of them. */
  changedTotal: z.int().nonnegative(),
});
export type CompareResponse = z.infer<typeof CompareResponseSchema>;

export const RulesetDiffQuerySchema = z.strictObject({
  from: z.coerce.number().int().positive(),
  to: z.coerce.number().int().positive(),
});
/** One structural difference; lists of objects with an `id` are matched by id ("rules[fit-vp].points"). */
export const RulesetDiffEntrySchema = z.strictObject({
  path: z.string(),
  kind: z.enum(['added', 'removed', 'changed']),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});
export type RulesetDiffEntry = z.infer<typeof RulesetDiffEntrySchema>;
export const RulesetDiffResponseSchema = z.strictObject({
  from: z.string(),
  to: z.string(),
  changes: z.array(RulesetDiffEntrySchema),
});
