import { z } from 'zod';
import { funnelStages } from '../lead';

export const statsPeriods = ['week', 'month'] as const;
export const StatsPeriodSchema = z.enum(statsPeriods);
export const statsGroupings = ['none', 'source', 'campaign'] as const;
export const StatsGroupingSchema = z.enum(statsGroupings);

const DateSchema = z.iso.date();

export const WaterfallQuerySchema = z.strictObject({
  period: StatsPeriodSchema.default('month'),
  by: StatsGroupingSchema.default('none'),
  /** Leads created on or after this day (UTC). */
  from: DateSchema.optional(),
  /** Leads created on or before this day (UTC). */
  to: DateSchema.optional(),
});
export type WaterfallQuery = z.infer<typeof WaterfallQuerySchema>;

const StageCountsSchema = z.record(z.enum(funnelStages), z.int().nonnegative());
export const StageConversionSchema = z.strictObject({
  from: z.enum(funnelStages),
  to: z.enum(funnelStages),
  /** reached(to) / reached(from); null when nobody reached `from`. */
  rate: z.number().nullable(),
});

/** Leads created in `period` (ISO week "2026-W48" or month "2026-11") that reached each stage at least once. */
export const WaterfallRowSchema = z.strictObject({
  period: z.string(),
  /** Source channel or campaign; null for leads without one (and when not grouped). */
  group: z.string().nullable(),
  reached: StageCountsSchema,
  conversion: z.array(StageConversionSchema),
});
export type WaterfallRow = z.infer<typeof WaterfallRowSchema>;

export const WaterfallResponseSchema = z.strictObject({
  period: StatsPeriodSchema,
  by: StatsGroupingSchema,
  stages: z.array(z.enum(funnelStages)),
  rows: z.array(WaterfallRowSchema),
});
export type WaterfallResponse = z.infer<typeof WaterfallResponseSchema>;

export const SlaStatsQuerySchema = z.strictObject({ by: StatsGroupingSchema.default('none') });

export const SlaStatsRowSchema = z.strictObject({
  group: z.string().nullable(),
  /** Leads in stage MQL now. */
  mqls: z.int().nonnegative(),
  /** MQLs past their first-touch SLA without a touch since they became MQL. */
  ignored: z.int().nonnegative(),
  ignoredShare: z.number().nullable(),
  /** Leads that became MQL and were touched afterwards. */
  touched: z.int().nonnegative(),
  /** Median hours from becoming MQL to the first touch after it; null when none was touched. */
  medianHoursToFirstTouch: z.number().nullable(),
});
export const SlaStatsResponseSchema = z.strictObject({
  by: StatsGroupingSchema,
  at: z.string(),
  rows: z.array(SlaStatsRowSchema),
});
export type SlaStatsResponse = z.infer<typeof SlaStatsResponseSchema>;
