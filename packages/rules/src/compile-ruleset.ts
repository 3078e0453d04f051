import type {
  Contribution,
  EngagementRule,
  FitRule,
  GateRule,
  Grade,
  Lead,
  MatchedField,
  QualificationRule,
  QualificationState,
  Rule,
  Ruleset,
  RulesetInput,
  ScoreFlag,
  SuggestedStage,
} from '@leadlight/contract';
import {
  buildConditionNode,
  type ConditionNode,
  compileConditionNode,
  explainConditionNode,
} from './conditions';
import { type ResolvedPath, readField, resolveFieldPath } from './field-paths';
import { compileGate, type GateCheck } from './gates';
import {
  compileUrlPattern,
  type EventRuleSpec,
  readAnswerState,
  scaleToPoints,
  sumEventUnits,
} from './primitives';
import { validateRuleset } from './validate-ruleset';

/** Totals, grade and stage: what bulk scoring and backtests need, without explanations. */
export interface ScoreSummary {
  fit: number;
  engagement: number;
  qualification: number;
  total: number;
  grade: Grade;
  suggestedStage: SuggestedStage;
  /** A junk gate fired. */
  isJunk: boolean;
  /** A required-field gate fired. */
  isIncomplete: boolean;
}

export interface ScoreExplanation extends ScoreSummary {
  verifiedItems: string[];
  flags: ScoreFlag[];
  contributions: Contribution[];
}

export interface CompiledRuleset {
  readonly ruleset: Ruleset;
  /** `interpreted` runs anywhere (the extension's CSP forbids eval); `codegen` is the API's fast path. */
  readonly engine: 'interpreted' | 'codegen';
  /** Totals without explanations; writes into `into` when given (bulk scoring without garbage). */
  readonly summarize: (lead: Lead, nowMs: number, into?: ScoreSummary) => ScoreSummary;
  readonly explain: (lead: Lead, nowMs: number) => ScoreExplanation;
  /** The generated source (codegen only), for review and tests. */
  readonly generatedSource?: string;
}

export class RulesetInvalidError extends Error {
  constructor(readonly errors: ReadonlyArray<{ path: string; message: string }>) {
    super(
      `invalid ruleset: ${errors.map((error) => `${error.path || '(root)'}: ${error.message}`).join('; ')}`,
    );
    this.name = 'RulesetInvalidError';
  }
}

/** Compiled pieces shared by the interpreter and the code generator. */
export type PlannedRule =
  | { kind: 'fit'; rule: FitRule; node: ConditionNode; holds: (lead: Lead) => boolean }
  | {
      kind: 'engagement_condition';
      rule: EngagementRule & { basis: 'condition' };
      node: ConditionNode;
      holds: (lead: Lead) => boolean;
    }
  | { kind: 'engagement_events'; rule: EngagementRule & { basis: 'events' }; spec: EventRuleSpec }
  | { kind: 'engagement_total'; rule: EngagementRule & { basis: 'total' }; resolved: ResolvedPath }
  | { kind: 'qualification'; rule: QualificationRule }
  | { kind: 'gate'; rule: GateRule; check: GateCheck };

export interface RulesetPlan {
  ruleset: Ruleset;
  rules: PlannedRule[];
  checklistItems: string[];
}

const dayMs = 86_400_000;

function planRule(rule: Rule): PlannedRule {
  switch (rule.kind) {
    case 'fit': {
      const node = buildConditionNode(rule.when);
      return { kind: 'fit', rule, node, holds: compileConditionNode(node) };
    }
    case 'engagement':
      if (rule.basis === 'condition') {
        const node = buildConditionNode(rule.when);
        return { kind: 'engagement_condition', rule, node, holds: compileConditionNode(node) };
      }
      if (rule.basis === 'total') {
        const resolved = resolveFieldPath(`totals.${rule.total}`)!;
        return { kind: 'engagement_total', rule, resolved };
      }
      return {
        kind: 'engagement_events',
        rule,
        spec: {
          eventTypes: new Set(rule.eventTypes),
          urlParts: rule.urlPattern === undefined ? null : compileUrlPattern(rule.urlPattern),
          isSum: rule.measure === 'sum',
          windowMs: rule.windowDays === undefined ? Number.POSITIVE_INFINITY : rule.windowDays * dayMs,
          halfLifeMs: rule.halfLifeDays === undefined ? 0 : rule.halfLifeDays * dayMs,
          pointsPerUnit: rule.pointsPerUnit,
          cap: rule.cap,
        },
      };
    case 'qualification':
      return { kind: 'qualification', rule };
    case 'gate':
      return { kind: 'gate', rule, check: compileGate(rule) };
  }
}

/** Validates (again: compiled code must never see unchecked data) and resolves everything once. */
export function planRuleset(input: RulesetInput): RulesetPlan {
  const validation = validateRuleset(input);
  if (!validation.ok) throw new RulesetInvalidError(validation.errors);
  const ruleset = validation.ruleset;
  const rules = ruleset.rules.map(planRule);
  return { ruleset, rules, checklistItems: ruleset.checklist.items.map((item) => item.id) };
}

export function decideGrade(fit: number, ruleset: Ruleset): Grade {
  const { grades } = ruleset.thresholds;
  return fit >= grades.A ? 'A' : fit >= grades.B ? 'B' : fit >= grades.C ? 'C' : 'D';
}

export function isSqlReady(states: ReadonlyMap<string, QualificationState>, ruleset: Ruleset): boolean {
  const { minVerified, requiredVerified } = ruleset.thresholds.sql;
  let verified = 0;
  for (const state of states.values()) if (state === 'verified') verified += 1;
  if (verified < minVerified) return false;
  for (const item of requiredVerified) if (states.get(item) !== 'verified') return false;
  return true;
}

/** Junk beats everything; an incomplete lead waits as an inquiry; SQL is earned by people, MQL by points. */
export function decideStage(
  isJunk: boolean,
  isIncomplete: boolean,
  isSql: boolean,
  total: number,
  ruleset: Ruleset,
): SuggestedStage {
  if (isJunk) return 'disqualified';
  if (isIncomplete) return 'inquiry';
  if (isSql) return 'sql';
  return total >= ruleset.thresholds.mql ? 'mql' : 'inquiry';
}

function readTotal(lead: Lead, resolved: ResolvedPath): number | undefined {
  const value = readField(lead, resolved);
  return typeof value === 'number' ? value : undefined;
}

function readChecklistStates(lead: Lead, items: readonly string[]): Map<string, QualificationState> {
  const states = new Map<string, QualificationState>();
  for (const item of items) states.set(item, readAnswerState(lead.qualification, item));
  return states;
}

function buildInterpretedSummarize(plan: RulesetPlan): CompiledRuleset['summarize'] {
  const { ruleset, rules, checklistItems } = plan;
  return (lead, nowMs, into) => {
    let fit = 0;
    let engagement = 0;
    let qualification = 0;
    let isJunk = false;
    let isIncomplete = false;
    for (const planned of rules) {
      switch (planned.kind) {
        case 'fit':
          if (planned.holds(lead)) fit += planned.rule.points;
          break;
        case 'engagement_condition':
          if (planned.holds(lead)) engagement += planned.rule.points;
          break;
        case 'engagement_events':
          engagement += scaleToPoints(
            sumEventUnits(lead.events, nowMs, planned.spec),
            planned.spec.pointsPerUnit,
            planned.spec.cap,
          );
          break;
        case 'engagement_total': {
          const value = readTotal(lead, planned.resolved);
          if (value !== undefined)
            engagement += scaleToPoints(value, planned.rule.pointsPerUnit, planned.rule.cap);
          break;
        }
        case 'qualification':
          if (readAnswerState(lead.qualification, planned.rule.item) === planned.rule.state)
            qualification += planned.rule.points;
          break;
        case 'gate': {
          const finding = planned.check(lead);
          if (finding !== null) {
            if (finding.kind === 'junk') isJunk = true;
            else isIncomplete = true;
          }
          break;
        }
      }
    }
    const total = fit + engagement + qualification;
    const isSql = isSqlReady(readChecklistStates(lead, checklistItems), ruleset);
    const summary = into ?? ({} as ScoreSummary);
    summary.fit = fit;
    summary.engagement = engagement;
    summary.qualification = qualification;
    summary.total = total;
    summary.grade = decideGrade(fit, ruleset);
    summary.suggestedStage = decideStage(isJunk, isIncomplete, isSql, total, ruleset);
    summary.isJunk = isJunk;
    summary.isIncomplete = isIncomplete;
    return summary;
  };
}

/** The explaining scorer; both engines use it, so explanations are the same whatever the engine. */
export function buildExplain(plan: RulesetPlan): (lead: Lead, nowMs: number) => ScoreExplanation {
  const { ruleset, rules, checklistItems } = plan;
  return (lead, nowMs) => {
    const contributions: Contribution[] = [];
    const flags: ScoreFlag[] = [];
    let fit = 0;
    let engagement = 0;
    let qualification = 0;
    const add = (
      kind: Contribution['kind'],
      rule: { id: string; label: string },
      points: number,
      matched: MatchedField[],
    ) => {
      if (points === 0) return;
      if (kind === 'fit') fit += points;
      else if (kind === 'engagement') engagement += points;
      else qualification += points;
      contributions.push({ ruleId: rule.id, label: rule.label, kind, points, matched });
    };
    for (const planned of rules) {
      switch (planned.kind) {
        case 'fit':
        case 'engagement_condition': {
          const matched: MatchedField[] = [];
          if (explainConditionNode(planned.node, lead, matched))
            add(planned.kind === 'fit' ? 'fit' : 'engagement', planned.rule, planned.rule.points, matched);
          break;
        }
        case 'engagement_events': {
          const units = sumEventUnits(lead.events, nowMs, planned.spec);
          const points = scaleToPoints(units, planned.spec.pointsPerUnit, planned.spec.cap);
          // Units are shown rounded (decay makes long fractions); points were computed from the exact value.
          add('engagement', planned.rule, points, [
            { path: 'events', value: Math.round(units * 1000) / 1000 },
          ]);
          break;
        }
        case 'engagement_total': {
          const value = readTotal(lead, planned.resolved);
          if (value !== undefined)
            add(
              'engagement',
              planned.rule,
              scaleToPoints(value, planned.rule.pointsPerUnit, planned.rule.cap),
              [{ path: planned.resolved.path, value }],
            );
          break;
        }
        case 'qualification': {
          const { item, state, points } = planned.rule;
          if (readAnswerState(lead.qualification, item) === state) {
            const answer = Object.hasOwn(lead.qualification, item) ? lead.qualification[item] : undefined;
            add('qualification', planned.rule, points, [
              { path: `qualification.${item}`, value: answer?.value ?? state },
            ]);
          }
          break;
        }
        case 'gate': {
          const finding = planned.check(lead);
          if (finding !== null) flags.push({ ...finding, ruleId: planned.rule.id });
          break;
        }
      }
    }
    const total = fit + engagement + qualification;
    const states = readChecklistStates(lead, checklistItems);
    const isJunk = flags.some((flag) => flag.kind === 'junk');
    const isIncomplete = flags.some((flag) => flag.kind === 'incomplete');
    return {
      fit,
      engagement,
      qualification,
      total,
      grade: decideGrade(fit, ruleset),
      suggestedStage: decideStage(isJunk, isIncomplete, isSqlReady(states, ruleset), total, ruleset),
      isJunk,
      isIncomplete,
      verifiedItems: checklistItems.filter((item) => states.get(item) === 'verified'),
      flags,
      contributions,
    };
  };
}

/**
 * Compiles a ruleset into closures: no code generation, so it runs under the extension's CSP. Validates it
 * again (defaults filled) and throws RulesetInvalidError when it does not validate.
 */
export function compileRuleset(ruleset: RulesetInput): CompiledRuleset {
  const plan = planRuleset(ruleset);
  return {
    ruleset: plan.ruleset,
    engine: 'interpreted',
    summarize: buildInterpretedSummarize(plan),
    explain: buildExplain(plan),
  };
}
