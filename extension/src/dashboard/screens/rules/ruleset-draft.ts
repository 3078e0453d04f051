import {
  type Condition,
  customFieldPrefix,
  type JunkDetector,
  type LeadFieldType,
  leadFieldTypes,
  type RulesetInput,
} from '@leadlight/contract';
import { validateRuleset } from '@leadlight/rules';

/*
 * Pure helpers of the rules editor: templates for each rule kind, list moves, and errors indexed by their JSON path
 * ("rules.3.when.of.0.path"), which is how both validateRuleset and the API's 422 name the field at fault.
 */

export type RuleInput = RulesetInput['rules'][number];
export type RuleChoice =
  | 'fit'
  | 'engagement:events'
  | 'engagement:total'
  | 'engagement:condition'
  | 'qualification'
  | 'gate:required'
  | 'gate:junk';
export type JunkDetectorChoice = JunkDetector['detector'];

export const ruleChoices: readonly { value: RuleChoice; label: string }[] = [
  { value: 'fit', label: 'Fit: who the lead is' },
  { value: 'engagement:events', label: 'Engagement: events in a window' },
  { value: 'engagement:total', label: 'Engagement: a known total' },
  { value: 'engagement:condition', label: 'Engagement: a condition on totals' },
  { value: 'qualification', label: 'Qualification: a checklist answer' },
  { value: 'gate:required', label: 'Gate: required fields' },
  { value: 'gate:junk', label: 'Gate: junk detector' },
];

export const junkDetectorChoices: readonly { value: JunkDetectorChoice; label: string }[] = [
  { value: 'disposable_email', label: 'Disposable email domain' },
  { value: 'test_values', label: 'Bot or test values' },
  { value: 'competitor_domain', label: 'Competitor domain' },
  { value: 'role_address', label: 'Role address (info@, sales@…)' },
  { value: 'condition', label: 'Custom condition' },
];

export function readRuleChoice(rule: RuleInput): RuleChoice {
  if (rule.kind === 'engagement') return `engagement:${rule.basis}`;
  if (rule.kind === 'gate') return `gate:${rule.gate}`;
  return rule.kind;
}

export const defaultLeaf: Condition = { op: 'equals', path: 'person.seniority', value: 'vp' };

/** A valid starting rule of the chosen kind, keeping the id and label the user already typed. */
export function createRule(choice: RuleChoice, id: string, label: string): RuleInput {
  switch (choice) {
    case 'fit':
      return { kind: 'fit', id, label, when: defaultLeaf, points: 10 };
    case 'engagement:events':
      return {
        kind: 'engagement',
        basis: 'events',
        id,
        label,
        eventTypes: ['page_view'],
        measure: 'count',
        windowDays: 30,
        pointsPerUnit: 2,
        cap: 20,
      };
    case 'engagement:total':
      return { kind: 'engagement', basis: 'total', id, label, total: 'visits', pointsPerUnit: 1, cap: 10 };
    case 'engagement:condition':
      return {
        kind: 'engagement',
        basis: 'condition',
        id,
        label,
        when: { op: 'gte', path: 'totals.visits', value: 5 },
        points: 5,
      };
    case 'qualification':
      return { kind: 'qualification', id, label, item: 'budget', state: 'verified', points: 15 };
    case 'gate:required':
      return { kind: 'gate', gate: 'required', id, label, anyOf: ['identities.emails', 'identities.phones'] };
    case 'gate:junk':
      return {
        kind: 'gate',
        gate: 'junk',
        id,
        label,
        junk: { detector: 'disposable_email', extraDomains: [] },
      };
  }
}

export function createJunkDetector(choice: JunkDetectorChoice): JunkDetector {
  switch (choice) {
    case 'disposable_email':
      return { detector: 'disposable_email', extraDomains: [] };
    case 'test_values':
      return { detector: 'test_values' };
    case 'competitor_domain':
      return { detector: 'competitor_domain', domains: ['competitor.com'] };
    case 'role_address':
      return { detector: 'role_address' };
    case 'condition':
      return { detector: 'condition', when: defaultLeaf, reason: 'Describe why this is junk' };
  }
}

/** An id not used by any rule yet ("fit-3"). */
export function createRuleId(rules: readonly { id: string }[], prefix: string): string {
  const ids = new Set(rules.map((rule) => rule.id));
  let number = rules.length + 1;
  while (ids.has(`${prefix}-${number}`)) number += 1;
  return `${prefix}-${number}`;
}

export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= items.length || from === to) return [...items];
  const next = [...items];
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(to, 0, item);
  return next;
}

export function replaceItem<T>(items: readonly T[], index: number, item: T): T[] {
  return items.map((current, position) => (position === index ? item : current));
}

export function removeItem<T>(items: readonly T[], index: number): T[] {
  return items.filter((_, position) => position !== index);
}

export interface FieldError {
  path: string;
  message: string;
  source: 'local' | 'server';
}

/** Errors by exact path, so each field finds its own in O(1). */
export type ErrorIndex = ReadonlyMap<string, readonly FieldError[]>;

export function indexErrors(errors: readonly FieldError[]): ErrorIndex {
  const index = new Map<string, FieldError[]>();
  for (const error of errors) {
    const list = index.get(error.path) ?? [];
    list.push(error);
    index.set(error.path, list);
  }
  return index;
}

/** validateRuleset's verdict on what the form holds, as field errors (instant feedback; the API checks again). */
export function checkDefinition(definition: unknown): FieldError[] {
  const result = validateRuleset(definition);
  return result.ok ? [] : result.errors.map((error) => ({ ...error, source: 'local' as const }));
}

/** The error list of a 422 `invalid_ruleset` answer, or null when the details are not that shape. */
export function readServerErrors(details: unknown): FieldError[] | null {
  const errors = (details as { errors?: unknown } | null | undefined)?.errors;
  if (!Array.isArray(errors)) return null;
  return errors.flatMap((error: unknown) => {
    const { path, message } = (error ?? {}) as { path?: unknown; message?: unknown };
    return typeof path === 'string' && typeof message === 'string'
      ? [{ path, message, source: 'server' as const }]
      : [];
  });
}

export const leadFieldPaths = Object.keys(leadFieldTypes) as (keyof typeof leadFieldTypes)[];

export function readFieldType(path: string): LeadFieldType | null {
  if (path.startsWith(customFieldPrefix)) return 'any';
  return (leadFieldTypes as Record<string, LeadFieldType>)[path] ?? null;
}

/** A DOM id for the control of a JSON path, so an error summary can move focus to it. */
export function toFieldId(path: string): string {
  return `ll-rules-field-${path.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
}

/** Lines of a textarea as a list: trimmed, blank lines dropped. */
export function splitLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
