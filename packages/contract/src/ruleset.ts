import { z } from 'zod';
import { EngagementEventTypeSchema, QualificationStateSchema, StageSchema } from './lead';

/*
 * A ruleset is JSON that admins edit. This file is its shape; @leadlight/rules adds the semantic checks
 * (known field paths, operator/field types, duplicate ids, min ≤ max, checklist items, verified ≥ behaviour)
 * in `validateRuleset`, which is the only way a ruleset should enter the system.
 *
 * Points are integers everywhere, so a score's contributions sum exactly to its total. Engagement rules may
 * use fractional points per unit; their result is rounded (half away from zero) once, at the rule.
 */

/** Lead fields rules may read, with their type. `custom.<key>` (any admin-defined key) is also accepted. */
export const leadFieldTypes = {
  'person.fullName': 'string',
  'person.firstName': 'string',
  'person.lastName': 'string',
  'person.title': 'string',
  'person.headline': 'string',
  'person.seniority': 'string',
  'person.location': 'string',
  'company.name': 'string',
  'company.domain': 'string',
  'company.industry': 'string',
  'company.size': 'number',
  'company.country': 'string',
  'company.annualRevenue': 'number',
  'identities.emails': 'strings',
  'identities.linkedinUrl': 'string',
  'identities.phones': 'strings',
  'source.channel': 'string',
  'source.campaign': 'string',
  'source.detail': 'string',
  tags: 'strings',
  owner: 'string',
  stage: 'string',
  'totals.visits': 'number',
  'totals.timeOnSiteSeconds': 'number',
  'totals.pageViewsPerVisit': 'number',
  'totals.lastActivity': 'string',
} as const;
export type LeadFieldPath = keyof typeof leadFieldTypes;
/** `string`: text; `strings`: a list of text (matches when any element matches); `number`; `any` for custom.*. */
export type LeadFieldType = (typeof leadFieldTypes)[LeadFieldPath] | 'any';
/** Prefix of admin-defined attributes: `custom.lead_quality` reads `lead.custom.lead_quality`. */
export const customFieldPrefix = 'custom.';

/** Engagement totals a `basis: "total"` rule may scale (imports that only know totals). */
export const engagementTotalFields = ['visits', 'timeOnSiteSeconds', 'pageViewsPerVisit'] as const;
export const EngagementTotalFieldSchema = z.enum(engagementTotalFields);

const IdSchema = z.string().trim().min(1).max(100);
const LabelSchema = z.string().trim().min(1).max(200);
/** Checklist item ids are slugs: they become keys of `lead.qualification`. */
export const ChecklistItemIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,59}$/, 'use lowercase letters, digits and _ (e.g. "budget")');
const FieldPathSchema = z.string().trim().min(1).max(200);
const PointsSchema = z.int().min(-10_000).max(10_000);
const ScalarSchema = z.union([z.string().max(500), z.number().finite(), z.boolean()]);
const TextOperandSchema = z.string().trim().min(1).max(500);
const DomainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9.-]+$/, 'a domain like "example.com"');

/*
 * Conditions. String comparisons are case-insensitive and ignore surrounding spaces; on a list field
 * (emails, tags, phones) a condition matches when any element matches. Numeric operators match numbers only.
 */
export const LeafConditionSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('equals'), path: FieldPathSchema, value: ScalarSchema }),
  z.strictObject({
    op: z.literal('in'),
    path: FieldPathSchema,
    values: z.array(ScalarSchema).min(1).max(5000),
  }),
  z.strictObject({ op: z.literal('contains'), path: FieldPathSchema, value: TextOperandSchema }),
  z.strictObject({ op: z.literal('startsWith'), path: FieldPathSchema, value: TextOperandSchema }),
  z.strictObject({ op: z.literal('gt'), path: FieldPathSchema, value: z.number().finite() }),
  z.strictObject({ op: z.literal('gte'), path: FieldPathSchema, value: z.number().finite() }),
  z.strictObject({ op: z.literal('lt'), path: FieldPathSchema, value: z.number().finite() }),
  z.strictObject({ op: z.literal('lte'), path: FieldPathSchema, value: z.number().finite() }),
  /** Inclusive on both ends. */
  z.strictObject({
    op: z.literal('between'),
    path: FieldPathSchema,
    min: z.number().finite(),
    max: z.number().finite(),
  }),
  /** Present: not undefined, null, empty text or an empty list. */
  z.strictObject({ op: z.literal('exists'), path: FieldPathSchema }),
  z.strictObject({ op: z.literal('missing'), path: FieldPathSchema }),
  /** On `identities.emails` (the part after @) or `company.domain`; subdomains match too. */
  z.strictObject({
    op: z.literal('domainIn'),
    path: FieldPathSchema,
    domains: z.array(DomainSchema).min(1).max(10_000),
  }),
]);
export type LeafCondition = z.infer<typeof LeafConditionSchema>;
export type ConditionOp = LeafCondition['op'] | 'all' | 'any' | 'not';

export type Condition =
  | LeafCondition
  | { op: 'all'; of: Condition[] }
  | { op: 'any'; of: Condition[] }
  | { op: 'not'; condition: Condition };

export const ConditionSchema: z.ZodType<Condition, Condition> = z.lazy(() =>
  z.discriminatedUnion('op', [
    ...LeafConditionSchema.options,
    z.strictObject({ op: z.literal('all'), of: z.array(ConditionSchema).min(1).max(100) }),
    z.strictObject({ op: z.literal('any'), of: z.array(ConditionSchema).min(1).max(100) }),
    z.strictObject({ op: z.literal('not'), condition: ConditionSchema }),
  ]),
);

/** Who the lead is: a condition on lead fields → points (±). Fit alone decides the grade. */
export const FitRuleSchema = z.strictObject({
  kind: z.literal('fit'),
  id: IdSchema,
  label: LabelSchema,
  when: ConditionSchema,
  points: PointsSchema,
});

/**
 * `*` matches any run of characters and the pattern may match anywhere in the URL, case-insensitively:
 * "/pricing" matches "https://acme.com/pricing?plan=team". No regular expressions: nothing to backtrack on.
 */
export const UrlPatternSchema = z.string().trim().min(1).max(500);

/** What a lead did. Three bases: events in a window, a known total (imports), or a condition on totals. */
export const EngagementRuleSchema = z.discriminatedUnion('basis', [
  z.strictObject({
    kind: z.literal('engagement'),
    basis: z.literal('events'),
    id: IdSchema,
    label: LabelSchema,
    eventTypes: z.array(EngagementEventTypeSchema).min(1).max(20),
    urlPattern: UrlPatternSchema.optional(),
    /** `count` events, or `sum` their `value` (events without one add 0). */
    measure: z.enum(['count', 'sum']).default('count'),
    /** Only events at most this many days before `now`; events after `now` never count. */
    windowDays: z.number().positive().max(3650).optional(),
    /** An event `halfLifeDays` old counts half; omit for no decay. */
    halfLifeDays: z.number().positive().max(3650).optional(),
    pointsPerUnit: z.number().finite().min(-10_000).max(10_000),
    /** Largest magnitude this rule can reach (points are clamped to ±cap before rounding). */
    cap: z.int().positive().max(10_000),
  }),
  z.strictObject({
    kind: z.literal('engagement'),
    basis: z.literal('total'),
    id: IdSchema,
    label: LabelSchema,
    total: EngagementTotalFieldSchema,
    pointsPerUnit: z.number().finite().min(-10_000).max(10_000),
    cap: z.int().positive().max(10_000),
  }),
  z.strictObject({
    kind: z.literal('engagement'),
    basis: z.literal('condition'),
    id: IdSchema,
    label: LabelSchema,
    when: ConditionSchema,
    points: PointsSchema,
  }),
]);

/** The human checklist: an answer of `state` on `item` → points. */
export const QualificationRuleSchema = z.strictObject({
  kind: z.literal('qualification'),
  id: IdSchema,
  label: LabelSchema,
  item: ChecklistItemIdSchema,
  state: QualificationStateSchema,
  points: PointsSchema,
});

/** Built-in junk detectors; each flags `junk` with a reason and adds no points. */
export const JunkDetectorSchema = z.discriminatedUnion('detector', [
  /** Every email is on a disposable-domain list (the `disposable-email-domains` package + `extraDomains`). */
  z.strictObject({
    detector: z.literal('disposable_email'),
    extraDomains: z.array(DomainSchema).max(10_000).default([]),
  }),
  /**
   * Bot / test values: a name or company equal to a test value ("test", "asdf", …), an email whose local part
   * is one, or an email at a reserved domain (example.com, *.test, *.invalid, *.localhost, *.example).
   */
  z.strictObject({
    detector: z.literal('test_values'),
    /** Replace the built-in list of test values (compared case-insensitively). */
    values: z.array(z.string().trim().min(1).max(200)).max(1000).optional(),
  }),
  /** The company domain or any email is at a competitor (subdomains too). */
  z.strictObject({
    detector: z.literal('competitor_domain'),
    domains: z.array(DomainSchema).min(1).max(10_000),
  }),
  /** Every email is a role address (info@, sales@, …): nobody in particular to qualify. */
  z.strictObject({
    detector: z.literal('role_address'),
    /** Replace the built-in list of role local parts. */
    localParts: z.array(z.string().trim().toLowerCase().min(1).max(64)).max(1000).optional(),
  }),
  /** Anything else a condition can say, with the reason shown to people. */
  z.strictObject({ detector: z.literal('condition'), when: ConditionSchema, reason: LabelSchema }),
]);
export type JunkDetector = z.infer<typeof JunkDetectorSchema>;

/** Gates accept or refuse a lead; they never add points. */
export const GateRuleSchema = z.discriminatedUnion('gate', [
  /** At least one of `anyOf` must be present, else the lead is `incomplete`. */
  z.strictObject({
    kind: z.literal('gate'),
    gate: z.literal('required'),
    id: IdSchema,
    label: LabelSchema,
    anyOf: z.array(FieldPathSchema).min(1).max(20),
  }),
  z.strictObject({
    kind: z.literal('gate'),
    gate: z.literal('junk'),
    id: IdSchema,
    label: LabelSchema,
    junk: JunkDetectorSchema,
  }),
]);

export const RuleSchema = z.discriminatedUnion('kind', [
  FitRuleSchema,
  EngagementRuleSchema,
  QualificationRuleSchema,
  GateRuleSchema,
]);
export type FitRule = z.infer<typeof FitRuleSchema>;
export type EngagementRule = z.infer<typeof EngagementRuleSchema>;
export type QualificationRule = z.infer<typeof QualificationRuleSchema>;
export type GateRule = z.infer<typeof GateRuleSchema>;
export type Rule = z.infer<typeof RuleSchema>;
export const ruleKinds = ['fit', 'engagement', 'qualification', 'gate'] as const;
export type RuleKind = (typeof ruleKinds)[number];

export const ChecklistItemSchema = z.strictObject({
  id: ChecklistItemIdSchema,
  label: LabelSchema,
  question: z.string().trim().max(500).optional(),
});
export type ChecklistItem = z.infer<typeof ChecklistItemSchema>;

export const ChecklistSchema = z.strictObject({
  name: z.string().trim().min(1).max(60),
  items: z.array(ChecklistItemSchema).min(1).max(20),
});

export type Checklist = z.infer<typeof ChecklistSchema>;

/** The default checklist; CHAMP, MEDDIC or your own are just other items. */
export const bantChecklist: Checklist = {
  name: 'BANT',
  items: [
    { id: 'budget', label: 'Budget', question: 'Is there budget set aside for this?' },
    { id: 'authority', label: 'Authority', question: 'Does this person decide or sign?' },
    { id: 'need', label: 'Need', question: 'Is there a problem we solve, in their words?' },
    { id: 'timeline', label: 'Timeline', question: 'When do they want it working?' },
  ],
};

export const gradeLetters = ['A', 'B', 'C', 'D'] as const;
export const GradeSchema = z.enum(gradeLetters);
export type Grade = z.infer<typeof GradeSchema>;

export const ThresholdsSchema = z.strictObject({
  /** A lead whose total reaches this (and passes the gates) is suggested as MQL. */
  mql: z.int().min(-100_000).max(100_000),
  /** Minimum fit points for each grade; below C is D. Must be strictly descending. */
  grades: z.strictObject({ A: z.int(), B: z.int(), C: z.int() }).default({ A: 60, B: 40, C: 20 }),
  /** SQL needs at least `minVerified` verified checklist items, including every item of `requiredVerified`. */
  sql: z
    .strictObject({
      minVerified: z.int().min(0).max(20).default(2),
      requiredVerified: z.array(ChecklistItemIdSchema).max(20).default([]),
    })
    .default({ minVerified: 2, requiredVerified: [] }),
});
export type Thresholds = z.infer<typeof ThresholdsSchema>;

/** Exposed so the API can compute queues and next actions; the rules package does not use the clock for it. */
export const FollowUpPolicySchema = z.strictObject({
  /** Hours allowed until the first touch once a lead enters a stage. */
  firstTouchSlaHours: z
    .partialRecord(
      StageSchema,
      z
        .number()
        .positive()
        .max(24 * 365),
    )
    .default({ inquiry: 48, mql: 24, sql: 4 }),
  /** Attempts without a reply before a lead counts as unresponsive. */
  minAttemptsBeforeUnresponsive: z.int().min(1).max(50).default(5),
  /** Days a nurture lead rests before it is recycled to the queue. */
  recycleAfterDays: z.int().min(1).max(3650).default(90),
});
export type FollowUpPolicy = z.infer<typeof FollowUpPolicySchema>;

/** "Moment of interest": an event that should alert the owner now (e.g. a pricing-page visit). */
export const MomentRuleSchema = z.strictObject({
  id: IdSchema,
  label: LabelSchema,
  eventType: EngagementEventTypeSchema,
  urlPattern: UrlPatternSchema.optional(),
});
export type MomentRule = z.infer<typeof MomentRuleSchema>;

export const RulesetSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,99}$/, 'use lowercase letters, digits, - and _ (e.g. "default-b2b")'),
  name: z.string().trim().min(1).max(200),
  version: z.int().min(1).max(1_000_000),
  description: z.string().trim().max(5000).optional(),
  checklist: ChecklistSchema.default(bantChecklist),
  rules: z.array(RuleSchema).max(1000),
  thresholds: ThresholdsSchema,
  followUp: FollowUpPolicySchema.default({
    firstTouchSlaHours: { inquiry: 48, mql: 24, sql: 4 },
    minAttemptsBeforeUnresponsive: 5,
    recycleAfterDays: 90,
  }),
  moments: z.array(MomentRuleSchema).max(200).default([]),
});
/** A ruleset after validation: defaults filled. */
export type Ruleset = z.infer<typeof RulesetSchema>;
/** A ruleset as an admin writes it. */
export type RulesetInput = z.input<typeof RulesetSchema>;
