/**
 * Fits the X Education ruleset on the train part: a points scorecard, the method credit scorecards use.
 *
 * 1. Each feature (a Lead field a sales manager knows) is cut into levels: the values of a drop-down, or
 *    bands of a number. Levels seen fewer than `minLevelCount` times in train are pooled with the most
 *    common level, which is the reference and scores 0.
 * 2. Every non-reference level becomes a candidate rule; the rules engine itself says which candidates match
 *    each lead (so "Google" and "google" fall together exactly as they will when scoring).
 * 3. An L2-regularised logistic regression on those 0/1 columns gives each level its log-odds against the
 *    reference; points = round(log-odds × `pointsPerLogOdds`). Levels that round to 0 are dropped.
 * 4. The MQL threshold is the total that maximises F1 on train (the backtest of @leadlight/rules, threshold
 *    overridden); grades A/B/C start at the train quartiles of the fit points.
 */
import type { Condition, Lead, LeadWithOutcome, Rule, RulesetInput } from '@leadlight/contract';
import { backtest, compileRuleset, scoreLead, scoreLeadTotals, validateRuleset } from '@leadlight/rules';
import { fitLogisticRegression } from './logistic-regression';

export interface CategoryFeature {
  type: 'category';
  /** Rule id prefix, e.g. "origin". */
  id: string;
  /** The column as people know it, used in labels: "Lead Origin is Lead Add Form". */
  name: string;
  /** The CSV header it comes from (through the import preset). */
  column: string;
  path: string;
  kind: 'fit' | 'engagement';
}

export interface Band {
  /** Inclusive; `max` omitted means no upper bound. */
  min: number;
  max?: number;
  label: string;
}

export interface BandFeature {
  type: 'bands';
  id: string;
  name: string;
  column: string;
  path: string;
  kind: 'fit' | 'engagement';
  bands: Band[];
}

export type ScorecardFeature = CategoryFeature | BandFeature;

export interface ScorecardOptions {
  id: string;
  name: string;
  description: string;
  features: ScorecardFeature[];
  /** Rules that come before the points: gates (they add no points and are not fitted). */
  gates: Rule[];
  minLevelCount?: number;
  l2?: number;
  pointsPerLogOdds?: number;
  now: string;
}

interface Candidate {
  id: string;
  label: string;
  kind: 'fit' | 'engagement';
  when: Condition;
}

type LevelValue = string | number | boolean | null;

/** Reads a field the way the rules do for these paths: `custom.x`, `a.b`, or a top-level list such as `tags`. */
function readPath(lead: Lead, path: string): unknown {
  let value: unknown = lead;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function isPresentValue(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

const missingKey = '\u0000missing';

/** Level key: case-insensitive text (the engine compares text that way), the value itself otherwise. */
function toLevelKey(value: unknown): string {
  if (!isPresentValue(value)) return missingKey;
  return typeof value === 'string' ? `s:${value.trim().toLowerCase()}` : `${typeof value}:${String(value)}`;
}

function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function describeValue(value: LevelValue): string {
  if (value === true) return 'Yes';
  if (value === false) return 'No';
  return String(value);
}

function buildCategoryCandidates(
  feature: CategoryFeature,
  train: readonly LeadWithOutcome[],
  minLevelCount: number,
): Candidate[] {
  const counts = new Map<string, { count: number; spellings: Map<LevelValue, number> }>();
  for (const { lead } of train) {
    const value = readPath(lead, feature.path);
    const values: unknown[] = Array.isArray(value) && value.length > 0 ? value : [value];
    for (const element of values) {
      const key = toLevelKey(element);
      const entry = counts.get(key) ?? { count: 0, spellings: new Map<LevelValue, number>() };
      entry.count += 1;
      const spelling = (typeof element === 'string' ? element.trim() : element) as LevelValue;
      if (key !== missingKey) entry.spellings.set(spelling, (entry.spellings.get(spelling) ?? 0) + 1);
      counts.set(key, entry);
    }
  }
  const kept = [...counts]
    .filter(([, entry]) => entry.count >= minLevelCount)
    .sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1));
  // The most common level is the reference: it scores 0, like every pooled rare level.
  return kept.slice(1).map(([key, entry]): Candidate => {
    if (key === missingKey) {
      return {
        id: `${feature.id}-missing`,
        label: `${feature.name} not given`,
        kind: feature.kind,
        when: { op: 'missing', path: feature.path },
      };
    }
    const [value] = [...entry.spellings].sort((a, b) => b[1] - a[1])[0] as [LevelValue, number];
    return {
      id: `${feature.id}-${slugify(describeValue(value))}`,
      label: `${feature.name} is ${describeValue(value)}`,
      kind: feature.kind,
      when: { op: 'equals', path: feature.path, value: value as string | number | boolean },
    };
  });
}

function buildBandCondition(path: string, band: Band): Condition {
  return band.max === undefined
    ? { op: 'gte', path, value: band.min }
    : { op: 'between', path, min: band.min, max: band.max };
}

function buildBandCandidates(
  feature: BandFeature,
  train: readonly LeadWithOutcome[],
  minLevelCount: number,
): Candidate[] {
  const bandOf = (value: unknown): number => {
    if (typeof value !== 'number') return -1;
    return feature.bands.findIndex(
      (band) => value >= band.min && (band.max === undefined || value <= band.max),
    );
  };
  const counts = new Map<number, number>();
  for (const { lead } of train) {
    const band = bandOf(readPath(lead, feature.path));
    counts.set(band, (counts.get(band) ?? 0) + 1);
  }
  const kept = [...counts]
    .filter(([, count]) => count >= minLevelCount)
    .sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  return kept.slice(1).map(([index]): Candidate => {
    const band = feature.bands[index];
    if (band === undefined) {
      return {
        id: `${feature.id}-missing`,
        label: `${feature.name} not known`,
        kind: feature.kind,
        when: { op: 'missing', path: feature.path },
      };
    }
    return {
      id: `${feature.id}-${slugify(band.label)}`,
      label: `${feature.name}: ${band.label}`,
      kind: feature.kind,
      when: buildBandCondition(feature.path, band),
    };
  });
}

function toRule(candidate: Candidate, points: number): Rule {
  const { id, label, when } = candidate;
  return candidate.kind === 'fit'
    ? { kind: 'fit', id, label, when, points }
    : { kind: 'engagement', basis: 'condition', id, label, when, points };
}

/** Validates and compiles, failing loudly: a ruleset we generate must always be valid. */
export function compileValidRuleset(json: unknown) {
  const validation = validateRuleset(json);
  if (!validation.ok) {
    const details = validation.errors.map((error) => `${error.path}: ${error.message}`).join('; ');
    throw new Error(`ruleset does not validate: ${details}`);
  }
  return compileRuleset(validation.ruleset);
}

/** Which candidate rules match each lead, according to the rules engine (one 1-point rule per candidate). */
function encodeWithEngine(
  candidates: readonly Candidate[],
  leads: readonly LeadWithOutcome[],
  now: string,
): Float64Array[] {
  const probe = compileValidRuleset({
    id: 'x-education-candidates',
    name: 'X Education candidate levels',
    version: 1,
    rules: candidates.map((candidate) => toRule(candidate, 1)),
    thresholds: { mql: 1 },
  });
  const columnOf = new Map(candidates.map((candidate, column) => [candidate.id, column]));
  return leads.map(({ lead }) => {
    const row = new Float64Array(candidates.length);
    for (const contribution of scoreLead(probe, lead, { now }).contributions) {
      row[columnOf.get(contribution.ruleId) as number] = 1;
    }
    return row;
  });
}

function quantile(sorted: readonly number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] as number;
}

/** Grades from fit points: A = top quarter of train, B, C the next quarters; kept strictly descending. */
function chooseGrades(fitTotals: number[]): { A: number; B: number; C: number } {
  const sorted = [...fitTotals].sort((a, b) => a - b);
  const C = quantile(sorted, 0.25);
  const B = Math.max(quantile(sorted, 0.5), C + 1);
  const A = Math.max(quantile(sorted, 0.75), B + 1);
  return { A, B, C };
}

/**
 * The threshold with the best F1 on train; on a tie, the higher one (fewer leads handed to sales). Totals and
 * gate outcomes come from the engine once; F1 is counted for every distinct total as the backtest defines an
 * MQL (gates passed and total ≥ threshold), and the winner is confirmed by the backtest itself.
 */
function chooseMqlThreshold(
  ruleset: RulesetInput,
  train: readonly LeadWithOutcome[],
  now: string,
): { threshold: number; f1: number } {
  const compiled = compileValidRuleset(ruleset);
  const accepted = train.flatMap(({ lead, converted }) => {
    const summary = scoreLeadTotals(compiled, lead, { now });
    return summary.isJunk || summary.isIncomplete ? [] : [{ total: summary.total, converted }];
  });
  const positives = train.filter(({ converted }) => converted).length;
  accepted.sort((a, b) => b.total - a.total);
  let best = { threshold: 0, f1: -1 };
  let truePositive = 0;
  for (let index = 0; index < accepted.length; index++) {
    const { total, converted } = accepted[index] as { total: number; converted: boolean };
    if (converted) truePositive += 1;
    if (accepted[index + 1]?.total === total) continue; // every lead at this total is in
    const f1 = (2 * truePositive) / (index + 1 + positives);
    if (f1 > best.f1) best = { threshold: total, f1 };
  }
  const confirmed = backtest(compiled, train, { now, threshold: best.threshold }).f1;
  if (confirmed === null || Math.abs(confirmed - best.f1) > 1e-12) {
    throw new Error(`F1 at ${best.threshold} counted as ${best.f1} but the backtest says ${confirmed}`);
  }
  return best;
}

export interface FittedScorecard {
  ruleset: RulesetInput;
  /** Train F1 at the chosen threshold. */
  trainF1: number;
  candidateCount: number;
  isConverged: boolean;
}

export function fitScorecard(train: readonly LeadWithOutcome[], options: ScorecardOptions): FittedScorecard {
  const { minLevelCount = 100, l2 = 1, pointsPerLogOdds = 10, now } = options;
  const candidates = options.features.flatMap((feature) =>
    feature.type === 'category'
      ? buildCategoryCandidates(feature, train, minLevelCount)
      : buildBandCandidates(feature, train, minLevelCount),
  );
  const model = fitLogisticRegression(
    encodeWithEngine(candidates, train, now),
    train.map(({ converted }) => (converted ? 1 : 0)),
    { l2 },
  );
  const rules: Rule[] = [...options.gates];
  candidates.forEach((candidate, column) => {
    const points = Math.round((model.weights[column] as number) * pointsPerLogOdds);
    if (points !== 0) rules.push(toRule(candidate, points));
  });
  const draft: RulesetInput = {
    id: options.id,
    name: options.name,
    version: 1,
    description: options.description,
    rules,
    thresholds: { mql: 0 },
  };
  const { threshold, f1 } = chooseMqlThreshold(draft, train, now);
  const compiled = compileValidRuleset(draft);
  const grades = chooseGrades(train.map(({ lead }) => scoreLead(compiled, lead, { now }).totals.fit));
  return {
    ruleset: { ...draft, thresholds: { mql: threshold, grades } },
    trainF1: f1,
    candidateCount: candidates.length,
    isConverged: model.isConverged,
  };
}
