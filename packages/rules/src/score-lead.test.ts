import {
  type EngagementEvent,
  type LeadInput,
  LeadSchema,
  type Rule,
  type RulesetInput,
  ScoreSchema,
} from '@leadlight/contract';
import { describe, expect, it } from 'vitest';
import { compileRulesetCodegen } from './codegen';
import { compileRuleset } from './compile-ruleset';
import { findMoments, scoreLead, scoreLeadTotals } from './score-lead';
import { validateRuleset } from './validate-ruleset';

const now = '2026-06-01T00:00:00.000Z';
const nowMs = Date.parse(now);
const daysAgo = (days: number) => new Date(nowMs - days * 86_400_000).toISOString();

type RuleInput = RulesetInput['rules'][number];

function compileBoth(rules: RuleInput[], extra: Partial<RulesetInput> = {}) {
  const validation = validateRuleset({
    id: 'test',
    name: 'Test',
    version: 3,
    rules,
    thresholds: { mql: 30 },
    ...extra,
  });
  if (!validation.ok) throw new Error(JSON.stringify(validation.errors));
  return {
    interpreted: compileRuleset(validation.ruleset),
    generated: compileRulesetCodegen(validation.ruleset),
  };
}

/** Scores with both engines, checks they agree and that the score is well formed, and returns it. */
function score(rules: RuleInput[], leadInput: LeadInput, extra: Partial<RulesetInput> = {}) {
  const { interpreted, generated } = compileBoth(rules, extra);
  const lead = LeadSchema.parse(leadInput);
  const result = scoreLead(interpreted, lead, { now });
  ScoreSchema.parse(result);
  const summary = scoreLeadTotals(interpreted, lead, { now });
  expect(scoreLeadTotals(generated, lead, { now })).toEqual(summary);
  expect(scoreLead(generated, lead, { now })).toEqual(result);
  expect(summary).toMatchObject({
    ...result.totals,
    grade: result.grade,
    suggestedStage: result.suggestedStage,
  });
  expect(result.contributions.reduce((sum, contribution) => sum + contribution.points, 0)).toBe(
    result.totals.total,
  );
  return result;
}

const visit = (days: number, url?: string, value?: number): EngagementEvent => ({
  type: 'site_visit',
  at: daysAgo(days),
  ...(url === undefined ? {} : { url }),
  ...(value === undefined ? {} : { value }),
});

const eventsRule = (overrides: Partial<Extract<Rule, { basis: 'events' }>>): RuleInput => ({
  kind: 'engagement',
  basis: 'events',
  id: 'visits',
  label: 'Visits',
  eventTypes: ['site_visit'],
  pointsPerUnit: 2,
  cap: 100,
  ...overrides,
});

describe('engagement rules on events', () => {
  const cases: Array<{
    name: string;
    rule: Partial<Extract<Rule, { basis: 'events' }>>;
    events: EngagementEvent[];
    points: number;
  }> = [
    { name: 'counts events × points per unit', rule: {}, events: [visit(1), visit(2), visit(3)], points: 6 },
    {
      name: 'ignores other event types',
      rule: {},
      events: [visit(1), { type: 'email_open', at: daysAgo(1) }],
      points: 2,
    },
    {
      name: 'window keeps events up to windowDays old',
      rule: { windowDays: 7 },
      events: [visit(7), visit(8)],
      points: 2,
    },
    { name: 'events after now never count', rule: {}, events: [visit(-1), visit(1)], points: 2 },
    { name: 'cap bounds the rule', rule: { cap: 5 }, events: [visit(1), visit(2), visit(3)], points: 5 },
    {
      name: 'negative points are capped too',
      rule: { pointsPerUnit: -2, cap: 3 },
      events: [visit(1), visit(2)],
      points: -3,
    },
    {
      name: 'sum adds event values',
      rule: { measure: 'sum', pointsPerUnit: 0.1 },
      events: [visit(1, undefined, 120), visit(2, undefined, 30), visit(3)],
      points: 15,
    },
    {
      name: 'half-life halves an event that old',
      rule: { halfLifeDays: 10, pointsPerUnit: 10 },
      events: [visit(10)],
      points: 5,
    },
    {
      name: 'decay adds up: 10 + 5 + 2.5 = 17.5 → 18',
      rule: { halfLifeDays: 10, pointsPerUnit: 10 },
      events: [visit(0), visit(10), visit(20)],
      points: 18,
    },
    { name: 'rounds half away from zero', rule: { pointsPerUnit: -2.5 }, events: [visit(1)], points: -3 },
    {
      name: 'url pattern matches anywhere, any case',
      rule: { urlPattern: '/pricing' },
      events: [visit(1, 'https://acme.com/PRICING?plan=team'), visit(1, 'https://acme.com/blog'), visit(1)],
      points: 2,
    },
    {
      name: 'url pattern wildcards keep order',
      rule: { urlPattern: 'demo*thanks' },
      events: [visit(1, 'https://a.com/demo/thanks'), visit(1, 'https://a.com/thanks/demo')],
      points: 2,
    },
  ];
  it.each(cases)('$name', ({ rule, events, points }) => {
    expect(score([eventsRule(rule)], { events }).totals.engagement).toBe(points);
  });

  it('explains the units counted', () => {
    const result = score([eventsRule({ halfLifeDays: 10 })], { events: [visit(0), visit(10)] });
    expect(result.contributions).toEqual([
      {
        ruleId: 'visits',
        label: 'Visits',
        kind: 'engagement',
        points: 3,
        matched: [{ path: 'events', value: 1.5 }],
      },
    ]);
  });
});

describe('engagement rules on totals and conditions', () => {
  it.each([
    { visits: 4, points: 2 },
    { visits: 40, points: 5 },
    { visits: undefined, points: 0 },
  ])('visits $visits → $points', ({ visits, points }) => {
    const result = score(
      [
        {
          kind: 'engagement',
          basis: 'total',
          id: 't',
          label: 'Visits total',
          total: 'visits',
          pointsPerUnit: 0.5,
          cap: 5,
        },
      ],
      { totals: visits === undefined ? {} : { visits } },
    );
    expect(result.totals.engagement).toBe(points);
    if (visits !== undefined)
      expect(result.contributions[0]?.matched).toEqual([{ path: 'totals.visits', value: visits }]);
  });

  it('a condition rule counts as engagement, not fit', () => {
    const result = score(
      [
        {
          kind: 'engagement',
          basis: 'condition',
          id: 'c',
          label: 'Opened email',
          when: { op: 'equals', path: 'totals.lastActivity', value: 'Email Opened' },
          points: 7,
        },
      ],
      { totals: { lastActivity: 'Email Opened' } },
    );
    expect(result.totals).toEqual({ fit: 0, engagement: 7, qualification: 0, total: 7 });
  });
});

describe('qualification rules', () => {
  const rules: RuleInput[] = [
    {
      kind: 'qualification',
      id: 'budget-v',
      label: 'Budget verified',
      item: 'budget',
      state: 'verified',
      points: 40,
    },
    {
      kind: 'qualification',
      id: 'budget-c',
      label: 'Budget claimed',
      item: 'budget',
      state: 'claimed',
      points: 10,
    },
    {
      kind: 'qualification',
      id: 'need-u',
      label: 'Need unknown',
      item: 'need',
      state: 'unknown',
      points: -5,
    },
  ];
  it.each([
    { name: 'verified', qualification: { budget: { state: 'verified' as const, value: '50k' } }, points: 35 },
    { name: 'claimed', qualification: { budget: { state: 'claimed' as const } }, points: 5 },
    { name: 'no answers: unknown', qualification: {}, points: -5 },
    {
      name: 'answers outside the checklist do not count',
      qualification: { champion: { state: 'verified' as const } },
      points: -5,
    },
  ] as Array<{ name: string; qualification: LeadInput['qualification']; points: number }>)(
    '$name → $points',
    ({ qualification, points }) => {
      expect(score(rules, { qualification }).totals.qualification).toBe(points);
    },
  );

  it('shows the answer as the matched value', () => {
    const result = score(rules, {
      qualification: { budget: { state: 'verified', value: '50k', by: 'rep@acme.com' } },
    });
    expect(result.contributions[0]).toMatchObject({
      ruleId: 'budget-v',
      matched: [{ path: 'qualification.budget', value: '50k' }],
    });
    expect(result.verifiedItems).toEqual(['budget']);
  });

  it('works with a configured checklist (CHAMP)', () => {
    const champ = {
      name: 'CHAMP',
      items: [
        { id: 'challenges', label: 'Challenges' },
        { id: 'authority', label: 'Authority' },
        { id: 'money', label: 'Money' },
        { id: 'prioritization', label: 'Prioritization' },
      ],
    };
    const result = score(
      [
        {
          kind: 'qualification',
          id: 'money',
          label: 'Money verified',
          item: 'money',
          state: 'verified',
          points: 30,
        },
      ],
      { qualification: { money: { state: 'verified' }, challenges: { state: 'verified' } } },
      { checklist: champ, thresholds: { mql: 100, sql: { minVerified: 2, requiredVerified: ['money'] } } },
    );
    expect(result.totals.qualification).toBe(30);
    expect(result.suggestedStage).toBe('sql');
    expect(result.verifiedItems).toEqual(['challenges', 'money']);
  });
});

describe('gates', () => {
  const junk = (detector: Extract<RuleInput, { gate: 'junk' }>['junk']): RuleInput => ({
    kind: 'gate',
    gate: 'junk',
    id: 'junk',
    label: 'Junk',
    junk: detector,
  });
  const cases: Array<{
    name: string;
    rule: RuleInput;
    lead: LeadInput;
    flag: { kind: string; reason: RegExp; field?: string } | null;
  }> = [
    {
      name: 'required: none present → incomplete',
      rule: {
        kind: 'gate',
        gate: 'required',
        id: 'contact',
        label: 'Contact channel',
        anyOf: ['identities.emails', 'identities.phones'],
      },
      lead: {},
      flag: {
        kind: 'incomplete',
        reason: /Contact channel: needs identities.emails or identities.phones/,
        field: 'identities.emails',
      },
    },
    {
      name: 'required: one present → passes',
      rule: {
        kind: 'gate',
        gate: 'required',
        id: 'contact',
        label: 'Contact channel',
        anyOf: ['identities.emails', 'identities.phones'],
      },
      lead: { identities: { phones: ['+44 20 7946 0000'] } },
      flag: null,
    },
    {
      name: 'disposable: from the maintained list',
      rule: junk({ detector: 'disposable_email' }),
      lead: { identities: { emails: ['x@mailinator.com'] } },
      flag: {
        kind: 'junk',
        reason: /mailinator\.com is a disposable email domain/,
        field: 'identities.emails',
      },
    },
    {
      name: 'disposable: a real address alongside passes',
      rule: junk({ detector: 'disposable_email' }),
      lead: { identities: { emails: ['x@mailinator.com', 'ada@acme.com'] } },
      flag: null,
    },
    {
      name: 'disposable: gmail is not disposable',
      rule: junk({ detector: 'disposable_email' }),
      lead: { identities: { emails: ['ada@gmail.com'] } },
      flag: null,
    },
    {
      name: 'disposable: extra domains',
      rule: junk({ detector: 'disposable_email', extraDomains: ['burner.dev'] }),
      lead: { identities: { emails: ['a@x.burner.dev'] } },
      flag: { kind: 'junk', reason: /x\.burner\.dev/ },
    },
    {
      name: 'test values: name',
      rule: junk({ detector: 'test_values' }),
      lead: { person: { fullName: 'Test' } },
      flag: { kind: 'junk', reason: /"Test" in person.fullName/, field: 'person.fullName' },
    },
    {
      name: 'test values: email local part',
      rule: junk({ detector: 'test_values' }),
      lead: { identities: { emails: ['asdf@acme.com'] } },
      flag: { kind: 'junk', reason: /asdf@acme\.com looks like a test address/ },
    },
    {
      name: 'test values: reserved domain',
      rule: junk({ detector: 'test_values' }),
      lead: { identities: { emails: ['ada@example.com'] } },
      flag: { kind: 'junk', reason: /example\.com/ },
    },
    {
      name: 'test values: .test TLD',
      rule: junk({ detector: 'test_values' }),
      lead: { identities: { emails: ['ada@shop.test'] } },
      flag: { kind: 'junk', reason: /shop\.test/ },
    },
    {
      name: 'test values: a real person passes',
      rule: junk({ detector: 'test_values' }),
      lead: { person: { fullName: 'Ada Lovelace' }, identities: { emails: ['ada@acme.com'] } },
      flag: null,
    },
    {
      name: 'test values: configured list',
      rule: junk({ detector: 'test_values', values: ['Batman'] }),
      lead: { company: { name: 'batman' } },
      flag: { kind: 'junk', reason: /company.name/ },
    },
    {
      name: 'competitor: company domain',
      rule: junk({ detector: 'competitor_domain', domains: ['rival.io'] }),
      lead: { company: { domain: 'eu.rival.io' } },
      flag: { kind: 'junk', reason: /eu\.rival\.io is a competitor/, field: 'company.domain' },
    },
    {
      name: 'competitor: email',
      rule: junk({ detector: 'competitor_domain', domains: ['rival.io'] }),
      lead: { identities: { emails: ['spy@rival.io'] } },
      flag: { kind: 'junk', reason: /rival\.io is a competitor/ },
    },
    {
      name: 'role address: only role addresses',
      rule: junk({ detector: 'role_address' }),
      lead: { identities: { emails: ['Info@acme.com', 'sales+eu@acme.com'] } },
      flag: { kind: 'junk', reason: /are role addresses/ },
    },
    {
      name: 'role address: a person alongside passes',
      rule: junk({ detector: 'role_address' }),
      lead: { identities: { emails: ['info@acme.com', 'ada@acme.com'] } },
      flag: null,
    },
    {
      name: 'role address: configured parts',
      rule: junk({ detector: 'role_address', localParts: ['ventas'] }),
      lead: { identities: { emails: ['ventas@acme.es'] } },
      flag: { kind: 'junk', reason: /is a role address/ },
    },
    {
      name: 'condition: with its reason',
      rule: junk({
        detector: 'condition',
        when: { op: 'equals', path: 'tags', value: 'spam' },
        reason: 'tagged spam',
      }),
      lead: { tags: ['spam'] },
      flag: { kind: 'junk', reason: /^Junk: tagged spam$/ },
    },
  ];
  it.each(cases)('$name', ({ rule, lead, flag }) => {
    const result = score([rule], lead);
    if (flag === null) {
      expect(result.flags).toEqual([]);
      return;
    }
    expect(result.flags).toHaveLength(1);
    expect(result.flags[0]).toMatchObject({ kind: flag.kind, ruleId: rule.id });
    expect(result.flags[0]!.reason).toMatch(flag.reason);
    if (flag.field !== undefined) expect(result.flags[0]!.field).toBe(flag.field);
    expect(result.suggestedStage).toBe(flag.kind === 'junk' ? 'disqualified' : 'inquiry');
    expect(result.contributions).toEqual([]);
  });
});

describe('thresholds and stages', () => {
  const rules: RuleInput[] = [
    {
      kind: 'fit',
      id: 'size',
      label: 'Big company',
      when: { op: 'gte', path: 'company.size', value: 1000 },
      points: 40,
    },
    {
      kind: 'fit',
      id: 'vp',
      label: 'VP',
      when: { op: 'contains', path: 'person.title', value: 'vp' },
      points: 20,
    },
    {
      kind: 'qualification',
      id: 'need',
      label: 'Need verified',
      item: 'need',
      state: 'verified',
      points: 50,
    },
    { kind: 'gate', gate: 'required', id: 'company', label: 'Company', anyOf: ['company.name'] },
    { kind: 'gate', gate: 'junk', id: 'test', label: 'Test entry', junk: { detector: 'test_values' } },
  ];
  const extra = {
    thresholds: {
      mql: 45,
      grades: { A: 60, B: 40, C: 20 },
      sql: { minVerified: 2, requiredVerified: ['need'] },
    },
  };
  it.each([
    {
      name: 'below the MQL threshold',
      lead: { company: { name: 'Acme', size: 1000 } },
      stage: 'inquiry',
      grade: 'B',
    },
    {
      name: 'at the MQL threshold',
      lead: { company: { name: 'Acme', size: 1000 }, person: { title: 'VP' } },
      stage: 'mql',
      grade: 'A',
    },
    { name: 'fit below C is D', lead: { company: { name: 'Acme' } }, stage: 'inquiry', grade: 'D' },
    {
      name: 'grade C',
      lead: { company: { name: 'Acme' }, person: { title: 'VP' } },
      stage: 'inquiry',
      grade: 'C',
    },
    {
      name: 'one verified item is not SQL',
      lead: { company: { name: 'Acme' }, qualification: { need: { state: 'verified' } } },
      stage: 'mql',
      grade: 'D',
    },
    {
      name: 'two verified, but not the required one',
      lead: {
        company: { name: 'Acme' },
        qualification: { budget: { state: 'verified' }, timeline: { state: 'verified' } },
      },
      stage: 'inquiry',
      grade: 'D',
    },
    {
      name: 'two verified including need → SQL',
      lead: {
        company: { name: 'Acme' },
        qualification: { need: { state: 'verified' }, budget: { state: 'verified' } },
      },
      stage: 'sql',
      grade: 'D',
    },
    {
      name: 'incomplete stays an inquiry whatever the points',
      lead: { company: { size: 1000 }, person: { title: 'VP' } },
      stage: 'inquiry',
      grade: 'A',
    },
    {
      name: 'junk is disqualified whatever the points',
      lead: { company: { name: 'test', size: 1000 }, person: { title: 'VP' } },
      stage: 'disqualified',
      grade: 'A',
    },
  ] as Array<{ name: string; lead: LeadInput; stage: string; grade: string }>)(
    '$name',
    ({ lead, stage, grade }) => {
      const result = score(rules, lead, extra);
      expect(result.suggestedStage).toBe(stage);
      expect(result.grade).toBe(grade);
    },
  );

  it('carries the ruleset identity and the scoring instant', () => {
    const result = score(rules, {}, extra);
    expect(result).toMatchObject({ rulesetId: 'test', rulesetVersion: 3, scoredAt: now });
  });

  it('accepts now as a Date, epoch ms or ISO string, and refuses an invalid one', () => {
    const { interpreted } = compileBoth(rules, extra);
    const lead = LeadSchema.parse({});
    const fromString = scoreLead(interpreted, lead, { now });
    expect(scoreLead(interpreted, lead, { now: new Date(nowMs) })).toEqual(fromString);
    expect(scoreLead(interpreted, lead, { now: nowMs })).toEqual(fromString);
    expect(() => scoreLead(interpreted, lead, { now: 'yesterday' })).toThrow(RangeError);
  });
});

describe('moments of interest', () => {
  it('match by event type and URL pattern', () => {
    const { interpreted } = compileBoth([], {
      moments: [
        { id: 'pricing', label: 'Looking at pricing', eventType: 'page_view', urlPattern: '/pricing' },
        { id: 'reply', label: 'Replied', eventType: 'reply' },
      ],
    });
    expect(
      findMoments(interpreted, { type: 'page_view', url: 'https://acme.com/Pricing' }).map((m) => m.id),
    ).toEqual(['pricing']);
    expect(findMoments(interpreted, { type: 'page_view', url: 'https://acme.com/blog' })).toEqual([]);
    expect(findMoments(interpreted, { type: 'page_view' })).toEqual([]);
    expect(findMoments(interpreted, { type: 'reply' }).map((m) => m.label)).toEqual(['Replied']);
  });
});
