import type { Condition, Lead, LeafCondition, MatchedField } from '@leadlight/contract';
import { type ResolvedPath, readField, resolveFieldPath } from './field-paths';
import {
  domainOf,
  firstPresentScalar,
  isDomainInSet,
  isPresent,
  normalizeText,
  toMatchedValue,
} from './primitives';

/** A condition with paths resolved and operands normalised once, at compile time. */
export type ConditionNode =
  | { op: 'exists' | 'missing'; resolved: ResolvedPath }
  | { op: 'scalar'; leaf: LeafCondition; resolved: ResolvedPath; test: (value: unknown) => boolean }
  | { op: 'all' | 'any'; children: ConditionNode[] }
  | { op: 'not'; child: ConditionNode };

type Scalar = string | number | boolean;

/** Partitioned `in` operands: text normalised, numbers and booleans as they are. */
export interface InSets {
  texts: ReadonlySet<string>;
  numbers: ReadonlySet<number>;
  booleans: ReadonlySet<boolean>;
}

export function buildInSets(values: readonly Scalar[]): InSets {
  const texts = new Set<string>();
  const numbers = new Set<number>();
  const booleans = new Set<boolean>();
  for (const value of values) {
    if (typeof value === 'string') texts.add(normalizeText(value));
    else if (typeof value === 'number') numbers.add(value);
    else booleans.add(value);
  }
  return { texts, numbers, booleans };
}

export function buildDomainSet(domains: readonly string[]): ReadonlySet<string> {
  return new Set(domains.map(domainOf).filter((domain) => domain !== ''));
}

/** The test a leaf applies to one scalar (each element of a list field). */
function buildScalarTest(leaf: LeafCondition): (value: unknown) => boolean {
  switch (leaf.op) {
    case 'equals': {
      const operand = leaf.value;
      if (typeof operand === 'string') {
        const text = normalizeText(operand);
        return (value) => typeof value === 'string' && normalizeText(value) === text;
      }
      return (value) => value === operand;
    }
    case 'in': {
      const { texts, numbers, booleans } = buildInSets(leaf.values);
      return (value) =>
        typeof value === 'string'
          ? texts.has(normalizeText(value))
          : typeof value === 'number'
            ? numbers.has(value)
            : typeof value === 'boolean' && booleans.has(value);
    }
    case 'contains': {
      const text = normalizeText(leaf.value);
      return (value) => typeof value === 'string' && normalizeText(value).includes(text);
    }
    case 'startsWith': {
      const text = normalizeText(leaf.value);
      return (value) => typeof value === 'string' && normalizeText(value).startsWith(text);
    }
    case 'gt': {
      const bound = leaf.value;
      return (value) => typeof value === 'number' && value > bound;
    }
    case 'gte': {
      const bound = leaf.value;
      return (value) => typeof value === 'number' && value >= bound;
    }
    case 'lt': {
      const bound = leaf.value;
      return (value) => typeof value === 'number' && value < bound;
    }
    case 'lte': {
      const bound = leaf.value;
      return (value) => typeof value === 'number' && value <= bound;
    }
    case 'between': {
      const { min, max } = leaf;
      return (value) => typeof value === 'number' && value >= min && value <= max;
    }
    case 'domainIn': {
      const domains = buildDomainSet(leaf.domains);
      return (value) => typeof value === 'string' && isDomainInSet(domainOf(value), domains);
    }
    case 'exists':
    case 'missing':
      throw new Error('exists/missing have no scalar test');
  }
}

export function buildConditionNode(condition: Condition): ConditionNode {
  switch (condition.op) {
    case 'all':
    case 'any':
      return { op: condition.op, children: condition.of.map(buildConditionNode) };
    case 'not':
      return { op: 'not', child: buildConditionNode(condition.condition) };
    default: {
      const resolved = resolveFieldPath(condition.path);
      if (resolved === null)
        throw new Error(`unknown field path "${condition.path}": validate the ruleset first`);
      if (condition.op === 'exists' || condition.op === 'missing') return { op: condition.op, resolved };
      return { op: 'scalar', leaf: condition, resolved, test: buildScalarTest(condition) };
    }
  }
}

/** A list field matches when any element does. */
function matchValue(value: unknown, test: (value: unknown) => boolean): boolean {
  if (Array.isArray(value)) {
    for (const element of value) if (test(element)) return true;
    return false;
  }
  return test(value);
}

/** The closure form: one function per node, short-circuiting like the generated code. */
export function compileConditionNode(node: ConditionNode): (lead: Lead) => boolean {
  switch (node.op) {
    case 'exists': {
      const resolved = node.resolved;
      return (lead) => isPresent(readField(lead, resolved));
    }
    case 'missing': {
      const resolved = node.resolved;
      return (lead) => !isPresent(readField(lead, resolved));
    }
    case 'scalar': {
      const { resolved, test } = node;
      return (lead) => matchValue(readField(lead, resolved), test);
    }
    case 'all': {
      const children = node.children.map(compileConditionNode);
      return (lead) => {
        for (const child of children) if (!child(lead)) return false;
        return true;
      };
    }
    case 'any': {
      const children = node.children.map(compileConditionNode);
      return (lead) => {
        for (const child of children) if (child(lead)) return true;
        return false;
      };
    }
    case 'not': {
      const child = compileConditionNode(node.child);
      return (lead) => !child(lead);
    }
  }
}

/**
 * Evaluates a node and, when it holds, appends the field values that made it hold: every leaf of an `all`,
 * the first matching branch of an `any`, nothing under `not` (absence has no value to show).
 */
export function explainConditionNode(node: ConditionNode, lead: Lead, matched: MatchedField[]): boolean {
  switch (node.op) {
    case 'exists': {
      const value = readField(lead, node.resolved);
      if (!isPresent(value)) return false;
      matched.push({ path: node.resolved.path, value: firstPresentScalar(value) });
      return true;
    }
    case 'missing':
      return !isPresent(readField(lead, node.resolved));
    case 'scalar': {
      const value = readField(lead, node.resolved);
      if (Array.isArray(value)) {
        for (const element of value) {
          if (node.test(element)) {
            matched.push({ path: node.resolved.path, value: toMatchedValue(element) });
            return true;
          }
        }
        return false;
      }
      if (!node.test(value)) return false;
      matched.push({ path: node.resolved.path, value: toMatchedValue(value) });
      return true;
    }
    case 'all': {
      const collected: MatchedField[] = [];
      for (const child of node.children) if (!explainConditionNode(child, lead, collected)) return false;
      for (const field of collected) matched.push(field);
      return true;
    }
    case 'any': {
      for (const child of node.children) {
        const collected: MatchedField[] = [];
        if (explainConditionNode(child, lead, collected)) {
          for (const field of collected) matched.push(field);
          return true;
        }
      }
      return false;
    }
    case 'not':
      return !explainConditionNode(node.child, lead, []);
  }
}
