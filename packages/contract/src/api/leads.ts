import { z } from 'zod';
import {
  CompanySchema,
  CustomAttributesSchema,
  EngagementTotalsSchema,
  IdentitiesSchema,
  IsoDateTimeSchema,
  LeadSchema,
  PersonSchema,
  QualificationAnswerSchema,
  SourceSchema,
  StageSchema,
} from '../lead';
import { CaptureDraftSchema, ContributionViewSchema, LeadCardSchema, SlaStateSchema } from '../messages';
import { CursorSchema, IdSchema, LimitSchema } from './common';

/** Accepted, or kept in the review queue (junk, incomplete) — never dropped. */
export const gateOutcomes = ['accepted', 'review'] as const;
export const GateOutcomeSchema = z.enum(gateOutcomes);
export type GateOutcome = z.infer<typeof GateOutcomeSchema>;

export const reviewStates = ['pending', 'confirmed', 'reconsidered'] as const;
export const ReviewStateSchema = z.enum(reviewStates);

/** Why a lead is in the review queue: a gate flag (junk, incomplete) or a rep's disqualification (rejected). */
export const ReviewReasonSchema = z.strictObject({
  kind: z.enum(['junk', 'incomplete', 'rejected']),
  reason: z.string(),
  ruleId: z.string().optional(),
});
export type ReviewReason = z.infer<typeof ReviewReasonSchema>;

export const AttemptsSchema = z.strictObject({
  made: z.number().int().nonnegative(),
  required: z.number().int().positive(),
});
export const SlaSchema = z.strictObject({ state: SlaStateSchema, dueAt: IsoDateTimeSchema.optional() });

/** A lead in lists and queues. */
export const LeadSummarySchema = z.strictObject({
  id: IdSchema,
  version: z.number().int().positive(),
  stage: StageSchema,
  ownerId: IdSchema.nullable(),
  fullName: z.string().nullable(),
  companyName: z.string().nullable(),
  companyDomain: z.string().nullable(),
  email: z.string().nullable(),
  source: SourceSchema,
  tags: z.array(z.string()),
  score: z.number().nullable(),
  grade: z.string().nullable(),
  flags: z.array(z.string()),
  gate: GateOutcomeSchema,
  attempts: AttemptsSchema,
  sla: SlaSchema,
  createdAt: IsoDateTimeSchema,
  updatedAt: IsoDateTimeSchema,
});
export type LeadSummary = z.infer<typeof LeadSummarySchema>;

/** One lead in full. */
export const LeadViewSchema = LeadSummarySchema.extend({
  person: PersonSchema,
  company: CompanySchema,
  identities: IdentitiesSchema,
  totals: EngagementTotalsSchema,
  custom: CustomAttributesSchema,
  qualification: z.record(z.string(), QualificationAnswerSchema),
  contributions: z.array(ContributionViewSchema),
  nextAction: z.string().nullable(),
  review: z.strictObject({ state: ReviewStateSchema, reasons: z.array(ReviewReasonSchema) }).nullable(),
  rulesetId: z.string().nullable(),
  firstTouchedAt: IsoDateTimeSchema.nullable(),
  lastTouchedAt: IsoDateTimeSchema.nullable(),
  mqlAt: IsoDateTimeSchema.nullable(),
  recycleAt: IsoDateTimeSchema.nullable(),
  hasConverted: z.boolean().nullable(),
});
export type LeadView = z.infer<typeof LeadViewSchema>;

export const LeadResponseSchema = z.strictObject({ lead: LeadViewSchema });
export type LeadResponse = z.infer<typeof LeadResponseSchema>;

/** A full lead written by a marketer or a tool. Stage starts at inquiry; scoring decides the rest. */
export const CreateLeadRequestSchema = LeadSchema.omit({
  id: true,
  stage: true,
  events: true,
  createdAt: true,
  firstTouchedAt: true,
  lastTouchedAt: true,
});
export type CreateLeadRequest = z.infer<typeof CreateLeadRequestSchema>;
export type CreateLeadRequestInput = z.input<typeof CreateLeadRequestSchema>;

/** Capture from the overlay: what the page showed, as the rep confirmed it. */
export const CaptureLeadRequestSchema = CaptureDraftSchema;
export type CaptureLeadRequest = z.infer<typeof CaptureLeadRequestSchema>;

/** `details` of a 409 `duplicate`: the lead that already holds one of the identities. */
export const DuplicateDetailsSchema = z.strictObject({
  leadId: IdSchema,
  matchedBy: z.enum(['email', 'linkedin', 'phone']),
  value: z.string(),
});
/** `details` of a 422 `gate_refused`: the lead was kept in the review queue, not dropped. */
export const GateRefusedDetailsSchema = z.strictObject({
  leadId: IdSchema,
  gate: GateOutcomeSchema,
  reasons: z.array(ReviewReasonSchema),
});

/** Sections given replace the stored ones; `version` must be the one read (stale → 409). */
export const UpdateLeadRequestSchema = z.strictObject({
  version: z.number().int().positive(),
  person: PersonSchema.optional(),
  company: CompanySchema.optional(),
  identities: IdentitiesSchema.optional(),
  source: SourceSchema.optional(),
  tags: z.array(z.string().trim().min(1).max(60)).max(50).optional(),
  ownerId: IdSchema.nullable().optional(),
  totals: EngagementTotalsSchema.optional(),
  custom: CustomAttributesSchema.optional(),
});
export type UpdateLeadRequest = z.infer<typeof UpdateLeadRequestSchema>;

export const leadSorts = ['-createdAt', 'createdAt', '-updatedAt', 'updatedAt', '-score', 'score'] as const;
export const LeadSortSchema = z.enum(leadSorts);
export type LeadSort = z.infer<typeof LeadSortSchema>;

export const ListLeadsQuerySchema = z.strictObject({
  stage: StageSchema.optional(),
  /** A user id, "me" or "none" (unowned). */
  owner: z.string().trim().min(1).max(100).optional(),
  source: z.string().trim().min(1).max(100).optional(),
  campaign: z.string().trim().min(1).max(200).optional(),
  tag: z.string().trim().min(1).max(60).optional(),
  flag: z.string().trim().min(1).max(60).optional(),
  /** Text search over name, company, domain, emails and title. */
  q: z.string().trim().min(1).max(200).optional(),
  sort: LeadSortSchema.default('-createdAt'),
  cursor: CursorSchema.optional(),
  limit: LimitSchema,
});
export type ListLeadsQuery = z.infer<typeof ListLeadsQuerySchema>;

export const LeadListResponseSchema = z.strictObject({
  items: z.array(LeadSummarySchema),
  nextCursor: z.string().nullable(),
});
export type LeadListResponse = z.infer<typeof LeadListResponseSchema>;

export const lookupKeys = ['email', 'linkedin', 'phone', 'domain', 'name_company'] as const;
export const LookupKeySchema = z.enum(lookupKeys);

/** Lookup by one identity: email, LinkedIn URL in any form, phone, company domain, or name + company. */
export const LookupQuerySchema = z
  .strictObject({
    email: z.string().trim().min(3).max(320).optional(),
    linkedin: z.string().trim().min(3).max(500).optional(),
    phone: z.string().trim().min(3).max(50).optional(),
    domain: z.string().trim().min(3).max(253).optional(),
    name: z.string().trim().min(1).max(200).optional(),
    company: z.string().trim().min(1).max(200).optional(),
  })
  .refine(
    (query) =>
      query.email !== undefined ||
      query.linkedin !== undefined ||
      query.phone !== undefined ||
      query.domain !== undefined ||
      (query.name !== undefined && query.company !== undefined),
    { message: 'Give email, linkedin, phone, domain, or name together with company' },
  );
export type LookupQuery = z.infer<typeof LookupQuerySchema>;

export const LookupResponseSchema = z.strictObject({
  matchedBy: LookupKeySchema,
  /** Other leads matching a domain or name + company lookup, best first (the card shows the first). */
  otherLeadIds: z.array(IdSchema),
  card: LeadCardSchema,
});
export type LookupResponse = z.infer<typeof LookupResponseSchema>;

/** The same card by lead id (the dashboard's lead screen, a link from a list). */
export const LeadCardResponseSchema = z.strictObject({ card: LeadCardSchema });
export type LeadCardResponse = z.infer<typeof LeadCardResponseSchema>;
