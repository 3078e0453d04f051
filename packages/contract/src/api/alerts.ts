import { z } from 'zod';
import { IsoDateTimeSchema } from '../lead';
import { IdSchema } from './common';

export const alertKinds = ['mql', 'moment'] as const;
export const AlertKindSchema = z.enum(alertKinds);

/** A reason to reach a lead now: it crossed the MQL threshold, or a moment-of-interest rule fired. */
export const AlertSchema = z.strictObject({
  /** Increasing: the feed's cursor. */
  seq: z.int().positive(),
  kind: AlertKindSchema,
  leadId: IdSchema,
  leadName: z.string().nullable(),
  /** Why: the moment rule's label, or "Reached the MQL threshold (55 ≥ 50)". */
  label: z.string(),
  ruleId: z.string().nullable(),
  /** `owner`: the lead's owner; `team`: every sales user, the lead being unowned. */
  audience: z.enum(['owner', 'team']),
  createdAt: IsoDateTimeSchema,
  readAt: IsoDateTimeSchema.nullable(),
});
export type Alert = z.infer<typeof AlertSchema>;

export const maxAlertWaitSeconds = 25;
export const AlertFeedQuerySchema = z.strictObject({
  /** The `nextCursor` of the previous answer; omit to start from the oldest unread. */
  after: z.coerce.number().int().nonnegative().optional(),
  /** Long-poll: with nothing new, hold the request up to this many seconds and answer as soon as an alert arrives. */
  wait: z.coerce.number().int().min(0).max(maxAlertWaitSeconds).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AlertFeedQuery = z.infer<typeof AlertFeedQuerySchema>;

export const AlertFeedResponseSchema = z.strictObject({
  items: z.array(AlertSchema),
  /** Pass back as `after`; equals the request's `after` when nothing arrived. */
  nextCursor: z.int().nonnegative(),
});
export type AlertFeedResponse = z.infer<typeof AlertFeedResponseSchema>;

export const AlertParamSchema = z.strictObject({ seq: z.coerce.number().int().positive() });
export const AlertResponseSchema = z.strictObject({ alert: AlertSchema });
