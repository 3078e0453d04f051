import { compileRuleset, scoreLeadTotals, validateRuleset } from '@leadlight/rules';
import { compileRulesetCodegen } from '@leadlight/rules/codegen';
import { describe, expect, it } from 'vitest';
import { benchRuleset, scoreByHand, scoreByHandCaseSensitive } from './bench-ruleset';
import { buildJsonRulesEngine } from './json-rules-engine';
import { loadXEducationLeads, resampleLeads } from './x-education-leads';

// The bench compares speeds; this proves it compares the same computation.
describe('the rules bench compares like with like', () => {
  const validation = validateRuleset(benchRuleset);
  if (!validation.ok) throw new Error(JSON.stringify(validation.errors));
  const leads = loadXEducationLeads().map((item) => item.lead);

  it('has 20 rules and scores all 9,240 X Education leads', () => {
    expect(validation.ruleset.rules).toHaveLength(20);
    expect(leads).toHaveLength(9240);
  });

  it('hand-written, interpreted and generated scorers agree on every lead', () => {
    const interpreted = compileRuleset(validation.ruleset);
    const generated = compileRulesetCodegen(validation.ruleset);
    const totals = new Set<number>();
    for (const lead of leads) {
      const expected = scoreByHand(lead);
      expect(scoreByHandCaseSensitive(lead)).toEqual(expected);
      expect(scoreLeadTotals(interpreted, lead, { now: 0 })).toEqual(expected);
      expect(scoreLeadTotals(generated, lead, { now: 0 })).toEqual(expected);
      totals.add(expected.total);
    }
    expect(totals.size).toBeGreaterThan(50);
  });

  it('the json-rules-engine translation gives the same totals', async () => {
    const jre = buildJsonRulesEngine(validation.ruleset);
    for (const lead of leads.slice(0, 400)) {
      const expected = scoreByHand(lead);
      expect(await jre.score(lead)).toEqual({
        fit: expected.fit,
        engagement: expected.engagement,
        total: expected.total,
      });
    }
  });

  it('resamples deterministically', () => {
    expect(resampleLeads([1, 2, 3, 4], 8, 7)).toEqual(resampleLeads([1, 2, 3, 4], 8, 7));
    expect(new Set(resampleLeads([1, 2, 3, 4], 200, 7)).size).toBe(4);
  });
});
