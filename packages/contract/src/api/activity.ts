import { z } from 'zod';
import { IsoDateTimeSchema, QualificationStateSchema, StageSchema } from '../lead';
import { SlaStateSchema } from '../messages';
import { CursorSchema, IdSchema, LimitSchema } from './common';
import {
  AttemptsSchema,
  LeadSummarySchema,
  LeadViewSchema,
  ReviewReasonSchema,
  ReviewStateSchema,
} from './leads';

export const NoteSchema = z.strictObject({
  id: IdSchema,
  leadId: IdSchema,
  authorId: IdSchema,
  body: z.string(),
  createdAt: IsoDateTimeSchema,
  updatedAt: IsoDateTimeSchema,
});
export type Note = z.infer<typeof NoteSchema>;

export const CreateNoteRequestSchema = z.strictObject({ body: z.string().trim().min(1).max(10_000) });
export type CreateNoteRequest = z.infer<typeof CreateNoteRequestSchema>;
export const UpdateNoteRequestSchema = CreateNoteRequestSchema;
export const NoteResponseSchema = z.strictObject({ note: NoteSchema });
export const NoteListResponseSchema = z.strictObject({ items: z.array(NoteSchema) });

export const followUpChannels = ['call', 'voicemail', 'email', 'linkedin_message', 'meeting'] as const;
export const FollowUpChannelSchema = z.enum(followUpChannels);
export type FollowUpChannel = z.infer<typeof FollowUpChannelSchema>;

export const followUpOutcomes = [
  'no_answer',
  'left_voicemail',
  'connected',
  'replied',
  'bounced',
  'meeting_booked',
] as const;
export const FollowUpOutcomeSchema = z.enum(followUpOutcomes);
export type FollowUpOutcome = z.infer<typeof FollowUpOutcomeSchema>;

export const FollowUpSchema = z.strictObject({
  id: IdSchema,
  leadId: IdSchema,
  userId: IdSchema,
  channel: FollowUpChannelSchema,
  outcome: FollowUpOutcomeSchema,
  note: z.string().nullable(),
  occurredAt: IsoDateTimeSchema,
  createdAt: IsoDateTimeSchema,
});
export type FollowUp = z.infer<typeof FollowUpSchema>;

export const CreateFollowUpRequestSchema = z.strictObject({
  channel: FollowUpChannelSchema,
  outcome: FollowUpOutcomeSchema,
  note: z.string().trim().max(10_000).optional(),
  /** When the touch happened; defaults to now, may not be in the future. */
  occurredAt: IsoDateTimeSchema.optional(),
});
export type CreateFollowUpRequest = z.infer<typeof CreateFollowUpRequestSchema>;
export const FollowUpResponseSchema = z.strictObject({ followUp: FollowUpSchema, attempts: AttemptsSchema });
export const FollowUpListResponseSchema = z.strictObject({
  items: z.array(FollowUpSchema),
  attempts: AttemptsSchema,
});

export const QualificationAnswerViewSchema = z.strictObject({
  itemId: z.string(),
  state: QualificationStateSchema,
  value: z.string().nullable(),
  answeredBy: IdSchema,
  answeredAt: IsoDateTimeSchema,
});
export type QualificationAnswerView = z.infer<typeof QualificationAnswerViewSchema>;
export const SetQualificationRequestSchema = z.strictObject({
  state: QualificationStateSchema,
  value: z.string().trim().max(2000).optional(),
});
export type SetQualificationRequest = z.infer<typeof SetQualificationRequestSchema>;
export const QualificationItemParamSchema = z.strictObject({
  id: IdSchema,
  itemId: z.string().trim().min(1).max(60),
});
/** The active checklist, each item with this lead's answer (unknown / nulls when unanswered). */
export const QualificationResponseSchema = z.strictObject({
  items: z.array(
    z.strictObject({
      itemId: z.string(),
      label: z.string(),
      state: QualificationStateSchema,
      value: z.string().nullable(),
      answeredBy: IdSchema.nullable(),
      answeredAt: IsoDateTimeSchema.nullable(),
      isRequiredForSql: z.boolean(),
    }),
  ),
  minVerifiedForSql: z.number().int().nonnegative(),
});
export type QualificationResponse = z.infer<typeof QualificationResponseSchema>;
/**
 * An answer changes the score (and may move the stage): the lead as it now is, beside the checklist as it now
 * stands, so a caller redraws both without a second request.
 */
export const SetQualificationResponseSchema = z.strictObject({
  lead: LeadViewSchema,
  qualification: QualificationResponseSchema,
});
export type SetQualificationResponse = z.infer<typeof SetQualificationResponseSchema>;

export const MoveStageRequestSchema = z.strictObject({
  to: StageSchema,
  reasonCode: z.string().trim().min(1).max(60).optional(),
  reasonText: z.string().trim().max(2000).optional(),
  /** Nurture only: when the lead comes back to the queue (defaults from the ruleset). */
  recycleAt: IsoDateTimeSchema.optional(),
  /** Optional optimistic check: the version the client read. */
  version: z.number().int().positive().optional(),
});
export type MoveStageRequest = z.infer<typeof MoveStageRequestSchema>;
export const StageMoveSchema = z.strictObject({
  id: IdSchema,
  leadId: IdSchema,
  fromStage: StageSchema,
  toStage: StageSchema,
  reasonCode: z.string().nullable(),
  reasonText: z.string().nullable(),
  movedBy: IdSchema.nullable(),
  movedAt: IsoDateTimeSchema,
});
export const MoveStageResponseSchema = z.strictObject({ move: StageMoveSchema, lead: LeadViewSchema });

export const HistoryEntrySchema = z.strictObject({
  seq: z.number().int().positive(),
  entityType: z.string(),
  entityId: z.string(),
  leadId: z.string().nullable(),
  action: z.string(),
  actorId: z.string().nullable(),
  at: IsoDateTimeSchema,
  before: z.unknown(),
  after: z.unknown(),
});
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;
export const HistoryQuerySchema = z.strictObject({ cursor: CursorSchema.optional(), limit: LimitSchema });
export const HistoryResponseSchema = z.strictObject({
  items: z.array(HistoryEntrySchema),
  nextCursor: z.string().nullable(),
});
export type HistoryResponse = z.infer<typeof HistoryResponseSchema>;

export const QueueItemSchema = z.strictObject({
  lead: LeadSummarySchema,
  nextAction: z.string().nullable(),
  isSlaBreached: z.boolean(),
});
export const queueStages = ['mql', 'sal'] as const;
export const queueOwners = ['me', 'none'] as const;
export const QueueQuerySchema = z.strictObject({
  /** Only MQLs or only SALs (default: both). */
  stage: z.enum(queueStages).optional(),
  /** Only leads in this SLA state (`breached`: due and not touched since entering the stage). */
  sla: SlaStateSchema.optional(),
  /** Only own leads ("me") or only unowned ones ("none"); default both. */
  owner: z.enum(queueOwners).optional(),
  /** Text search over name, company, domain, emails and title. */
  q: z.string().trim().min(1).max(200).optional(),
  cursor: CursorSchema.optional(),
  limit: LimitSchema,
});
export type QueueQuery = z.infer<typeof QueueQuerySchema>;
export const MyQueueResponseSchema = z.strictObject({
  /** Own and unowned MQLs and SALs: SLA breaches first, then by score; one page of them. */
  items: z.array(QueueItemSchema),
  nextCursor: z.string().nullable(),
  /** Over every page of the filtered queue, not only this one. */
  counts: z.strictObject({
    total: z.number().int().nonnegative(),
    breached: z.number().int().nonnegative(),
  }),
  /**
   * Nurture leads whose recycle date has come (owner and text filters apply; they have no stage or SLA to filter
   * by), oldest recycle date first. On the first page only (empty when a cursor is given); at most 200.
   */
  recycled: z.array(QueueItemSchema),
});
export type MyQueueResponse = z.infer<typeof MyQueueResponseSchema>;

export const ReviewItemSchema = z.strictObject({
  lead: LeadSummarySchema,
  reasons: z.array(ReviewReasonSchema),
  reviewState: ReviewStateSchema,
});
export const ReviewQueueQuerySchema = z.strictObject({
  state: z.enum(['pending', 'confirmed']).default('pending'),
  cursor: CursorSchema.optional(),
  limit: LimitSchema,
});
/** Counts over the whole review queue of the requested state (every page), for "where do bad leads come from". */
export const ReviewTotalsSchema = z.strictObject({
  total: z.number().int().nonnegative(),
  /** Leads per source channel (null: no source), most first. */
  bySource: z.array(z.strictObject({ channel: z.string().nullable(), count: z.number().int().positive() })),
  /**
   * Leads per reason, most first: a gate rule counts by its `ruleId` (its texts name each lead), a reason without
   * a rule by its text (`reason`, null when a ruleId is given). A lead with two reasons counts under both.
   */
  byReason: z.array(
    z.strictObject({
      kind: ReviewReasonSchema.shape.kind,
      ruleId: z.string().nullable(),
      reason: z.string().nullable(),
      count: z.number().int().positive(),
    }),
  ),
  /** Leads in the queue with no recorded reason. */
  withoutReason: z.number().int().nonnegative(),
});
export type ReviewTotals = z.infer<typeof ReviewTotalsSchema>;
export const ReviewQueueResponseSchema = z.strictObject({
  items: z.array(ReviewItemSchema),
  nextCursor: z.string().nullable(),
  totals: ReviewTotalsSchema,
});
export type ReviewQueueResponse = z.infer<typeof ReviewQueueResponseSchema>;
export const ReviewDecisionRequestSchema = z.strictObject({ note: z.string().trim().max(2000).optional() });
