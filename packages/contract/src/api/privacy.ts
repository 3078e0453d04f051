import { z } from 'zod';
import { IsoDateTimeSchema } from '../lead';
import { FollowUpSchema, NoteSchema, StageMoveSchema } from './activity';
import { IdSchema } from './common';
import { LeadViewSchema } from './leads';

export const PersonalDataEntrySchema = z.strictObject({
  seq: z.number().int(),
  entityType: z.string(),
  entityId: z.string(),
  action: z.string(),
  actorId: z.string().nullable(),
  at: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});

export const EraseLeadRequestSchema = z.strictObject({
  /** Why (e.g. "GDPR art. 17 request #123"); recorded with the erasure, so no personal data here. */
  reason: z.string().trim().max(500).optional(),
});
export type EraseLeadRequest = z.infer<typeof EraseLeadRequestSchema>;

/** The record an erasure leaves: who, when, how much was removed — never what. */
export const ErasureSchema = z.strictObject({
  id: IdSchema,
  leadId: IdSchema,
  erasedBy: IdSchema.nullable(),
  erasedAt: IsoDateTimeSchema,
  reason: z.string().nullable(),
  counts: z.strictObject({
    identities: z.number().int().nonnegative(),
    externalIds: z.number().int().nonnegative(),
    notes: z.number().int().nonnegative(),
    followUps: z.number().int().nonnegative(),
    stageMoves: z.number().int().nonnegative(),
    qualificationAnswers: z.number().int().nonnegative(),
    events: z.number().int().nonnegative(),
    historyEntries: z.number().int().nonnegative(),
    importRows: z.number().int().nonnegative(),
    idempotencyRecords: z.number().int().nonnegative(),
  }),
});
export type Erasure = z.infer<typeof ErasureSchema>;

/** Everything held about one person (the subject access export of GDPR art. 15). */
export const PersonalDataExportSchema = z.strictObject({
  exportedAt: IsoDateTimeSchema,
  lead: LeadViewSchema,
  identities: z.array(z.strictObject({ kind: z.string(), value: z.string() })),
  externalIds: z.array(z.strictObject({ system: z.string(), externalId: z.string() })),
  notes: z.array(NoteSchema),
  followUps: z.array(FollowUpSchema),
  // The same stage move every other answer carries (leadId included), like notes and followUps above.
  stageMoves: z.array(StageMoveSchema),
  events: z.array(
    z.strictObject({
      type: z.string(),
      at: z.string(),
      value: z.number().nullable(),
      url: z.string().nullable(),
      detail: z.string().nullable(),
    }),
  ),
  history: z.array(PersonalDataEntrySchema),
  erasure: ErasureSchema.nullable(),
});
export type PersonalDataExport = z.infer<typeof PersonalDataExportSchema>;

export const ErasureResponseSchema = z.strictObject({ erasure: ErasureSchema });
export const ErasureListResponseSchema = z.strictObject({ items: z.array(ErasureSchema) });
