import type { Lead, Ruleset, RulesetInput } from '@leadlight/contract';
import { buildExplain, type CompiledRuleset, planRuleset, type ScoreSummary } from './compile-ruleset';
import { buildConditionNode, buildDomainSet, buildInSets, type ConditionNode } from './conditions';
import { type ResolvedPath, resolveFieldPath } from './field-paths';
import {
  domainOf,
  isDomainInSet,
  isPresent,
  normalizeText,
  readAnswerState,
  scaleToPoints,
  sumEventUnits,
} from './primitives';

/*
 * The API's fast path: one specialised function per ruleset, built with `new Function` (so never in the
 * extension, whose CSP forbids it). Nothing from the ruleset is ever spliced into the source: every value,
 * key and id reaches the generated code through the constants array `K`, and the only names in the source
 * are ones this file makes up (k0, v0, …) or knows (the standard lead fields). Semantics come from the same
 * primitives the interpreter uses; explanations come from the interpreter itself.
 */

type Summarize = (lead: Lead, nowMs: number, into?: ScoreSummary) => ScoreSummary;

const helpers = {
  isPresent,
  normalizeText,
  domainOf,
  isDomainInSet,
  readAnswerState,
  scaleToPoints,
  sumEventUnits,
  readOwn(record: unknown, key: string): unknown {
    return record !== null && typeof record === 'object' && Object.hasOwn(record, key)
      ? (record as Record<string, unknown>)[key]
      : undefined;
  },
  /** The interpreter's list rule: a list matches when any element does. */
  matchValue(value: unknown, test: (value: unknown) => boolean): boolean {
    if (Array.isArray(value)) {
      for (const element of value) if (test(element)) return true;
      return false;
    }
    return test(value);
  },
};

const literal = (text: string) => JSON.stringify(text);

class CodeBuilder {
  readonly constants: unknown[] = [];
  readonly prologue: string[] = [];
  private readonly groups = new Map<string, string>();
  private readonly values = new Map<string, string>();
  private readonly texts = new Map<string, string>();
  private readonly answers = new Map<string, string>();

  constant(value: unknown): string {
    this.constants.push(value);
    return `k${this.constants.length - 1}`;
  }

  private group(name: string): string {
    let variable = this.groups.get(name);
    if (variable === undefined) {
      variable = `g${this.groups.size}`;
      this.groups.set(name, variable);
      // Group names come from the contract's own field table, never from the ruleset.
      this.prologue.push(`const ${variable} = lead[${literal(name)}];`);
    }
    return variable;
  }

  value(resolved: ResolvedPath): string {
    let variable = this.values.get(resolved.path);
    if (variable === undefined) {
      variable = `v${this.values.size}`;
      this.values.set(resolved.path, variable);
      if (resolved.key === null) {
        this.prologue.push(`const ${variable} = lead[${literal(resolved.group)}];`);
      } else if (resolved.isCustom) {
        const group = this.group(resolved.group);
        // A key that Object.prototype also has ("constructor", "toString") must be an own property; any other
        // key of a plain object can only be own, so it skips the hasOwn check (the interpreter always makes it).
        this.prologue.push(
          resolved.key in Object.prototype
            ? `const ${variable} = H.readOwn(${group}, ${this.constant(resolved.key)});`
            : `const ${variable} = ${group} === null || typeof ${group} !== 'object' ? undefined : ${group}[${this.constant(resolved.key)}];`,
        );
      } else {
        const group = this.group(resolved.group);
        this.prologue.push(
          `const ${variable} = ${group} === null || typeof ${group} !== 'object' ? undefined : ${group}[${literal(resolved.key)}];`,
        );
      }
    }
    return variable;
  }

  /** The normalised text of a scalar path, computed once per lead. */
  text(resolved: ResolvedPath): string {
    let variable = this.texts.get(resolved.path);
    if (variable === undefined) {
      const value = this.value(resolved);
      variable = `t${this.texts.size}`;
      this.texts.set(resolved.path, variable);
      this.prologue.push(
        `const ${variable} = typeof ${value} === 'string' ? H.normalizeText(${value}) : undefined;`,
      );
    }
    return variable;
  }

  answer(item: string): string {
    let variable = this.answers.get(item);
    if (variable === undefined) {
      variable = `s${this.answers.size}`;
      this.answers.set(item, variable);
      this.prologue.push(
        `const ${variable} = H.readAnswerState(lead.qualification, ${this.constant(item)});`,
      );
    }
    return variable;
  }

  condition(node: ConditionNode): string {
    switch (node.op) {
      case 'all':
        return `(${node.children.map((child) => this.condition(child)).join(' && ')})`;
      case 'any':
        return `(${node.children.map((child) => this.condition(child)).join(' || ')})`;
      case 'not':
        return `!${this.condition(node.child)}`;
      case 'exists':
        return `H.isPresent(${this.value(node.resolved)})`;
      case 'missing':
        return `!H.isPresent(${this.value(node.resolved)})`;
      case 'scalar':
        return this.scalarCondition(node);
    }
  }

  private scalarCondition(node: ConditionNode & { op: 'scalar' }): string {
    const { resolved } = node;
    // Lists use the interpreter's own test on each element. Custom attributes are scalars in a valid lead, but
    // only the data knows: inline the scalar test and keep the list rule for anything else.
    if (resolved.type === 'strings')
      return `H.matchValue(${this.value(resolved)}, ${this.constant(node.test)})`;
    const scalar = this.inlineScalarTest(node);
    if (resolved.type === 'any') {
      const v = this.value(resolved);
      return `(Array.isArray(${v}) ? H.matchValue(${v}, ${this.constant(node.test)}) : ${scalar})`;
    }
    return scalar;
  }

  private inlineScalarTest(node: ConditionNode & { op: 'scalar' }): string {
    const { leaf, resolved } = node;
    const v = this.value(resolved);
    switch (leaf.op) {
      case 'equals':
        return typeof leaf.value === 'string'
          ? `(${this.text(resolved)} === ${this.constant(normalizeText(leaf.value))})`
          : `(${v} === ${this.constant(leaf.value)})`;
      case 'in': {
        const sets = buildInSets(leaf.values);
        const parts: string[] = [];
        if (sets.texts.size > 0) {
          const t = this.text(resolved);
          parts.push(`(${t} !== undefined && ${this.constant(sets.texts)}.has(${t}))`);
        }
        if (sets.numbers.size > 0)
          parts.push(`(typeof ${v} === 'number' && ${this.constant(sets.numbers)}.has(${v}))`);
        if (sets.booleans.size > 0)
          parts.push(`(typeof ${v} === 'boolean' && ${this.constant(sets.booleans)}.has(${v}))`);
        return parts.length === 0 ? 'false' : `(${parts.join(' || ')})`;
      }
      case 'contains': {
        const t = this.text(resolved);
        return `(${t} !== undefined && ${t}.includes(${this.constant(normalizeText(leaf.value))}))`;
      }
      case 'startsWith': {
        const t = this.text(resolved);
        return `(${t} !== undefined && ${t}.startsWith(${this.constant(normalizeText(leaf.value))}))`;
      }
      case 'gt':
        return `(typeof ${v} === 'number' && ${v} > ${this.constant(leaf.value)})`;
      case 'gte':
        return `(typeof ${v} === 'number' && ${v} >= ${this.constant(leaf.value)})`;
      case 'lt':
        return `(typeof ${v} === 'number' && ${v} < ${this.constant(leaf.value)})`;
      case 'lte':
        return `(typeof ${v} === 'number' && ${v} <= ${this.constant(leaf.value)})`;
      case 'between':
        return `(typeof ${v} === 'number' && ${v} >= ${this.constant(leaf.min)} && ${v} <= ${this.constant(leaf.max)})`;
      case 'domainIn':
        return `(typeof ${v} === 'string' && H.isDomainInSet(H.domainOf(${v}), ${this.constant(buildDomainSet(leaf.domains))}))`;
      case 'exists':
      case 'missing':
        throw new Error('exists/missing are not scalar tests');
    }
  }
}

function generateSource(ruleset: Ruleset, plan: ReturnType<typeof planRuleset>, code: CodeBuilder): string {
  const body: string[] = [];
  for (const planned of plan.rules) {
    switch (planned.kind) {
      case 'fit':
        body.push(`if (${code.condition(planned.node)}) fit += ${code.constant(planned.rule.points)};`);
        break;
      case 'engagement_condition':
        body.push(
          `if (${code.condition(planned.node)}) engagement += ${code.constant(planned.rule.points)};`,
        );
        break;
      case 'engagement_events': {
        const spec = planned.spec;
        body.push(
          `engagement += H.scaleToPoints(H.sumEventUnits(lead.events, nowMs, ${code.constant(spec)}), ${code.constant(spec.pointsPerUnit)}, ${code.constant(spec.cap)});`,
        );
        break;
      }
      case 'engagement_total': {
        const v = code.value(planned.resolved);
        body.push(
          `if (typeof ${v} === 'number') engagement += H.scaleToPoints(${v}, ${code.constant(planned.rule.pointsPerUnit)}, ${code.constant(planned.rule.cap)});`,
        );
        break;
      }
      case 'qualification':
        body.push(
          `if (${code.answer(planned.rule.item)} === ${code.constant(planned.rule.state)}) qualification += ${code.constant(planned.rule.points)};`,
        );
        break;
      case 'gate': {
        const { rule } = planned;
        if (rule.gate === 'required') {
          const present = rule.anyOf.map((path) => `H.isPresent(${code.value(resolveFieldPath(path)!)})`);
          body.push(`if (!(${present.join(' || ')})) isIncomplete = true;`);
        } else if (rule.junk.detector === 'condition') {
          body.push(`if (${code.condition(buildConditionNode(rule.junk.when))}) isJunk = true;`);
        } else {
          // The list-based detectors are one call each: their work is set lookups, not dispatch.
          body.push(`if (${code.constant(planned.check)}(lead) !== null) isJunk = true;`);
        }
        break;
      }
    }
  }
  const { thresholds } = ruleset;
  const states = plan.checklistItems.map((item) => code.answer(item));
  const verifiedCount =
    states.length === 0 ? '0' : states.map((state) => `(${state} === 'verified' ? 1 : 0)`).join(' + ');
  const required = thresholds.sql.requiredVerified
    .map((item) => ` && ${code.answer(item)} === 'verified'`)
    .join('');
  const grades = thresholds.grades;
  return [
    `return function scoreGenerated(lead, nowMs, into) {`,
    ...code.prologue,
    'let fit = 0, engagement = 0, qualification = 0, isJunk = false, isIncomplete = false;',
    ...body,
    'const total = fit + engagement + qualification;',
    `const isSql = ${verifiedCount} >= ${code.constant(thresholds.sql.minVerified)}${required};`,
    `const grade = fit >= ${code.constant(grades.A)} ? 'A' : fit >= ${code.constant(grades.B)} ? 'B' : fit >= ${code.constant(grades.C)} ? 'C' : 'D';`,
    `const suggestedStage = isJunk ? 'disqualified' : isIncomplete ? 'inquiry' : isSql ? 'sql' : total >= ${code.constant(thresholds.mql)} ? 'mql' : 'inquiry';`,
    'if (into === undefined) return { fit, engagement, qualification, total, grade, suggestedStage, isJunk, isIncomplete };',
    'into.fit = fit; into.engagement = engagement; into.qualification = qualification; into.total = total;',
    'into.grade = grade; into.suggestedStage = suggestedStage; into.isJunk = isJunk; into.isIncomplete = isIncomplete;',
    'return into;',
    '};',
  ].join('\n');
}

/**
 * Compiles a ruleset into one generated function (API only: needs `new Function`). Same results as
 * `compileRuleset` by construction and by property test; explanations are the interpreter's.
 */
export function compileRulesetCodegen(ruleset: RulesetInput): CompiledRuleset {
  const plan = planRuleset(ruleset);
  const code = new CodeBuilder();
  const inner = generateSource(plan.ruleset, plan, code);
  const bindings = code.constants.map((_, index) => `const k${index} = K[${index}];`).join('\n');
  const source = `'use strict';\n${bindings}\n${inner}`;
  const factory = new Function('K', 'H', source) as (constants: unknown[], h: typeof helpers) => Summarize;
  return {
    ruleset: plan.ruleset,
    engine: 'codegen',
    summarize: factory(code.constants, helpers),
    explain: buildExplain(plan),
    generatedSource: source,
  };
}
