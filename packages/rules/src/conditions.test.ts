import {
  type Condition,
  type LeadInput,
  LeadSchema,
  type MatchedField,
  type RulesetInput,
} from '@leadlight/contract';
import { describe, expect, it } from 'vitest';
import { compileRulesetCodegen } from './codegen';
import { compileRuleset } from './compile-ruleset';
import { scoreLead, scoreLeadTotals } from './score-lead';
import { validateRuleset } from './validate-ruleset';

const now = '2026-06-01T00:00:00.000Z';

/** Scores one fit rule of 10 points with both engines; they must agree. */
function evaluate(when: Condition, leadInput: LeadInput) {
  const input: RulesetInput = {
    id: 'operators',
    name: 'Operators',
    version: 1,
    rules: [{ kind: 'fit', id: 'rule', label: 'Rule', when, points: 10 }],
    thresholds: { mql: 10 },
  };
  const validation = validateRuleset(input);
  if (!validation.ok) throw new Error(JSON.stringify(validation.errors));
  const lead = LeadSchema.parse(leadInput);
  const interpreted = compileRuleset(validation.ruleset);
  const generated = compileRulesetCodegen(validation.ruleset);
  const score = scoreLead(interpreted, lead, { now });
  expect(scoreLeadTotals(generated, lead, { now })).toEqual(scoreLeadTotals(interpreted, lead, { now }));
  expect(score.totals.fit).toBe(scoreLeadTotals(interpreted, lead, { now }).fit);
  return { isMatch: score.totals.fit === 10, matched: score.contributions[0]?.matched ?? [] };
}

interface OperatorCase {
  name: string;
  when: Condition;
  lead: LeadInput;
  isMatch: boolean;
  matched?: MatchedField[];
}

const cases: OperatorCase[] = [
  // equals
  {
    name: 'equals text ignores case and spaces',
    when: { op: 'equals', path: 'person.title', value: ' vp sales ' },
    lead: { person: { title: 'VP Sales' } },
    isMatch: true,
    matched: [{ path: 'person.title', value: 'VP Sales' }],
  },
  {
    name: 'equals text is not a substring match',
    when: { op: 'equals', path: 'person.title', value: 'vp' },
    lead: { person: { title: 'VP Sales' } },
    isMatch: false,
  },
  {
    name: 'equals number',
    when: { op: 'equals', path: 'company.size', value: 50 },
    lead: { company: { size: 50 } },
    isMatch: true,
    matched: [{ path: 'company.size', value: 50 }],
  },
  {
    name: 'equals number on a missing field',
    when: { op: 'equals', path: 'company.size', value: 50 },
    lead: {},
    isMatch: false,
  },
  {
    name: 'equals on a list matches any element',
    when: { op: 'equals', path: 'tags', value: 'hot' },
    lead: { tags: ['cold', 'HOT'] },
    isMatch: true,
    matched: [{ path: 'tags', value: 'HOT' }],
  },
  {
    name: 'equals custom boolean',
    when: { op: 'equals', path: 'custom.opted_in', value: true },
    lead: { custom: { opted_in: true } },
    isMatch: true,
  },
  {
    name: 'equals custom text is not a number',
    when: { op: 'equals', path: 'custom.score', value: 5 },
    lead: { custom: { score: '5' } },
    isMatch: false,
  },
  {
    name: 'custom keys never reach the prototype',
    when: { op: 'exists', path: 'custom.constructor' },
    lead: { custom: {} },
    isMatch: false,
  },
  // in
  {
    name: 'in text list',
    when: { op: 'in', path: 'company.industry', values: ['Software', 'Retail'] },
    lead: { company: { industry: 'software' } },
    isMatch: true,
  },
  {
    name: 'in text list, absent',
    when: { op: 'in', path: 'company.industry', values: ['Software', 'Retail'] },
    lead: { company: { industry: 'Mining' } },
    isMatch: false,
  },
  {
    name: 'in number list',
    when: { op: 'in', path: 'company.size', values: [10, 20] },
    lead: { company: { size: 20 } },
    isMatch: true,
  },
  {
    name: 'in mixed custom list keeps types apart',
    when: { op: 'in', path: 'custom.q', values: ['1', 2, true] },
    lead: { custom: { q: 1 } },
    isMatch: false,
  },
  {
    name: 'in mixed custom list, boolean',
    when: { op: 'in', path: 'custom.q', values: ['1', 2, true] },
    lead: { custom: { q: true } },
    isMatch: true,
  },
  // contains / startsWith
  {
    name: 'contains',
    when: { op: 'contains', path: 'person.title', value: 'Director' },
    lead: { person: { title: 'Sales director, EMEA' } },
    isMatch: true,
  },
  {
    name: 'contains, absent',
    when: { op: 'contains', path: 'person.title', value: 'director' },
    lead: { person: { title: 'Manager' } },
    isMatch: false,
  },
  {
    name: 'contains on a list',
    when: { op: 'contains', path: 'identities.emails', value: '@acme' },
    lead: { identities: { emails: ['a@b.com', 'ada@acme.com'] } },
    isMatch: true,
    matched: [{ path: 'identities.emails', value: 'ada@acme.com' }],
  },
  {
    name: 'startsWith',
    when: { op: 'startsWith', path: 'person.title', value: 'vp ' },
    lead: { person: { title: 'VP Marketing' } },
    isMatch: true,
  },
  {
    name: 'startsWith, not at the start',
    when: { op: 'startsWith', path: 'person.title', value: 'vp' },
    lead: { person: { title: 'Senior VP' } },
    isMatch: false,
  },
  // numeric
  {
    name: 'gt',
    when: { op: 'gt', path: 'company.size', value: 100 },
    lead: { company: { size: 101 } },
    isMatch: true,
  },
  {
    name: 'gt at the bound',
    when: { op: 'gt', path: 'company.size', value: 100 },
    lead: { company: { size: 100 } },
    isMatch: false,
  },
  {
    name: 'gte at the bound',
    when: { op: 'gte', path: 'company.size', value: 100 },
    lead: { company: { size: 100 } },
    isMatch: true,
  },
  {
    name: 'lt',
    when: { op: 'lt', path: 'totals.visits', value: 3 },
    lead: { totals: { visits: 2 } },
    isMatch: true,
  },
  {
    name: 'lt at the bound',
    when: { op: 'lt', path: 'totals.visits', value: 3 },
    lead: { totals: { visits: 3 } },
    isMatch: false,
  },
  {
    name: 'lte at the bound',
    when: { op: 'lte', path: 'totals.visits', value: 3 },
    lead: { totals: { visits: 3 } },
    isMatch: true,
  },
  {
    name: 'numeric on a missing field',
    when: { op: 'lt', path: 'totals.visits', value: 3 },
    lead: {},
    isMatch: false,
  },
  {
    name: 'numeric ignores numeric text',
    when: { op: 'gt', path: 'custom.score', value: 1 },
    lead: { custom: { score: '5' } },
    isMatch: false,
  },
  {
    name: 'between includes min',
    when: { op: 'between', path: 'company.size', min: 50, max: 200 },
    lead: { company: { size: 50 } },
    isMatch: true,
  },
  {
    name: 'between includes max',
    when: { op: 'between', path: 'company.size', min: 50, max: 200 },
    lead: { company: { size: 200 } },
    isMatch: true,
  },
  {
    name: 'between outside',
    when: { op: 'between', path: 'company.size', min: 50, max: 200 },
    lead: { company: { size: 201 } },
    isMatch: false,
  },
  // exists / missing
  {
    name: 'exists',
    when: { op: 'exists', path: 'person.title' },
    lead: { person: { title: 'CEO' } },
    isMatch: true,
    matched: [{ path: 'person.title', value: 'CEO' }],
  },
  {
    name: 'exists: blank text is missing',
    when: { op: 'exists', path: 'person.title' },
    lead: { person: { title: '   ' } },
    isMatch: false,
  },
  {
    name: 'exists: empty list is missing',
    when: { op: 'exists', path: 'identities.emails' },
    lead: { identities: { emails: [] } },
    isMatch: false,
  },
  {
    name: 'exists: list shows its first present element',
    when: { op: 'exists', path: 'identities.emails' },
    lead: { identities: { emails: ['', 'a@b.com'] } },
    isMatch: true,
    matched: [{ path: 'identities.emails', value: 'a@b.com' }],
  },
  {
    name: 'exists: custom null is missing',
    when: { op: 'exists', path: 'custom.x' },
    lead: { custom: { x: null } },
    isMatch: false,
  },
  {
    name: 'exists: zero is present',
    when: { op: 'exists', path: 'company.size' },
    lead: { company: { size: 0 } },
    isMatch: true,
  },
  { name: 'missing', when: { op: 'missing', path: 'company.domain' }, lead: {}, isMatch: true, matched: [] },
  {
    name: 'missing, present',
    when: { op: 'missing', path: 'company.domain' },
    lead: { company: { domain: 'acme.com' } },
    isMatch: false,
  },
  // domainIn
  {
    name: 'domainIn on emails',
    when: { op: 'domainIn', path: 'identities.emails', domains: ['acme.com'] },
    lead: { identities: { emails: ['Ada@ACME.com'] } },
    isMatch: true,
    matched: [{ path: 'identities.emails', value: 'Ada@ACME.com' }],
  },
  {
    name: 'domainIn matches subdomains',
    when: { op: 'domainIn', path: 'identities.emails', domains: ['acme.com'] },
    lead: { identities: { emails: ['ada@eu.acme.com'] } },
    isMatch: true,
  },
  {
    name: 'domainIn is not a suffix of another name',
    when: { op: 'domainIn', path: 'identities.emails', domains: ['acme.com'] },
    lead: { identities: { emails: ['ada@notacme.com'] } },
    isMatch: false,
  },
  {
    name: 'domainIn on company.domain',
    when: { op: 'domainIn', path: 'company.domain', domains: ['acme.com'] },
    lead: { company: { domain: 'www.acme.com' } },
    isMatch: true,
  },
  // groups
  {
    name: 'all: every leaf, all values shown',
    when: {
      op: 'all',
      of: [
        { op: 'contains', path: 'person.title', value: 'vp' },
        { op: 'gte', path: 'company.size', value: 100 },
      ],
    },
    lead: { person: { title: 'VP Sales' }, company: { size: 150 } },
    isMatch: true,
    matched: [
      { path: 'person.title', value: 'VP Sales' },
      { path: 'company.size', value: 150 },
    ],
  },
  {
    name: 'all: one leaf fails',
    when: {
      op: 'all',
      of: [
        { op: 'contains', path: 'person.title', value: 'vp' },
        { op: 'gte', path: 'company.size', value: 100 },
      ],
    },
    lead: { person: { title: 'VP Sales' }, company: { size: 50 } },
    isMatch: false,
  },
  {
    name: 'any: first matching branch shown',
    when: {
      op: 'any',
      of: [
        { op: 'equals', path: 'person.seniority', value: 'vp' },
        { op: 'contains', path: 'person.title', value: 'chief' },
      ],
    },
    lead: { person: { title: 'Chief of Staff' } },
    isMatch: true,
    matched: [{ path: 'person.title', value: 'Chief of Staff' }],
  },
  {
    name: 'any: none',
    when: {
      op: 'any',
      of: [
        { op: 'equals', path: 'person.seniority', value: 'vp' },
        { op: 'contains', path: 'person.title', value: 'chief' },
      ],
    },
    lead: {},
    isMatch: false,
  },
  {
    name: 'not',
    when: { op: 'not', condition: { op: 'domainIn', path: 'identities.emails', domains: ['gmail.com'] } },
    lead: { identities: { emails: ['a@acme.com'] } },
    isMatch: true,
    matched: [],
  },
  {
    name: 'not, negated',
    when: { op: 'not', condition: { op: 'domainIn', path: 'identities.emails', domains: ['gmail.com'] } },
    lead: { identities: { emails: ['a@gmail.com'] } },
    isMatch: false,
  },
];

describe('condition operators (both engines)', () => {
  it.each(cases)('$name', ({ when, lead, isMatch, matched }) => {
    const result = evaluate(when, lead);
    expect(result.isMatch).toBe(isMatch);
    if (matched !== undefined && isMatch) expect(result.matched).toEqual(matched);
  });
});
