import { z } from 'zod';
import { IsoDateTimeSchema, QualificationStateSchema, StageSchema } from '../lead';
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

export const QueueItemSchema = z.strictObject({
  lead: LeadSummarySchema,
  nextAction: z.string().nullable(),
  isSlaBreached: z.boolean(),
});
export const MyQueueResponseSchema = z.strictObject({
  /** Own and unowned MQLs: SLA breaches first, then by score. */
  items: z.array(QueueItemSchema),
  /** Nurture leads whose recycle date has come. */
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
export const ReviewQueueResponseSchema = z.strictObject({
  items: z.array(ReviewItemSchema),
  nextCursor: z.string().nullable(),
});
export type ReviewQueueResponse = z.infer<typeof ReviewQueueResponseSchema>;
export const ReviewDecisionRequestSchema = z.strictObject({ note: z.string().trim().max(2000).optional() });
