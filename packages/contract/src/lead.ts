import { z } from 'zod';

/** An ISO-8601 instant with an offset or Z; kept as a string on the wire and in JSON rulesets. */
export const IsoDateTimeSchema = z.iso.datetime({ offset: true });

/** The demand waterfall, plus the two side exits. Order matters: it is the funnel order. */
export const funnelStages = ['inquiry', 'mql', 'sal', 'sql', 'opportunity', 'won'] as const;
export const stages = [...funnelStages, 'lost', 'nurture', 'disqualified'] as const;
export const StageSchema = z.enum(stages);
export type Stage = z.infer<typeof StageSchema>;

export const seniorities = [
  'c_level',
  'vp',
  'director',
  'manager',
  'individual',
  'student',
  'other',
] as const;
export const SenioritySchema = z.enum(seniorities);

export const PersonSchema = z.strictObject({
  fullName: z.string().trim().max(200).optional(),
  firstName: z.string().trim().max(100).optional(),
  lastName: z.string().trim().max(100).optional(),
  title: z.string().trim().max(300).optional(),
  headline: z.string().trim().max(500).optional(),
  seniority: SenioritySchema.optional(),
  location: z.string().trim().max(200).optional(),
});
export type Person = z.infer<typeof PersonSchema>;

export const CompanySchema = z.strictObject({
  name: z.string().trim().max(200).optional(),
  domain: z.string().trim().toLowerCase().max(253).optional(),
  industry: z.string().trim().max(200).optional(),
  /** Number of employees. */
  size: z.number().int().nonnegative().optional(),
  country: z.string().trim().max(100).optional(),
  annualRevenue: z.number().nonnegative().optional(),
});
export type Company = z.infer<typeof CompanySchema>;

export const IdentitiesSchema = z.strictObject({
  emails: z.array(z.string().trim().max(320)).max(20).default([]),
  linkedinUrl: z.string().trim().max(500).optional(),
  phones: z.array(z.string().trim().max(50)).max(10).default([]),
});
export type Identities = z.infer<typeof IdentitiesSchema>;

export const SourceSchema = z.strictObject({
  /** Channel the lead came through, e.g. "web_form", "paid_search", "event", "linkedin", "import". */
  channel: z.string().trim().max(100).optional(),
  campaign: z.string().trim().max(200).optional(),
  /** Finer detail of the channel, e.g. the referring site or the form name. */
  detail: z.string().trim().max(200).optional(),
});
export type Source = z.infer<typeof SourceSchema>;

export const qualificationStates = ['unknown', 'claimed', 'verified'] as const;
export const QualificationStateSchema = z.enum(qualificationStates);
export type QualificationState = z.infer<typeof QualificationStateSchema>;

export const QualificationAnswerSchema = z.strictObject({
  state: QualificationStateSchema,
  value: z.string().trim().max(2000).optional(),
  /** Who answered: a user id or email. */
  by: z.string().max(320).optional(),
  at: IsoDateTimeSchema.optional(),
});
export type QualificationAnswer = z.infer<typeof QualificationAnswerSchema>;

export const engagementEventTypes = [
  'site_visit',
  'page_view',
  'email_open',
  'email_click',
  'form_submit',
  'webinar',
  'content_download',
  'reply',
  'meeting',
] as const;
export const EngagementEventTypeSchema = z.enum(engagementEventTypes);
export type EngagementEventType = z.infer<typeof EngagementEventTypeSchema>;

export const EngagementEventSchema = z.strictObject({
  type: EngagementEventTypeSchema,
  at: IsoDateTimeSchema,
  /** A quantity carried by the event (seconds on page, pages viewed); rules may sum it. */
  value: z.number().finite().optional(),
  url: z.string().max(2000).optional(),
  detail: z.string().max(500).optional(),
});
export type EngagementEvent = z.infer<typeof EngagementEventSchema>;

/** Engagement known only as totals (imports from tools that do not keep events). */
export const EngagementTotalsSchema = z.strictObject({
  visits: z.number().nonnegative().optional(),
  timeOnSiteSeconds: z.number().nonnegative().optional(),
  pageViewsPerVisit: z.number().nonnegative().optional(),
  lastActivity: z.string().trim().max(200).optional(),
});
export type EngagementTotals = z.infer<typeof EngagementTotalsSchema>;

/** Admin-defined attributes for columns with no standard home (e.g. X Education's "Lead Quality"). */
export const CustomValueSchema = z.union([z.string().max(2000), z.number().finite(), z.boolean(), z.null()]);
export const CustomAttributesSchema = z.record(z.string().min(1).max(100), CustomValueSchema);

/** Everything the rules read about a lead; the API stores it, the extension shows it. */
export const LeadSchema = z.strictObject({
  id: z.string().max(100).optional(),
  person: PersonSchema.default({}),
  company: CompanySchema.default({}),
  identities: IdentitiesSchema.default({ emails: [], phones: [] }),
  source: SourceSchema.default({}),
  tags: z.array(z.string().trim().min(1).max(60)).max(50).default([]),
  owner: z.string().max(100).nullable().optional(),
  stage: StageSchema.default('inquiry'),
  /** Keyed by checklist item id, e.g. "budget". */
  qualification: z.record(z.string().min(1).max(60), QualificationAnswerSchema).default({}),
  events: z.array(EngagementEventSchema).max(10_000).default([]),
  totals: EngagementTotalsSchema.default({}),
  custom: CustomAttributesSchema.default({}),
  createdAt: IsoDateTimeSchema.optional(),
  firstTouchedAt: IsoDateTimeSchema.optional(),
  lastTouchedAt: IsoDateTimeSchema.optional(),
});
/** A lead after parsing: defaults filled. */
export type Lead = z.infer<typeof LeadSchema>;
/** A lead as written by a person or a file: defaults may be missing. */
export type LeadInput = z.input<typeof LeadSchema>;
