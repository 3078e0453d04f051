import type {
  BacktestResult,
  LeadWithOutcome,
  RulesetComparison,
  StageChange,
  SuggestedStage,
} from '@leadlight/contract';
import type { CompiledRuleset, ScoreSummary } from './compile-ruleset';
import { type ScoringInstant, toEpochMs } from './score-lead';

export interface BacktestOptions {
  now: ScoringInstant;
  /** Overrides the ruleset's MQL threshold (to explore one before changing it). */
  threshold?: number;
}

interface Predictions {
  totals: Float64Array;
  /** 1 when the lead would be passed to sales: gates passed and (total ≥ threshold or SQL-ready). */
  positive: Uint8Array;
  converted: Uint8Array;
  stages: SuggestedStage[];
  threshold: number;
}

function predict(
  compiled: CompiledRuleset,
  leads: readonly LeadWithOutcome[],
  options: BacktestOptions,
  keepStages: boolean,
): Predictions {
  const nowMs = toEpochMs(options.now);
  const threshold = options.threshold ?? compiled.ruleset.thresholds.mql;
  const totals = new Float64Array(leads.length);
  const positive = new Uint8Array(leads.length);
  const converted = new Uint8Array(leads.length);
  const stages: SuggestedStage[] = [];
  const summarize = compiled.summarize;
  // One scratch summary for the whole run: 100,000 leads make no garbage.
  const scratch: ScoreSummary = {
    fit: 0,
    engagement: 0,
    qualification: 0,
    total: 0,
    grade: 'D',
    suggestedStage: 'inquiry',
    isJunk: false,
    isIncomplete: false,
  };
  for (let index = 0; index < leads.length; index += 1) {
    const item = leads[index]!;
    const summary = summarize(item.lead, nowMs, scratch);
    converted[index] = item.converted ? 1 : 0;
    totals[index] = summary.total;
    const isAccepted = !summary.isJunk && !summary.isIncomplete;
    positive[index] = isAccepted && (summary.suggestedStage === 'sql' || summary.total >= threshold) ? 1 : 0;
    if (keepStages) stages.push(summary.suggestedStage);
  }
  return { totals, positive, converted, stages, threshold };
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/** Area under the ROC curve from score buckets: exact, ties count half (the average-rank formula). */
export function computeAuc(
  totals: ArrayLike<number>,
  isConverted: (index: number) => boolean,
): number | null {
  const buckets = new Map<number, { positives: number; negatives: number }>();
  let positives = 0;
  let negatives = 0;
  for (let index = 0; index < totals.length; index += 1) {
    const total = totals[index]!;
    let bucket = buckets.get(total);
    if (bucket === undefined) {
      bucket = { positives: 0, negatives: 0 };
      buckets.set(total, bucket);
    }
    if (isConverted(index)) {
      bucket.positives += 1;
      positives += 1;
    } else {
      bucket.negatives += 1;
      negatives += 1;
    }
  }
  if (positives === 0 || negatives === 0) return null;
  const ascending = [...buckets.keys()].sort((a, b) => a - b);
  let negativesBelow = 0;
  let wins = 0;
  for (const total of ascending) {
    const bucket = buckets.get(total)!;
    wins += bucket.positives * (negativesBelow + bucket.negatives / 2);
    negativesBelow += bucket.negatives;
  }
  return wins / (positives * negatives);
}

interface Ranking {
  /** Lead indices by total, highest first; ties keep input order so deciles are deterministic. */
  order: ArrayLike<number>;
  auc: number | null;
}

/** Totals are integers in a modest range: a counting sort ranks 100,000 leads in O(n) and gives the AUC too. */
const maxCountingRange = 1 << 20;

function rankByCounting(totals: Float64Array, converted: Uint8Array, min: number, range: number): Ranking {
  const positives = new Float64Array(range);
  const negatives = new Float64Array(range);
  for (let index = 0; index < totals.length; index += 1) {
    const bucket = totals[index]! - min;
    if (converted[index] === 1) positives[bucket]! += 1;
    else negatives[bucket]! += 1;
  }
  let positiveCount = 0;
  let negativeCount = 0;
  let wins = 0;
  // Bucket starts from the highest total down, so the order is descending and stable.
  const starts = new Uint32Array(range);
  let position = 0;
  for (let bucket = range - 1; bucket >= 0; bucket -= 1) {
    starts[bucket] = position;
    position += positives[bucket]! + negatives[bucket]!;
  }
  for (let bucket = 0; bucket < range; bucket += 1) {
    wins += positives[bucket]! * (negativeCount + negatives[bucket]! / 2);
    negativeCount += negatives[bucket]!;
    positiveCount += positives[bucket]!;
  }
  const order = new Uint32Array(totals.length);
  for (let index = 0; index < totals.length; index += 1) {
    const bucket = totals[index]! - min;
    order[starts[bucket]!] = index;
    starts[bucket]! += 1;
  }
  return {
    order,
    auc: positiveCount === 0 || negativeCount === 0 ? null : wins / (positiveCount * negativeCount),
  };
}

function rankByTotalDescending(totals: Float64Array, converted: Uint8Array): Ranking {
  const count = totals.length;
  let max = Number.NEGATIVE_INFINITY;
  let min = Number.POSITIVE_INFINITY;
  let isIntegral = true;
  for (const total of totals) {
    if (total > max) max = total;
    if (total < min) min = total;
    if (!Number.isInteger(total)) isIntegral = false;
  }
  if (count === 0) return { order: new Uint32Array(0), auc: null };
  if (isIntegral && max - min < maxCountingRange)
    return rankByCounting(totals, converted, min, max - min + 1);
  const order = new Uint32Array(count);
  for (let index = 0; index < count; index += 1) order[index] = index;
  order.sort((a, b) => totals[b]! - totals[a]! || a - b);
  return { order, auc: computeAuc(totals, (index) => converted[index] === 1) };
}

function summarizePredictions(predictions: Predictions, leads: readonly LeadWithOutcome[]): BacktestResult {
  const { totals, positive, threshold } = predictions;
  const count = leads.length;
  let truePositive = 0;
  let falsePositive = 0;
  let trueNegative = 0;
  let falseNegative = 0;
  let revenueTotal = 0;
  let revenueCaptured = 0;
  let isRevenueKnown = false;
  for (let index = 0; index < count; index += 1) {
    const outcome = leads[index]!;
    const isPositive = positive[index] === 1;
    if (outcome.converted) {
      if (isPositive) truePositive += 1;
      else falseNegative += 1;
      if (typeof outcome.revenue === 'number') {
        isRevenueKnown = true;
        revenueTotal += outcome.revenue;
        if (isPositive) revenueCaptured += outcome.revenue;
      }
    } else if (isPositive) falsePositive += 1;
    else trueNegative += 1;
  }
  const converted = truePositive + falseNegative;
  const mqlCount = truePositive + falsePositive;
  const precision = ratio(truePositive, mqlCount);
  const recall = ratio(truePositive, converted);
  const f1 =
    precision === null || recall === null
      ? null
      : precision + recall === 0
        ? 0
        : (2 * precision * recall) / (precision + recall);

  const overallRate = ratio(converted, count);
  const { order, auc } = rankByTotalDescending(totals, predictions.converted);
  const deciles: BacktestResult['deciles'] = [];
  for (let decile = 0; decile < 10; decile += 1) {
    const start = Math.floor((decile * count) / 10);
    const end = Math.floor(((decile + 1) * count) / 10);
    let decileConverted = 0;
    let minScore: number | null = null;
    let maxScore: number | null = null;
    for (let position = start; position < end; position += 1) {
      const index = order[position]!;
      if (leads[index]!.converted) decileConverted += 1;
      const total = totals[index]!;
      if (maxScore === null) maxScore = total;
      minScore = total;
    }
    const conversionRate = ratio(decileConverted, end - start);
    deciles.push({
      decile: decile + 1,
      count: end - start,
      converted: decileConverted,
      conversionRate,
      lift:
        conversionRate === null || overallRate === null || overallRate === 0
          ? null
          : conversionRate / overallRate,
      minScore,
      maxScore,
    });
  }

  return {
    leads: count,
    converted,
    threshold,
    mqlCount,
    mqlShare: ratio(mqlCount, count),
    precision,
    recall,
    f1,
    mqlConversionRate: precision,
    restConversionRate: ratio(falseNegative, falseNegative + trueNegative),
    confusion: { truePositive, falsePositive, trueNegative, falseNegative },
    deciles,
    auc,
    revenueCaptured: isRevenueKnown ? ratio(revenueCaptured, revenueTotal) : null,
    revenueTotal: isRevenueKnown ? revenueTotal : null,
  };
}

/**
 * Scores historical leads as of `now` and measures the ruleset against what really happened. A lead counts
 * as predicted MQL when it passes the gates and reaches the threshold (or is SQL-ready). AUC ranks by total.
 */
export function backtest(
  compiled: CompiledRuleset,
  leadsWithOutcomes: readonly LeadWithOutcome[],
  options: BacktestOptions,
): BacktestResult {
  return summarizePredictions(predict(compiled, leadsWithOutcomes, options, false), leadsWithOutcomes);
}

function subtract(b: number | null, a: number | null): number | null {
  return a === null || b === null ? null : b - a;
}

/** What changes when `b` replaces `a`: leads whose suggested stage moves, and each metric's delta. */
export function compareRulesets(
  a: CompiledRuleset,
  b: CompiledRuleset,
  leadsWithOutcomes: readonly LeadWithOutcome[],
  options: { now: ScoringInstant },
): RulesetComparison {
  const predictionsA = predict(a, leadsWithOutcomes, options, true);
  const predictionsB = predict(b, leadsWithOutcomes, options, true);
  const changed: StageChange[] = [];
  for (let index = 0; index < leadsWithOutcomes.length; index += 1) {
    const from = predictionsA.stages[index]!;
    const to = predictionsB.stages[index]!;
    if (from === to) continue;
    const { lead, converted } = leadsWithOutcomes[index]!;
    changed.push({
      index,
      ...(lead.id === undefined ? {} : { leadId: lead.id }),
      from,
      to,
      totalA: predictionsA.totals[index]!,
      totalB: predictionsB.totals[index]!,
      converted,
    });
  }
  const resultA = summarizePredictions(predictionsA, leadsWithOutcomes);
  const resultB = summarizePredictions(predictionsB, leadsWithOutcomes);
  return {
    a: resultA,
    b: resultB,
    delta: {
      mqlCount: resultB.mqlCount - resultA.mqlCount,
      mqlShare: subtract(resultB.mqlShare, resultA.mqlShare),
      precision: subtract(resultB.precision, resultA.precision),
      recall: subtract(resultB.recall, resultA.recall),
      f1: subtract(resultB.f1, resultA.f1),
      auc: subtract(resultB.auc, resultA.auc),
      revenueCaptured: subtract(resultB.revenueCaptured, resultA.revenueCaptured),
    },
    changed,
  };
}
