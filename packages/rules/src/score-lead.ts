import type { EngagementEvent, Lead, MomentRule, Score } from '@leadlight/contract';
import type { CompiledRuleset, ScoreSummary } from './compile-ruleset';
import { compileUrlPattern, matchesUrlPattern } from './primitives';

/** The moment scores are computed at: a Date, epoch milliseconds, or an ISO string. Never the clock. */
export type ScoringInstant = Date | number | string;

export interface ScoreOptions {
  now: ScoringInstant;
}

const maxEpochMs = 8.64e15;

export function toEpochMs(instant: ScoringInstant): number {
  const ms =
    typeof instant === 'number'
      ? instant
      : typeof instant === 'string'
        ? Date.parse(instant)
        : instant.getTime();
  if (!Number.isFinite(ms) || Math.abs(ms) > maxEpochMs)
    throw new RangeError(`invalid "now": ${String(instant)}`);
  return ms;
}

/** Scores a lead and explains it: contributions (integers) sum exactly to `totals.total`. */
export function scoreLead(compiled: CompiledRuleset, lead: Lead, options: ScoreOptions): Score {
  const nowMs = toEpochMs(options.now);
  const explanation = compiled.explain(lead, nowMs);
  return {
    rulesetId: compiled.ruleset.id,
    rulesetVersion: compiled.ruleset.version,
    scoredAt: new Date(nowMs).toISOString(),
    totals: {
      fit: explanation.fit,
      engagement: explanation.engagement,
      qualification: explanation.qualification,
      total: explanation.total,
    },
    grade: explanation.grade,
    suggestedStage: explanation.suggestedStage,
    verifiedItems: explanation.verifiedItems,
    flags: explanation.flags,
    contributions: explanation.contributions,
  };
}

/** The fast path: the same totals, grade and stage as scoreLead, without building the explanation. */
export function scoreLeadTotals(compiled: CompiledRuleset, lead: Lead, options: ScoreOptions): ScoreSummary {
  return compiled.summarize(lead, toEpochMs(options.now));
}

const patternCache = new WeakMap<MomentRule, string[] | null>();

/** The moments of interest an event triggers (e.g. a pricing-page visit → "Looking at pricing"). */
export function findMoments(
  compiled: CompiledRuleset,
  event: Pick<EngagementEvent, 'type' | 'url'>,
): MomentRule[] {
  return compiled.ruleset.moments.filter((moment) => {
    if (moment.eventType !== event.type) return false;
    if (moment.urlPattern === undefined) return true;
    let parts = patternCache.get(moment);
    if (parts === undefined) {
      parts = compileUrlPattern(moment.urlPattern);
      patternCache.set(moment, parts);
    }
    return typeof event.url === 'string' && parts !== null && matchesUrlPattern(event.url, parts);
  });
}
