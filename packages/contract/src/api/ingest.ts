import { z } from 'zod';
import { EngagementEventTypeSchema, IsoDateTimeSchema } from '../lead';
import { IdSchema } from './common';

/**
 * Who an event belongs to. The first identity given wins, in this order: leadId, email, linkedinUrl, phone; each is
 * normalised like the lookup's, so "Jane@ACME.com" finds jane@acme.com.
 */
export const IngestIdentitySchema = z
  .strictObject({
    leadId: IdSchema.optional(),
    email: z.string().trim().min(1).max(320).optional(),
    linkedinUrl: z.string().trim().min(1).max(2000).optional(),
    phone: z.string().trim().min(1).max(50).optional(),
  })
  .refine((identity) => Object.values(identity).some((value) => value !== undefined), {
    message: 'give at least one of leadId, email, linkedinUrl, phone',
  });
export type IngestIdentity = z.infer<typeof IngestIdentitySchema>;

export const IngestEventSchema = z.strictObject({
  identity: IngestIdentitySchema,
  type: EngagementEventTypeSchema,
  at: IsoDateTimeSchema,
  value: z.number().finite().optional(),
  url: z.string().max(2000).optional(),
  detail: z.string().max(500).optional(),
});
export type IngestEvent = z.infer<typeof IngestEventSchema>;

export const maxIngestBatch = 500;
export const IngestRequestSchema = z.strictObject({
  events: z.array(IngestEventSchema).min(1).max(maxIngestBatch),
});
export type IngestRequest = z.infer<typeof IngestRequestSchema>;

/** Every event gets a result, in request order: nothing is dropped silently. */
export const IngestEventResultSchema = z.discriminatedUnion('status', [
  z.strictObject({
    index: z.int().nonnegative(),
    status: z.literal('recorded'),
    leadId: IdSchema,
    eventId: IdSchema,
    score: z.int(),
    /** Alerts this event raised (MQL threshold crossed, moments of interest). */
    alerts: z.array(z.strictObject({ kind: z.enum(['mql', 'moment']), label: z.string() })),
  }),
  z.strictObject({
    index: z.int().nonnegative(),
    status: z.enum(['unknown_identity', 'invalid_identity']),
    message: z.string(),
  }),
]);
export type IngestEventResult = z.infer<typeof IngestEventResultSchema>;

export const IngestResponseSchema = z.strictObject({
  recorded: z.int().nonnegative(),
  unmatched: z.int().nonnegative(),
  results: z.array(IngestEventResultSchema),
});
export type IngestResponse = z.infer<typeof IngestResponseSchema>;

export const IngestKeySchema = z.strictObject({
  id: IdSchema,
  label: z.string(),
  /** The first characters of the key, enough to recognise it. */
  prefix: z.string(),
  createdBy: IdSchema.nullable(),
  createdAt: IsoDateTimeSchema,
  lastUsedAt: IsoDateTimeSchema.nullable(),
  revokedAt: IsoDateTimeSchema.nullable(),
});
export type IngestKey = z.infer<typeof IngestKeySchema>;

export const CreateIngestKeyRequestSchema = z.strictObject({
  label: z.string().trim().min(1).max(100),
});
/** The only response carrying the key in clear; only its SHA-256 is stored. */
export const IssuedIngestKeySchema = z.strictObject({ key: IngestKeySchema, secret: z.string() });
export type IssuedIngestKey = z.infer<typeof IssuedIngestKeySchema>;
export const IngestKeyListResponseSchema = z.strictObject({ items: z.array(IngestKeySchema) });
