import { z } from 'zod';
import {
  CompanySchema,
  CustomAttributesSchema,
  EngagementTotalsSchema,
  IdentitiesSchema,
  PersonSchema,
} from '../lead';
import { LeadSummarySchema, ListLeadsQuerySchema } from './leads';

export const exportFormats = ['json', 'csv'] as const;
export const ExportFormatSchema = z.enum(exportFormats);
export type ExportFormat = z.infer<typeof ExportFormatSchema>;

/** The list's filters and sort (every matching lead, no pages) plus the format. */
export const ExportLeadsQuerySchema = ListLeadsQuerySchema.omit({ cursor: true, limit: true }).extend({
  format: ExportFormatSchema.default('json'),
});
export type ExportLeadsQuery = z.infer<typeof ExportLeadsQuerySchema>;

/** One lead in a JSON export: the list's summary plus the profile sections and the known outcome. */
export const ExportedLeadSchema = LeadSummarySchema.extend({
  person: PersonSchema,
  company: CompanySchema,
  identities: IdentitiesSchema,
  totals: EngagementTotalsSchema,
  custom: CustomAttributesSchema,
  hasConverted: z.boolean().nullable(),
});
export type ExportedLead = z.infer<typeof ExportedLeadSchema>;

/** The JSON export's body (streamed): `{ "items": [...], "count": n }`. */
export const LeadExportResponseSchema = z.strictObject({
  items: z.array(ExportedLeadSchema),
  count: z.number().int().nonnegative(),
});
