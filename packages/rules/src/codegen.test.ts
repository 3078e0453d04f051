import { LeadSchema, type RulesetInput, ScoreSchema } from '@leadlight/contract';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { leadArbitrary, nowMs, rulesetArbitrary } from './arbitraries.testkit';
import { compileRulesetCodegen } from './codegen';
import { compileRuleset } from './compile-ruleset';
import { scoreLead, scoreLeadTotals } from './score-lead';
import { validateRuleset } from './validate-ruleset';

const hostile = [
  '"]); process.exit(1); //',
  "'); process.exit(1); //",
  ['`$', '{process.exit(1)}`'].join(''),
  '*/ process.exit(1); /*',
  '\u2028process.exit(1)\u2029',
  '\\"; throw new Error("pwned"); "',
  'constructor',
];

describe('compileRulesetCodegen', () => {
  it('never splices ruleset text into the source (hostile ids, values, keys and labels)', () => {
    for (const text of hostile) {
      const input: RulesetInput = {
        id: 'hostile',
        name: text,
        version: 1,
        rules: [
          {
            kind: 'fit',
            id: text,
            label: text,
            when: { op: 'equals', path: 'person.title', value: text },
            points: 5,
          },
          {
            kind: 'fit',
            id: `${text}-2`,
            label: text,
            when: { op: 'in', path: `custom.${text}`, values: [text, 1] },
            points: 7,
          },
          {
            kind: 'fit',
            id: `${text}-3`,
            label: text,
            when: { op: 'contains', path: 'tags', value: text },
            points: 11,
          },
          {
            kind: 'engagement',
            basis: 'events',
            id: `${text}-4`,
            label: text,
            eventTypes: ['page_view'],
            urlPattern: text,
            pointsPerUnit: 1,
            cap: 3,
          },
          {
            kind: 'gate',
            gate: 'junk',
            id: `${text}-5`,
            label: text,
            junk: {
              detector: 'condition',
              when: { op: 'startsWith', path: 'company.name', value: text },
              reason: text,
            },
          },
        ],
        thresholds: { mql: 10 },
      };
      const validation = validateRuleset(input);
      if (!validation.ok) throw new Error(JSON.stringify(validation.errors));
      const generated = compileRulesetCodegen(validation.ruleset);
      expect(generated.generatedSource).not.toContain('process');
      expect(generated.generatedSource).not.toContain('pwned');
      const interpreted = compileRuleset(validation.ruleset);
      const lead = LeadSchema.parse({
        person: { title: text.trim() },
        custom: { [text]: text },
        tags: [text.trim().slice(0, 60) || 'x'],
        events: [{ type: 'page_view', at: '2026-05-01T00:00:00Z', url: `https://a.com/${text}` }],
        company: { name: text.trim() },
      });
      const summary = scoreLeadTotals(generated, lead, { now: nowMs });
      expect(summary).toEqual(scoreLeadTotals(interpreted, lead, { now: nowMs }));
      expect(summary.fit).toBeGreaterThanOrEqual(5);
    }
  });

  it('gives the same totals, grade and stage as the interpreter on random rulesets and leads', () => {
    fc.assert(
      fc.property(
        rulesetArbitrary,
        fc.array(leadArbitrary, { minLength: 1, maxLength: 5 }),
        (input, leads) => {
          const validation = validateRuleset(input);
          if (!validation.ok) throw new Error(JSON.stringify(validation.errors));
          const interpreted = compileRuleset(validation.ruleset);
          const generated = compileRulesetCodegen(validation.ruleset);
          for (const lead of leads) {
            const expected = scoreLeadTotals(interpreted, lead, { now: nowMs });
            expect(scoreLeadTotals(generated, lead, { now: nowMs })).toEqual(expected);
            const score = scoreLead(generated, lead, { now: nowMs });
            expect(score.totals.total).toBe(expected.total);
            expect(score.suggestedStage).toBe(expected.suggestedStage);
          }
        },
      ),
      { numRuns: 200 },
    );
  }, 30_000);
});

describe('scoreLead on any valid lead', () => {
  it('never throws, validates as a Score, and its contributions sum exactly to the totals', () => {
    fc.assert(
      fc.property(rulesetArbitrary, leadArbitrary, (input, lead) => {
        const validation = validateRuleset(input);
        if (!validation.ok) throw new Error(JSON.stringify(validation.errors));
        const score = scoreLead(compileRuleset(validation.ruleset), lead, { now: nowMs });
        ScoreSchema.parse(score);
        const sum = (kind?: string) =>
          score.contributions
            .filter((contribution) => kind === undefined || contribution.kind === kind)
            .reduce((total, contribution) => total + contribution.points, 0);
        expect(sum()).toBe(score.totals.total);
        expect(sum('fit')).toBe(score.totals.fit);
        expect(sum('engagement')).toBe(score.totals.engagement);
        expect(sum('qualification')).toBe(score.totals.qualification);
        expect(score.totals.total).toBe(
          score.totals.fit + score.totals.engagement + score.totals.qualification,
        );
        for (const contribution of score.contributions)
          expect(Number.isInteger(contribution.points)).toBe(true);
        for (const flag of score.flags) expect(flag.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  }, 30_000);
});
