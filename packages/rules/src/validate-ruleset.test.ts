import { bantChecklist, type RulesetInput } from '@leadlight/contract';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRuleset, RulesetInvalidError } from './compile-ruleset';
import { validateRuleset } from './validate-ruleset';

const base = (): RulesetInput => ({
  id: 'base',
  name: 'Base',
  version: 1,
  rules: [
    {
      kind: 'fit',
      id: 'vp',
      label: 'VP',
      when: { op: 'contains', path: 'person.title', value: 'vp' },
      points: 10,
    },
    {
      kind: 'engagement',
      basis: 'events',
      id: 'visits',
      label: 'Visits',
      eventTypes: ['site_visit'],
      pointsPerUnit: 1,
      cap: 20,
    },
    {
      kind: 'qualification',
      id: 'need',
      label: 'Need verified',
      item: 'need',
      state: 'verified',
      points: 20,
    },
  ],
  thresholds: { mql: 20 },
});

function errorsOf(input: unknown) {
  const result = validateRuleset(input);
  if (result.ok) throw new Error('expected the ruleset to be refused');
  return result.errors;
}

describe('validateRuleset', () => {
  it('accepts a minimal ruleset and fills the defaults', () => {
    const result = validateRuleset(base());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.ruleset.checklist).toEqual(bantChecklist);
    expect(result.ruleset.followUp).toEqual({
      firstTouchSlaHours: { inquiry: 48, mql: 24, sql: 4 },
      minAttemptsBeforeUnresponsive: 5,
      recycleAfterDays: 90,
    });
    expect(result.ruleset.thresholds.grades).toEqual({ A: 60, B: 40, C: 20 });
    expect(result.ruleset.moments).toEqual([]);
  });

  it('is idempotent: a validated ruleset validates to itself', () => {
    const first = validateRuleset(base());
    if (!first.ok) throw new Error('base must validate');
    expect(validateRuleset(first.ruleset)).toEqual(first);
  });

  const mutate = (change: (ruleset: RulesetInput) => void) => {
    const ruleset = structuredClone(base());
    change(ruleset);
    return ruleset;
  };
  const rule = (ruleset: RulesetInput, index: number) => ruleset.rules[index] as Record<string, unknown>;

  it.each([
    { name: 'not an object', input: 42, path: '', message: /expected object/ },
    {
      name: 'missing name',
      input: mutate((r) => {
        delete (r as Partial<RulesetInput>).name;
      }),
      path: 'name',
      message: /expected string/,
    },
    {
      name: 'unknown key',
      input: mutate((r) => {
        (r as Record<string, unknown>).extra = 1;
      }),
      path: '',
      message: /Unrecognized key/,
    },
    {
      name: 'unknown rule kind',
      input: mutate((r) => {
        rule(r, 0).kind = 'magic';
      }),
      path: 'rules.0.kind',
      message: /Invalid discriminator|Invalid input/,
    },
    {
      name: 'unknown operator',
      input: mutate((r) => {
        (rule(r, 0).when as Record<string, unknown>).op = 'like';
      }),
      path: 'rules.0.when.op',
      message: /equals/,
    },
    {
      name: 'unknown field path',
      input: mutate((r) => {
        (rule(r, 0).when as Record<string, unknown>).path = 'person.shoeSize';
      }),
      path: 'rules.0.when.path',
      message: /unknown field "person.shoeSize"/,
    },
    {
      name: 'numeric operator on text',
      input: mutate((r) => {
        rule(r, 0).when = { op: 'gt', path: 'person.title', value: 3 };
      }),
      path: 'rules.0.when.op',
      message: /compares numbers/,
    },
    {
      name: 'text operator on a number',
      input: mutate((r) => {
        rule(r, 0).when = { op: 'contains', path: 'company.size', value: '3' };
      }),
      path: 'rules.0.when.op',
      message: /compares text/,
    },
    {
      name: 'equals text on a number field',
      input: mutate((r) => {
        rule(r, 0).when = { op: 'equals', path: 'company.size', value: '3' };
      }),
      path: 'rules.0.when.value',
      message: /is a number/,
    },
    {
      name: 'in with a number on a text field',
      input: mutate((r) => {
        rule(r, 0).when = { op: 'in', path: 'person.title', values: ['ceo', 5] };
      }),
      path: 'rules.0.when.values.1',
      message: /is text/,
    },
    {
      name: 'unknown seniority',
      input: mutate((r) => {
        rule(r, 0).when = { op: 'equals', path: 'person.seniority', value: 'boss' };
      }),
      path: 'rules.0.when.value',
      message: /c_level/,
    },
    {
      name: 'domainIn on a title',
      input: mutate((r) => {
        rule(r, 0).when = { op: 'domainIn', path: 'person.title', domains: ['a.com'] };
      }),
      path: 'rules.0.when.path',
      message: /domainIn reads/,
    },
    {
      name: 'between with min > max',
      input: mutate((r) => {
        rule(r, 0).when = { op: 'between', path: 'company.size', min: 10, max: 5 };
      }),
      path: 'rules.0.when.min',
      message: /min ≤ max/,
    },
    {
      name: 'nested errors keep their path',
      input: mutate((r) => {
        rule(r, 0).when = {
          op: 'all',
          of: [
            { op: 'exists', path: 'tags' },
            { op: 'not', condition: { op: 'exists', path: 'nope' } },
          ],
        };
      }),
      path: 'rules.0.when.of.1.condition.path',
      message: /unknown field/,
    },
    {
      name: 'duplicate rule ids',
      input: mutate((r) => {
        rule(r, 1).id = 'vp';
      }),
      path: 'rules.1.id',
      message: /duplicate rule id "vp"/,
    },
    {
      name: 'unknown checklist item',
      input: mutate((r) => {
        rule(r, 2).item = 'champion';
      }),
      path: 'rules.2.item',
      message: /not a checklist item/,
    },
    {
      name: 'verified answer weaker than behaviour',
      input: mutate((r) => {
        rule(r, 2).points = 19;
      }),
      path: 'rules.2.points',
      message: /must outweigh any behaviour: 19 points < 20/,
    },
    {
      name: 'cap missing on an engagement rule',
      input: mutate((r) => {
        delete rule(r, 1).cap;
      }),
      path: 'rules.1.cap',
      message: /expected number/,
    },
    {
      name: 'fractional fit points',
      input: mutate((r) => {
        rule(r, 0).points = 1.5;
      }),
      path: 'rules.0.points',
      message: /int/,
    },
    {
      name: 'grades not descending',
      input: mutate((r) => {
        r.thresholds.grades = { A: 10, B: 20, C: 5 };
      }),
      path: 'thresholds.grades',
      message: /A > B > C/,
    },
    {
      name: 'SQL without any verified item',
      input: mutate((r) => {
        r.thresholds.sql = { minVerified: 0 };
      }),
      path: 'thresholds.sql',
      message: /at least one verified/,
    },
    {
      name: 'SQL requiring an unknown item',
      input: mutate((r) => {
        r.thresholds.sql = { requiredVerified: ['money'] };
      }),
      path: 'thresholds.sql.requiredVerified.0',
      message: /not a checklist item/,
    },
    {
      name: 'duplicate checklist items',
      input: mutate((r) => {
        r.checklist = {
          name: 'X',
          items: [
            { id: 'a', label: 'A' },
            { id: 'a', label: 'A again' },
          ],
        };
        r.rules = [];
      }),
      path: 'checklist.items.1.id',
      message: /duplicate checklist item/,
    },
    {
      name: 'checklist item id that is not a slug',
      input: mutate((r) => {
        r.checklist = { name: 'X', items: [{ id: '__proto__', label: 'A' }] };
      }),
      path: 'checklist.items.0.id',
      message: /lowercase/,
    },
    {
      name: 'unknown path in a required gate',
      input: mutate((r) => {
        r.rules.push({
          kind: 'gate',
          gate: 'required',
          id: 'g',
          label: 'G',
          anyOf: ['company.name', 'company.ceo'],
        });
      }),
      path: 'rules.3.anyOf.1',
      message: /unknown field/,
    },
    {
      name: 'SLA for an unknown stage',
      input: mutate((r) => {
        r.followUp = { firstTouchSlaHours: { lead: 3 } as never };
      }),
      path: 'followUp.firstTouchSlaHours',
      message: /Unrecognized key: "lead"/,
    },
    {
      name: '__proto__ key',
      input: JSON.parse(
        '{"__proto__": {"polluted": true}, "id": "x", "name": "X", "version": 1, "rules": [], "thresholds": {"mql": 1}}',
      ),
      path: '',
      message: /Unrecognized key/,
    },
    {
      name: 'duplicate moment ids',
      input: mutate((r) => {
        r.moments = [
          { id: 'm', label: 'M', eventType: 'reply' },
          { id: 'm', label: 'M2', eventType: 'meeting' },
        ];
      }),
      path: 'moments.1.id',
      message: /duplicate moment/,
    },
  ])('refuses $name at "$path"', ({ input, path, message }) => {
    const errors = errorsOf(input);
    const error = errors.find((candidate) => candidate.path === path);
    expect(error, JSON.stringify(errors)).toBeDefined();
    expect(error!.message).toMatch(message);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses input nested too deep, without overflowing the stack', () => {
    let condition: unknown = { op: 'exists', path: 'tags' };
    for (let depth = 0; depth < 100_000; depth += 1) condition = { op: 'not', condition };
    const input = {
      ...base(),
      rules: [{ kind: 'fit', id: 'deep', label: 'Deep', when: condition, points: 1 }],
    };
    expect(errorsOf(input)[0]!.message).toMatch(/nested deeper than 64 levels/);
    let array: unknown = [];
    for (let depth = 0; depth < 100_000; depth += 1) array = [array];
    expect(errorsOf(array)[0]!.message).toMatch(/nested deeper/);
  });

  it('refuses giant input quickly', () => {
    const values = Array.from({ length: 300_000 }, (_, index) => `v${index}`);
    const input = {
      ...base(),
      rules: [{ kind: 'fit', id: 'big', label: 'Big', when: { op: 'in', path: 'tags', values }, points: 1 }],
    };
    expect(errorsOf(input)[0]!.message).toMatch(/too (large|long)/);
  });

  it('refuses values that are not JSON', () => {
    expect(errorsOf(undefined)).toHaveLength(1);
    expect(errorsOf(() => 1)).toHaveLength(1);
    const cyclic: Record<string, unknown> = { ...base() };
    cyclic.self = cyclic;
    expect(errorsOf(cyclic)).toHaveLength(1);
    const throwing = Object.defineProperty({}, 'id', {
      enumerable: true,
      get: () => {
        throw new Error('boom');
      },
    });
    expect(errorsOf(throwing)[0]!.message).toMatch(/boom/);
  });

  it('never throws on any JSON, and always explains a refusal with paths', () => {
    fc.assert(
      fc.property(fc.json({ depthSize: 'medium' }), (text) => {
        const result = validateRuleset(JSON.parse(text));
        if (!result.ok) {
          expect(result.errors.length).toBeGreaterThan(0);
          for (const error of result.errors) {
            expect(typeof error.path).toBe('string');
            expect(error.message.length).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 500 },
    );
  }, 30_000);

  it('never throws on anything, including ruleset-shaped values with random holes', () => {
    const rulesetLike = fc.record(
      {
        id: fc.oneof(fc.constant('ok'), fc.anything()),
        name: fc.oneof(fc.constant('Ok'), fc.anything()),
        version: fc.oneof(fc.constant(1), fc.anything()),
        rules: fc.array(
          fc.oneof(
            fc.anything(),
            fc.record({ kind: fc.constantFrom('fit', 'engagement', 'gate'), when: fc.anything() }),
          ),
          { maxLength: 4 },
        ),
        thresholds: fc.oneof(fc.constant({ mql: 1 }), fc.anything()),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.oneof(fc.anything({ withNullPrototype: true, withObjectString: true }), rulesetLike),
        (input) => {
          const result = validateRuleset(input);
          expect(result.ok === true || result.errors.length > 0).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  }, 30_000);
});

describe('compileRuleset', () => {
  it('refuses an invalid ruleset with the same errors validateRuleset gives', () => {
    const input = { ...base(), thresholds: { mql: 20, grades: { A: 1, B: 2, C: 3 } } };
    const expected = errorsOf(input);
    expect(() => compileRuleset(input)).toThrow(RulesetInvalidError);
    try {
      compileRuleset(input);
    } catch (error) {
      expect((error as RulesetInvalidError).errors).toEqual(expected);
      expect((error as Error).message).toMatch(/thresholds.grades: grade cut-offs must descend/);
    }
  });

  it('accepts an unvalidated input and fills its defaults', () => {
    expect(compileRuleset(base()).ruleset.followUp.minAttemptsBeforeUnresponsive).toBe(5);
  });
});
