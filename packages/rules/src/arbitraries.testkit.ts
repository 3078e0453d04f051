import {
  type Condition,
  engagementEventTypes,
  type Lead,
  LeadSchema,
  qualificationStates,
  type RulesetInput,
  seniorities,
} from '@leadlight/contract';
import fc from 'fast-check';

/*
 * Arbitraries shared by the property tests. Values are drawn from small pools that the random rulesets also
 * use, so conditions actually match often, plus free strings so nothing is assumed about the data.
 */

const titles = [
  'VP Sales',
  'Director of IT',
  'CEO',
  ' student ',
  'Marketing Manager',
  'Head of Growth',
  'intern',
];
const industries = ['Software', 'Education', 'financial services', 'Retail'];
const domains = ['acme.com', 'eu.acme.com', 'gmail.com', 'mailinator.com', 'example.com', 'rival.io'];
const locals = ['ada', 'info', 'sales', 'test', 'bob.smith'];
const urls = [
  'https://acme.com/pricing',
  'https://acme.com/demo/thanks',
  'https://acme.com/blog',
  'HTTPS://ACME.COM/PRICING?x=1',
];
const customKeys = ['lead_quality', 'score', 'constructor', 'toString', 'x'];
export const tagPool = ['hot', 'Partner', 'event-2026', 'cold'];

const pick = <T>(values: readonly T[]) => fc.constantFrom(...values);
const text = (pool: readonly string[]) => fc.oneof(pick(pool), fc.string({ maxLength: 12 }));
const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
/** Shared by leads and rule operands so that bounds are hit exactly, not just by luck. */
const boundaries = [0, 1, 3, 10, 50, 100, 1000];
const boundaryNat = (max: number) => fc.oneof(pick(boundaries), fc.nat({ max }));
const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 });

export const nowMs = Date.parse('2026-06-01T00:00:00.000Z');
const instant = fc
  .integer({ min: nowMs - 400 * 86_400_000, max: nowMs + 5 * 86_400_000 })
  .map((ms) => new Date(ms).toISOString());

export const emailArbitrary = fc
  .tuple(pick(locals), pick(domains))
  .map(([local, domain]) => `${local}@${domain}`);

export const leadArbitrary: fc.Arbitrary<Lead> = fc
  .record(
    {
      person: fc.record(
        {
          fullName: text(['Ada Lovelace', 'test', 'John Doe']),
          title: text(titles),
          seniority: pick(seniorities),
        },
        { requiredKeys: [] },
      ),
      company: fc.record(
        {
          name: text(['Acme', 'asdf', '']),
          domain: pick(domains),
          size: boundaryNat(20_000),
          industry: text(industries),
          annualRevenue: boundaryNat(1e9),
        },
        { requiredKeys: [] },
      ),
      identities: fc.record(
        {
          emails: fc.array(fc.oneof(emailArbitrary, fc.string({ maxLength: 10 })), { maxLength: 3 }),
          phones: fc.array(pick(['+44 20 7946 0000', ' ']), { maxLength: 2 }),
          linkedinUrl: optional(pick(['https://www.linkedin.com/in/ada', ''])),
        },
        { requiredKeys: [] },
      ),
      source: fc.record({ channel: text(['web_form', 'event', 'import']) }, { requiredKeys: [] }),
      tags: fc.uniqueArray(pick(tagPool), { maxLength: 4 }),
      qualification: fc.dictionary(
        pick(['budget', 'authority', 'need', 'timeline', 'champion', 'constructor']),
        fc.record({ state: pick(qualificationStates), value: optional(fc.string({ maxLength: 10 })) }),
      ),
      events: fc.array(
        fc.record({
          type: pick(engagementEventTypes),
          at: instant,
          value: optional(finite),
          url: optional(fc.oneof(pick(urls), fc.string({ maxLength: 20 }))),
        }),
        { maxLength: 6 },
      ),
      totals: fc.record(
        {
          visits: boundaryNat(200),
          timeOnSiteSeconds: fc.nat({ max: 5000 }),
          pageViewsPerVisit: fc.double({ min: 0, max: 30, noNaN: true }),
          lastActivity: text(['Email Opened', 'SMS Sent']),
        },
        { requiredKeys: [] },
      ),
      custom: fc.dictionary(
        pick(customKeys),
        fc.oneof(
          text(['Might be', 'High in Relevance']),
          pick(boundaries),
          finite,
          fc.boolean(),
          fc.constant(null),
        ),
      ),
    },
    { requiredKeys: [] },
  )
  .map((input) => LeadSchema.parse(input));

// Random rulesets over the same pools, for the engine-equivalence property.

const textPaths = [
  'person.title',
  'person.fullName',
  'company.industry',
  'company.name',
  'source.channel',
  'totals.lastActivity',
];
const listPaths = ['identities.emails', 'tags', 'identities.phones'];
const numberPaths = ['company.size', 'company.annualRevenue', 'totals.visits', 'totals.pageViewsPerVisit'];
const customPaths = customKeys.map((key) => `custom.${key}`);
const textOperand = text([...titles, ...industries, 'vp', 'acme', 'hot', 'high', 'email']);
const numberOperand = fc.oneof(pick(boundaries), fc.integer({ min: -10, max: 5000 }));

const leafArbitrary = fc.oneof(
  fc.record({
    op: pick(['equals', 'contains', 'startsWith'] as const),
    path: pick([...textPaths, ...listPaths]),
    value: textOperand.filter((s) => s.trim() !== ''),
  }),
  fc.record({
    op: fc.constant('in' as const),
    path: pick([...textPaths, ...listPaths]),
    values: fc.array(textOperand, { minLength: 1, maxLength: 4 }),
  }),
  fc.record({
    op: pick(['gt', 'gte', 'lt', 'lte', 'equals'] as const),
    path: pick(numberPaths),
    value: numberOperand,
  }),
  fc.record({
    op: fc.constant('in' as const),
    path: pick(numberPaths),
    values: fc.array(numberOperand, { minLength: 1, maxLength: 4 }),
  }),
  numberOperand.chain((min) =>
    fc.record({
      op: fc.constant('between' as const),
      path: pick(numberPaths),
      min: fc.constant(min),
      max: fc.oneof(fc.constant(min), fc.constant(min + 50), fc.integer({ min, max: min + 3000 })),
    }),
  ),
  fc.record({
    op: pick(['exists', 'missing'] as const),
    path: pick([
      ...textPaths,
      ...listPaths,
      ...numberPaths,
      ...customPaths,
      'person.seniority',
      'company.domain',
    ]),
  }),
  fc.record({
    op: fc.constant('domainIn' as const),
    path: pick(['identities.emails', 'company.domain', 'custom.x']),
    domains: fc.array(pick(domains), { minLength: 1, maxLength: 3 }),
  }),
  fc.record({
    op: pick(['equals', 'contains'] as const),
    path: pick(customPaths),
    value: textOperand.filter((s) => s.trim() !== ''),
  }),
  fc.record({ op: pick(['gt', 'lte', 'equals'] as const), path: pick(customPaths), value: numberOperand }),
  fc.record({ op: fc.constant('equals' as const), path: pick(customPaths), value: fc.boolean() }),
  fc.record({
    op: fc.constant('in' as const),
    path: pick(customPaths),
    values: fc.array(fc.oneof(textOperand, numberOperand, fc.boolean()), { minLength: 1, maxLength: 4 }),
  }),
  fc.record({
    op: fc.constant('equals' as const),
    path: fc.constant('person.seniority'),
    value: pick(seniorities),
  }),
);

const { condition: conditionArbitrary } = fc.letrec<{ condition: Condition }>((tie) => ({
  condition: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafArbitrary,
    fc.record({
      op: pick(['all', 'any'] as const),
      of: fc.array(tie('condition'), { minLength: 1, maxLength: 3 }),
    }),
    fc.record({ op: fc.constant('not' as const), condition: tie('condition') }),
  ),
}));

const idArbitrary = fc.string({ minLength: 1, maxLength: 8 }).filter((s) => s.trim() !== '');

export const rulesetArbitrary: fc.Arbitrary<RulesetInput> = fc
  .record({
    fit: fc.array(fc.record({ when: conditionArbitrary, points: fc.integer({ min: -30, max: 30 }) }), {
      maxLength: 8,
    }),
    engagementConditions: fc.array(
      fc.record({ when: conditionArbitrary, points: fc.integer({ min: -10, max: 10 }) }),
      { maxLength: 2 },
    ),
    events: fc.array(
      fc.record({
        eventTypes: fc.uniqueArray(pick(engagementEventTypes), { minLength: 1, maxLength: 3 }),
        urlPattern: optional(pick(['/pricing', 'demo*thanks', '*', 'acme'])),
        measure: pick(['count', 'sum'] as const),
        windowDays: optional(fc.integer({ min: 1, max: 365 })),
        halfLifeDays: optional(fc.integer({ min: 1, max: 90 })),
        pointsPerUnit: fc.double({ min: -5, max: 5, noNaN: true }),
        cap: fc.integer({ min: 1, max: 20 }),
      }),
      { maxLength: 3 },
    ),
    totals: fc.array(
      fc.record({
        total: pick(['visits', 'timeOnSiteSeconds', 'pageViewsPerVisit'] as const),
        pointsPerUnit: fc.double({ min: -2, max: 2, noNaN: true }),
        cap: fc.integer({ min: 1, max: 20 }),
      }),
      { maxLength: 2 },
    ),
    qualification: fc.array(
      fc.record({
        item: pick(['budget', 'authority', 'need', 'timeline']),
        state: pick(qualificationStates),
        points: fc.integer({ min: -20, max: 200 }),
      }),
      { maxLength: 4 },
    ),
    required: fc.array(
      fc.array(pick(['identities.emails', 'company.name', 'identities.phones', 'custom.x']), {
        minLength: 1,
        maxLength: 2,
      }),
      { maxLength: 2 },
    ),
    junk: fc.array(
      fc.oneof(
        fc.constant({ detector: 'disposable_email' as const }),
        fc.constant({ detector: 'test_values' as const }),
        fc.constant({ detector: 'role_address' as const }),
        fc.constant(null).map(() => ({ detector: 'competitor_domain' as const, domains: ['rival.io'] })),
        conditionArbitrary.map((when) => ({
          detector: 'condition' as const,
          when,
          reason: 'matched a junk condition',
        })),
      ),
      { maxLength: 2 },
    ),
    mql: fc.integer({ min: -20, max: 80 }),
    minVerified: fc.integer({ min: 1, max: 4 }),
    ids: fc.uniqueArray(idArbitrary, { minLength: 40, maxLength: 40, selector: (id) => id.trim() }),
  })
  .map((parts): RulesetInput => {
    let next = 0;
    const id = () => parts.ids[next++]!;
    const engagementMax =
      parts.engagementConditions.reduce((sum, rule) => sum + Math.max(rule.points, 0), 0) +
      [...parts.events, ...parts.totals].reduce(
        (sum, rule) => sum + (rule.pointsPerUnit > 0 ? rule.cap : 0),
        0,
      );
    return {
      id: 'random',
      name: 'Random',
      version: 1,
      rules: [
        ...parts.fit.map((rule) => ({ kind: 'fit' as const, id: id(), label: 'fit', ...rule })),
        ...parts.engagementConditions.map((rule) => ({
          kind: 'engagement' as const,
          basis: 'condition' as const,
          id: id(),
          label: 'eng',
          ...rule,
        })),
        ...parts.events.map((rule) => ({
          kind: 'engagement' as const,
          basis: 'events' as const,
          id: id(),
          label: 'events',
          ...rule,
        })),
        ...parts.totals.map((rule) => ({
          kind: 'engagement' as const,
          basis: 'total' as const,
          id: id(),
          label: 'total',
          ...rule,
        })),
        ...parts.qualification.map((rule) => ({
          kind: 'qualification' as const,
          id: id(),
          label: 'q',
          ...rule,
          points:
            rule.state === 'verified' && rule.points > 0 ? Math.max(rule.points, engagementMax) : rule.points,
        })),
        ...parts.required.map((anyOf) => ({
          kind: 'gate' as const,
          gate: 'required' as const,
          id: id(),
          label: 'required',
          anyOf,
        })),
        ...parts.junk.map((junk) => ({
          kind: 'gate' as const,
          gate: 'junk' as const,
          id: id(),
          label: 'junk',
          junk,
        })),
      ],
      thresholds: { mql: parts.mql, sql: { minVerified: parts.minVerified } },
      moments: [],
    };
  });
