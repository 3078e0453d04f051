import {
  type Condition,
  type LeafCondition,
  type Ruleset,
  RulesetSchema,
  seniorities,
  stages,
} from '@leadlight/contract';
import { type ResolvedPath, resolveFieldPath } from './field-paths';

export interface RulesetError {
  /** Dotted path into the JSON, e.g. "rules.3.when.of.0.path"; "" for the whole document. */
  path: string;
  message: string;
}

export type RulesetValidation = { ok: true; ruleset: Ruleset } | { ok: false; errors: RulesetError[] };

/** Far beyond any real ruleset; they bound the work (and stack) spent on hostile input. */
const maxDepth = 64;
const maxNodes = 200_000;
const maxErrors = 100;

type PathSegment = string | number;

function joinPath(segments: readonly PropertyKey[]): string {
  return segments.map((segment) => String(segment)).join('.');
}

/** An iterative walk (no recursion, so no stack overflow) that refuses input too deep or too big to parse. */
function checkShapeBounds(json: unknown): RulesetError | null {
  const stack: Array<{ value: unknown; depth: number; path: PathSegment[] }> = [
    { value: json, depth: 0, path: [] },
  ];
  let nodes = 0;
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop()!;
    nodes += 1;
    if (nodes > maxNodes)
      return { path: '', message: `the ruleset is too large (more than ${maxNodes} values)` };
    if (value === null || typeof value !== 'object') continue;
    if (depth >= maxDepth) return { path: joinPath(path), message: `nested deeper than ${maxDepth} levels` };
    if (Array.isArray(value)) {
      if (value.length > maxNodes) return { path: joinPath(path), message: 'the list is too long' };
      for (let index = 0; index < value.length; index += 1)
        stack.push({ value: value[index], depth: depth + 1, path: [...path, index] });
    } else {
      for (const key of Object.keys(value)) {
        stack.push({
          value: (value as Record<string, unknown>)[key],
          depth: depth + 1,
          path: [...path, key],
        });
      }
    }
  }
  return null;
}

const seniorityValues = new Set<string>(seniorities);
const stageValues = new Set<string>(stages);
const enumFields: Record<string, ReadonlySet<string>> = {
  'person.seniority': seniorityValues,
  stage: stageValues,
};
const domainFields = new Set(['identities.emails', 'company.domain']);

type Report = (path: PathSegment[], message: string) => void;

function describeType(resolved: ResolvedPath): string {
  if (resolved.type === 'number') return 'a number';
  if (resolved.type === 'strings') return 'a list of text';
  return 'text';
}

function checkOperand(leaf: LeafCondition, resolved: ResolvedPath, at: PathSegment[], report: Report) {
  const { type, path } = resolved;
  const isNumeric = type === 'number';
  const isText = type === 'string' || type === 'strings';
  const operands: Array<{ value: unknown; at: PathSegment[] }> =
    leaf.op === 'equals'
      ? [{ value: leaf.value, at: [...at, 'value'] }]
      : leaf.op === 'in'
        ? leaf.values.map((value, index) => ({ value, at: [...at, 'values', index] }))
        : [];
  for (const operand of operands) {
    if (isNumeric && typeof operand.value !== 'number')
      report(operand.at, `${path} is a number: compare it with a number`);
    else if (isText && typeof operand.value !== 'string')
      report(operand.at, `${path} is text: compare it with text`);
    else if (typeof operand.value === 'string' && enumFields[path] !== undefined) {
      const allowed = enumFields[path]!;
      if (!allowed.has(operand.value.trim().toLowerCase()))
        report(operand.at, `${path} is one of ${[...allowed].join(', ')}`);
    }
  }
  switch (leaf.op) {
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
    case 'between':
      if (isText)
        report([...at, 'op'], `"${leaf.op}" compares numbers, but ${path} is ${describeType(resolved)}`);
      if (leaf.op === 'between' && leaf.min > leaf.max)
        report([...at, 'min'], `between needs min ≤ max (got ${leaf.min} > ${leaf.max})`);
      break;
    case 'contains':
    case 'startsWith':
      if (isNumeric) report([...at, 'op'], `"${leaf.op}" compares text, but ${path} is a number`);
      break;
    case 'domainIn':
      if (!resolved.isCustom && !domainFields.has(path))
        report([...at, 'path'], 'domainIn reads identities.emails, company.domain or a custom field');
      break;
    default:
      break;
  }
}

function checkCondition(condition: Condition, at: PathSegment[], report: Report) {
  switch (condition.op) {
    case 'all':
    case 'any':
      condition.of.forEach((child, index) => {
        checkCondition(child, [...at, 'of', index], report);
      });
      return;
    case 'not':
      checkCondition(condition.condition, [...at, 'condition'], report);
      return;
    default: {
      const resolved = resolveFieldPath(condition.path);
      if (resolved === null) {
        report(
          [...at, 'path'],
          `unknown field "${condition.path}" (use a lead field such as person.title, or custom.<name>)`,
        );
        return;
      }
      checkOperand(condition, resolved, at, report);
    }
  }
}

/** The most engagement points any lead can earn: what a verified answer must at least match. */
export function maxEngagementPoints(ruleset: Ruleset): number {
  let sum = 0;
  for (const rule of ruleset.rules) {
    if (rule.kind !== 'engagement') continue;
    if (rule.basis === 'condition') sum += Math.max(rule.points, 0);
    else if (rule.pointsPerUnit > 0) sum += rule.cap;
  }
  return sum;
}

function checkSemantics(ruleset: Ruleset, report: Report) {
  const itemIds = new Set<string>();
  ruleset.checklist.items.forEach((item, index) => {
    if (itemIds.has(item.id))
      report(['checklist', 'items', index, 'id'], `duplicate checklist item "${item.id}"`);
    itemIds.add(item.id);
  });

  const ruleIds = new Set<string>();
  const engagementMax = maxEngagementPoints(ruleset);
  ruleset.rules.forEach((rule, index) => {
    const at: PathSegment[] = ['rules', index];
    if (ruleIds.has(rule.id)) report([...at, 'id'], `duplicate rule id "${rule.id}"`);
    ruleIds.add(rule.id);
    switch (rule.kind) {
      case 'fit':
        checkCondition(rule.when, [...at, 'when'], report);
        break;
      case 'engagement':
        if (rule.basis === 'condition') checkCondition(rule.when, [...at, 'when'], report);
        break;
      case 'qualification':
        if (!itemIds.has(rule.item))
          report([...at, 'item'], `"${rule.item}" is not a checklist item (${[...itemIds].join(', ')})`);
        // People qualify leads, algorithms don't: one verified answer must weigh at least all behaviour.
        if (rule.state === 'verified' && rule.points > 0 && rule.points < engagementMax)
          report(
            [...at, 'points'],
            `a verified answer must outweigh any behaviour: ${rule.points} points < ${engagementMax}, the most engagement can add (raise it or lower engagement caps)`,
          );
        break;
      case 'gate':
        if (rule.gate === 'required') {
          rule.anyOf.forEach((path, pathIndex) => {
            if (resolveFieldPath(path) === null)
              report([...at, 'anyOf', pathIndex], `unknown field "${path}"`);
          });
        } else if (rule.junk.detector === 'condition') {
          checkCondition(rule.junk.when, [...at, 'junk', 'when'], report);
        }
        break;
    }
  });

  const { grades, sql } = ruleset.thresholds;
  if (!(grades.A > grades.B && grades.B > grades.C))
    report(
      ['thresholds', 'grades'],
      `grade cut-offs must descend: A > B > C (got ${grades.A}, ${grades.B}, ${grades.C})`,
    );
  sql.requiredVerified.forEach((item, index) => {
    if (!itemIds.has(item))
      report(['thresholds', 'sql', 'requiredVerified', index], `"${item}" is not a checklist item`);
  });
  if (sql.minVerified > itemIds.size)
    report(['thresholds', 'sql', 'minVerified'], `the checklist has only ${itemIds.size} items`);
  if (sql.minVerified === 0 && sql.requiredVerified.length === 0)
    report(['thresholds', 'sql'], 'SQL must need at least one verified checklist item');

  const momentIds = new Set<string>();
  ruleset.moments.forEach((moment, index) => {
    if (momentIds.has(moment.id)) report(['moments', index, 'id'], `duplicate moment id "${moment.id}"`);
    momentIds.add(moment.id);
  });
}

/**
 * Validates a ruleset: its shape (zod), then what a schema cannot say (known fields, operator types,
 * duplicate ids, ranges, checklist items, verified ≥ behaviour). Never throws, whatever the input.
 */
export function validateRuleset(json: unknown): RulesetValidation {
  try {
    const bounds = checkShapeBounds(json);
    if (bounds !== null) return { ok: false, errors: [bounds] };
    const parsed = RulesetSchema.safeParse(json);
    if (!parsed.success) {
      const errors = parsed.error.issues
        .slice(0, maxErrors)
        .map((issue) => ({ path: joinPath(issue.path), message: issue.message }));
      return { ok: false, errors };
    }
    const errors: RulesetError[] = [];
    checkSemantics(parsed.data, (path, message) => {
      if (errors.length < maxErrors) errors.push({ path: joinPath(path), message });
    });
    return errors.length === 0 ? { ok: true, ruleset: parsed.data } : { ok: false, errors };
  } catch (error) {
    // Only exotic non-JSON input (throwing getters, proxies) gets here.
    return {
      ok: false,
      errors: [
        {
          path: '',
          message: `could not read the ruleset: ${error instanceof Error ? error.message : 'unreadable value'}`,
        },
      ],
    };
  }
}
