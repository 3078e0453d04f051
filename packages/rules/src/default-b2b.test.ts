import { type LeadInput, LeadSchema } from '@leadlight/contract';
import { describe, expect, it } from 'vitest';
import defaultB2b from '../rulesets/default-b2b.json';
import { compileRulesetCodegen } from './codegen';
import { compileRuleset } from './compile-ruleset';
import { findMoments, scoreLead, scoreLeadTotals } from './score-lead';
import { maxEngagementPoints, validateRuleset } from './validate-ruleset';

const now = '2026-06-01T00:00:00.000Z';
const daysAgo = (days: number) => new Date(Date.parse(now) - days * 86_400_000).toISOString();

const validation = validateRuleset(defaultB2b);
if (!validation.ok) throw new Error(`default-b2b.json is invalid: ${JSON.stringify(validation.errors)}`);
const compiled = compileRuleset(validation.ruleset);
const generated = compileRulesetCodegen(validation.ruleset);

function score(input: LeadInput) {
  const lead = LeadSchema.parse(input);
  const result = scoreLead(compiled, lead, { now });
  expect(scoreLeadTotals(generated, lead, { now })).toMatchObject({
    total: result.totals.total,
    suggestedStage: result.suggestedStage,
  });
  return result;
}

const vpAtMidMarket: LeadInput = {
  person: { fullName: 'Grace Hopper', title: 'VP Engineering', seniority: 'vp' },
  company: { name: 'Northwind', domain: 'northwind.io', size: 400, industry: 'Software' },
  identities: { emails: ['grace@northwind.io'] },
};

describe('default-b2b ruleset', () => {
  it('validates, with a verified answer outweighing all engagement', () => {
    expect(validation.ruleset.id).toBe('default-b2b');
    const verified = validation.ruleset.rules.filter(
      (rule) => rule.kind === 'qualification' && rule.state === 'verified',
    );
    expect(verified.length).toBe(4);
    for (const rule of verified)
      if (rule.kind === 'qualification')
        expect(rule.points).toBeGreaterThanOrEqual(maxEngagementPoints(validation.ruleset));
  });

  it('grades a VP at a mid-size software company with a work email A, but waits for interest before MQL', () => {
    const result = score(vpAtMidMarket);
    expect(result.grade).toBe('A');
    expect(result.totals.fit).toBe(55);
    expect(result.suggestedStage).toBe('inquiry');
    expect(result.contributions.map((contribution) => contribution.ruleId)).toEqual([
      'fit-executive',
      'fit-size-mid',
      'fit-industry',
      'fit-work-email',
    ]);
    const replied = score({ ...vpAtMidMarket, events: [{ type: 'reply', at: daysAgo(1) }] });
    expect(replied.suggestedStage).toBe('mql');
  });

  it('a demo request and pricing visits turn a director into an MQL', () => {
    const director: LeadInput = {
      person: { fullName: 'Ada Byron', title: 'Director of Operations' },
      company: { name: 'Contoso', size: 120, industry: 'Retail' },
      identities: { emails: ['ada@contoso.com'] },
    };
    expect(score(director)).toMatchObject({ suggestedStage: 'inquiry', grade: 'B' });
    const engaged = score({
      ...director,
      events: [
        { type: 'form_submit', at: daysAgo(2), url: 'https://leadlight.dev/demo' },
        { type: 'page_view', at: daysAgo(1), url: 'https://leadlight.dev/pricing' },
        { type: 'page_view', at: daysAgo(3), url: 'https://leadlight.dev/pricing?annual' },
      ],
    });
    expect(engaged.totals.engagement).toBe(15 + 7);
    expect(engaged.suggestedStage).toBe('mql');
  });

  it('a student on free mail is a D', () => {
    const result = score({
      person: { fullName: 'Sam Lee', title: 'Student' },
      company: { name: 'University' },
      identities: { emails: ['sam@gmail.com'] },
    });
    expect(result.grade).toBe('D');
    expect(result.totals.fit).toBe(-20);
  });

  it('verified need and budget make an SQL even with a weak fit', () => {
    const result = score({
      person: { fullName: 'Lin Wu', title: 'Analyst' },
      company: { name: 'Tiny Co', size: 5 },
      identities: { emails: ['lin@tiny.co'] },
      qualification: { need: { state: 'verified', by: 'rep@us.com' }, budget: { state: 'verified' } },
    });
    expect(result.suggestedStage).toBe('sql');
    expect(result.verifiedItems).toEqual(['budget', 'need']);
  });

  it('flags junk and incomplete leads with reasons', () => {
    const disposable = score({ ...vpAtMidMarket, identities: { emails: ['grace@mailinator.com'] } });
    expect(disposable.suggestedStage).toBe('disqualified');
    expect(disposable.flags.map((flag) => flag.ruleId)).toEqual(['junk-disposable']);
    const testEntry = score({ ...vpAtMidMarket, person: { fullName: 'Test Test' } });
    expect(testEntry.flags[0]).toMatchObject({ kind: 'junk', ruleId: 'junk-test', field: 'person.fullName' });
    const roleOnly = score({ ...vpAtMidMarket, identities: { emails: ['info@northwind.io'] } });
    expect(roleOnly.flags[0]).toMatchObject({ kind: 'junk', ruleId: 'junk-role' });
    const anonymous = score({ person: { title: 'CEO' }, company: { size: 5000 } });
    expect(anonymous.flags.map((flag) => [flag.kind, flag.ruleId])).toEqual([
      ['incomplete', 'gate-contact'],
      ['incomplete', 'gate-company'],
    ]);
    expect(anonymous.suggestedStage).toBe('inquiry');
  });

  it('raises moments of interest for pricing and demo requests', () => {
    expect(
      findMoments(compiled, { type: 'page_view', url: 'https://leadlight.dev/pricing' }).map((m) => m.label),
    ).toEqual(['Looking at pricing']);
    expect(
      findMoments(compiled, { type: 'form_submit', url: 'https://leadlight.dev/demo' }).map((m) => m.id),
    ).toEqual(['moment-demo']);
  });
});
