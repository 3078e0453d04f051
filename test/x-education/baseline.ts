/**
 * The logistic-regression baseline the X Education ruleset is compared with. It reads the raw CSV columns (not
 * the Lead mapping), so it shows what a standard model gets from the export itself: one-hot categoricals with a
 * "(blank)" level and rare levels pooled, standardised numerics with a missing indicator, L2 penalty.
 */
import {
  fitLogisticRegression,
  type LogisticRegressionModel,
  predictProbability,
} from './logistic-regression';

export type RawLeadRow = Readonly<Record<string, string>>;

/** Recorded by the sales team after contacting the lead: excluded from the pre-contact variant. */
export const salesRecordedColumns = ['Tags', 'Lead Quality'] as const;

export const baselineNumericColumns = [
  'TotalVisits',
  'Total Time Spent on Website',
  'Page Views Per Visit',
] as const;

/** Every other column except identifiers and the label; constant columns simply get one level. */
export const baselineCategoricalColumns = [
  'Lead Origin',
  'Lead Source',
  'Do Not Email',
  'Do Not Call',
  'Last Activity',
  'Country',
  'Specialization',
  'How did you hear about X Education',
  'What is your current occupation',
  'What matters most to you in choosing a course',
  'Search',
  'Newspaper Article',
  'X Education Forums',
  'Newspaper',
  'Digital Advertisement',
  'Through Recommendations',
  'Lead Profile',
  'City',
  'Asymmetrique Activity Index',
  'Asymmetrique Profile Index',
  'Asymmetrique Activity Score',
  'Asymmetrique Profile Score',
  'A free copy of Mastering The Interview',
  'Last Notable Activity',
] as const;

export interface BaselineOptions {
  /** Include Tags and Lead Quality (set by sales after contact). */
  isUsingSalesColumns: boolean;
  /** Keep only these columns (diagnostics: "the baseline on the ruleset's own columns"). */
  onlyColumns?: readonly string[];
  /** Levels seen fewer times than this in the train part are pooled into one "(rare)" level. */
  minLevelCount?: number;
  l2?: number;
}

export interface BaselineEncoder {
  featureNames: string[];
  encode(row: RawLeadRow): Float64Array;
}

const blankLevel = '(blank)';
const rareLevel = '(rare)';

function readLevel(row: RawLeadRow, column: string): string {
  const value = row[column]?.trim() ?? '';
  return value === '' ? blankLevel : value;
}

function readNumber(row: RawLeadRow, column: string): number | undefined {
  const value = row[column]?.trim() ?? '';
  if (value === '') return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/** Learns levels, pooling and scaling from the train rows only, so nothing of the test part leaks in. */
export function createBaselineEncoder(
  trainRows: readonly RawLeadRow[],
  categoricalColumns: readonly string[],
  numericColumns: readonly string[],
  minLevelCount: number,
): BaselineEncoder {
  const featureNames: string[] = [];
  const categorical = categoricalColumns.map((column) => {
    const counts = new Map<string, number>();
    for (const row of trainRows)
      counts.set(readLevel(row, column), (counts.get(readLevel(row, column)) ?? 0) + 1);
    const kept = [...counts].filter(([, count]) => count >= minLevelCount).map(([level]) => level);
    kept.sort();
    const offsets = new Map<string, number>();
    for (const level of [...kept, rareLevel]) {
      offsets.set(level, featureNames.length);
      featureNames.push(`${column} = ${level}`);
    }
    return { column, offsets };
  });
  const numeric = numericColumns.map((column) => {
    const values = trainRows
      .map((row) => readNumber(row, column))
      .filter((v): v is number => v !== undefined);
    const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
    const spread = Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length) || 1;
    const valueOffset = featureNames.length;
    featureNames.push(`${column} (standardised)`, `${column} missing`);
    return { column, mean, spread, valueOffset };
  });
  return {
    featureNames,
    encode(row) {
      const features = new Float64Array(featureNames.length);
      for (const { column, offsets } of categorical) {
        features[offsets.get(readLevel(row, column)) ?? (offsets.get(rareLevel) as number)] = 1;
      }
      for (const { column, mean, spread, valueOffset } of numeric) {
        const value = readNumber(row, column);
        // Missing → the train mean (0 after scaling) plus an indicator that carries its own weight.
        if (value === undefined) features[valueOffset + 1] = 1;
        else features[valueOffset] = (value - mean) / spread;
      }
      return features;
    },
  };
}

export interface BaselineFit {
  encoder: BaselineEncoder;
  model: LogisticRegressionModel;
  predict(row: RawLeadRow): number;
}

export function isConvertedRow(row: RawLeadRow): boolean {
  return row.Converted === '1';
}

export function fitBaseline(
  trainRows: readonly RawLeadRow[],
  { isUsingSalesColumns, onlyColumns, minLevelCount = 20, l2 = 1 }: BaselineOptions,
): BaselineFit {
  const isKept = (column: string) => onlyColumns === undefined || onlyColumns.includes(column);
  const categoricalColumns: string[] = [...baselineCategoricalColumns];
  if (isUsingSalesColumns) categoricalColumns.push(...salesRecordedColumns);
  const encoder = createBaselineEncoder(
    trainRows,
    categoricalColumns.filter(isKept),
    baselineNumericColumns.filter(isKept),
    minLevelCount,
  );
  const model = fitLogisticRegression(
    trainRows.map((row) => encoder.encode(row)),
    trainRows.map((row) => (isConvertedRow(row) ? 1 : 0)),
    { l2 },
  );
  return { encoder, model, predict: (row) => predictProbability(model, encoder.encode(row)) };
}
