import type { Condition, RulesetInput } from '@leadlight/contract';
import { validateRuleset } from '@leadlight/rules';
import defaultRuleset from '@leadlight/rules/rulesets/default-b2b.json';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { checkDefinition, type FieldError, toFieldId } from './ruleset-draft';
import { RulesetEditor } from './ruleset-editor';

afterEach(cleanup);

const emptyRuleset: RulesetInput = {
  id: 'editor-test',
  name: 'Editor test',
  version: 1,
  rules: [],
  thresholds: { mql: 40 },
};

/** The editor as the screen holds it: the definition in state, local validation on every change. */
function renderEditor(initial: unknown, serverErrors: FieldError[] = []) {
  const state = { current: initial };
  function Harness() {
    const [definition, setDefinition] = useState<unknown>(initial);
    state.current = definition;
    return (
      <RulesetEditor
        definition={definition}
        errors={[...serverErrors, ...checkDefinition(definition)]}
        isReadOnly={false}
        isIdLocked={false}
        onChange={setDefinition}
      />
    );
  }
  render(<Harness />);
  return state;
}

function field(path: string): HTMLInputElement & HTMLSelectElement & HTMLTextAreaElement {
  const element = document.getElementById(toFieldId(path));
  if (!element) throw new Error(`no control for ${path}`);
  return element as HTMLInputElement & HTMLSelectElement & HTMLTextAreaElement;
}

function type(path: string, value: string) {
  fireEvent.input(field(path), { target: { value } });
}

function choose(path: string, value: string) {
  fireEvent.change(field(path), { target: { value } });
}

/** Fills a comparison leaf on the company's size. */
function compareSize(path: string, value: string) {
  type(`${path}.path`, 'company.size');
  type(`${path}.value`, value);
}

function addRule(choice: string) {
  choose('rules.new', choice);
  fireEvent.click(screen.getByRole('button', { name: 'Add rule' }));
}

function rulesOf(state: { current: unknown }): RulesetInput['rules'] {
  return (state.current as RulesetInput).rules;
}

describe('rules editor form', { timeout: 30_000 }, () => {
  it('adds and edits every rule kind, and the definition passes validateRuleset', () => {
    const state = renderEditor(emptyRuleset);
    const choices = [
      'fit',
      'engagement:events',
      'engagement:total',
      'engagement:condition',
      'qualification',
      'gate:required',
      'gate:junk',
    ];
    for (const choice of choices) addRule(choice);
    expect(rulesOf(state).map((rule) => rule.kind)).toEqual([
      'fit',
      'engagement',
      'engagement',
      'engagement',
      'qualification',
      'gate',
      'gate',
    ]);

    // Fit: every leaf operator, inside an "all" group with a "not".
    choose('rules.0.when.op', 'all');
    const leaves: [string, (path: string) => void][] = [
      ['equals', (path) => type(`${path}.value`, 'VP')],
      ['in', (path) => type(`${path}.values`, 'vp\nc_level')],
      ['contains', (path) => type(`${path}.value`, 'head')],
      ['startsWith', (path) => type(`${path}.value`, 'chief')],
      ['gt', (path) => compareSize(path, '10')],
      ['gte', (path) => compareSize(path, '20')],
      ['lt', (path) => compareSize(path, '5000')],
      ['lte', (path) => compareSize(path, '4000')],
      [
        'between',
        (path) => {
          type(`${path}.path`, 'company.annualRevenue');
          type(`${path}.min`, '1000');
          type(`${path}.max`, '90000');
        },
      ],
      ['exists', (path) => type(`${path}.path`, 'identities.emails')],
      ['missing', (path) => type(`${path}.path`, 'custom.blocked')],
      [
        'domainIn',
        (path) => {
          type(`${path}.path`, 'company.domain');
          type(`${path}.domains`, 'acme.com\nglobex.com');
        },
      ],
    ];
    leaves.forEach(([op, fill], index) => {
      if (index > 0)
        fireEvent.click(screen.getByRole('button', { name: 'Add condition to When (New fit rule)' }));
      const path = `rules.0.when.of.${index}`;
      if (op !== 'equals') {
        type(`${path}.path`, 'person.title');
        choose(`${path}.op`, op);
      } else {
        type(`${path}.path`, 'person.title');
      }
      fill(path);
    });
    fireEvent.click(screen.getByRole('button', { name: 'Add condition to When (New fit rule)' }));
    choose(`rules.0.when.of.${leaves.length}.op`, 'not');
    choose(`rules.0.when.of.${leaves.length}.condition.op`, 'any');
    type('rules.0.points', '25');
    type('rules.0.label', 'Senior at a mid-size company');

    // Engagement on events: every setting.
    fireEvent.change(screen.getByRole('checkbox', { name: 'form_submit' }), { target: { checked: true } });
    type('rules.1.urlPattern', '/pricing*');
    choose('rules.1.measure', 'sum');
    type('rules.1.windowDays', '14');
    type('rules.1.halfLifeDays', '7');
    type('rules.1.pointsPerUnit', '1.5');
    type('rules.1.cap', '30');
    // Engagement on a total, and on a condition.
    choose('rules.2.total', 'timeOnSiteSeconds');
    type('rules.2.pointsPerUnit', '0.1');
    type('rules.3.when.value', '3');
    type('rules.3.points', '4');
    // Qualification.
    choose('rules.4.item', 'authority');
    choose('rules.4.state', 'claimed');
    type('rules.4.points', '6');
    // Required gate.
    type('rules.5.anyOf', 'identities.emails\nidentities.linkedinUrl');
    // Junk gates: every detector.
    choose('rules.6.junk.detector', 'competitor_domain');
    type('rules.6.junk.domains', 'rival.example');
    const detectors: [string, () => void][] = [
      ['disposable_email', () => type('rules.7.junk.extraDomains', 'trashmail.example')],
      [
        'test_values',
        () => {
          fireEvent.change(
            screen.getByRole('checkbox', { name: /Replace the built-in list of test values/ }),
            {
              target: { checked: true },
            },
          );
          type('rules.8.junk.values', 'asdf\nqwerty');
        },
      ],
      [
        'role_address',
        () => {
          fireEvent.change(screen.getByRole('checkbox', { name: /Replace the built-in list \(info/ }), {
            target: { checked: true },
          });
          type('rules.9.junk.localParts', 'info\nnoreply');
        },
      ],
      [
        'condition',
        () => {
          type('rules.10.junk.reason', 'Students are not buyers');
          choose('rules.10.junk.when.op', 'contains');
          type('rules.10.junk.when.path', 'person.title');
          type('rules.10.junk.when.value', 'student');
        },
      ],
    ];
    detectors.forEach(([detector, fill], offset) => {
      addRule('gate:junk');
      choose(`rules.${7 + offset}.junk.detector`, detector);
      fill();
    });

    // Thresholds, follow-up, checklist and moments.
    type('thresholds.mql', '55');
    type('thresholds.grades.A', '70');
    type('thresholds.sql.minVerified', '1');
    fireEvent.change(screen.getByRole('checkbox', { name: 'budget' }), { target: { checked: true } });
    type('followUp.firstTouchSlaHours.sal', '12');
    type('followUp.minAttemptsBeforeUnresponsive', '4');
    type('followUp.recycleAfterDays', '60');
    fireEvent.click(screen.getByRole('button', { name: 'Add checklist item' }));
    type('checklist.items.4.id', 'champion');
    type('checklist.items.4.label', 'Champion');
    type('checklist.items.4.question', 'Who pushes for us inside?');
    fireEvent.click(screen.getByRole('button', { name: 'Add moment' }));
    choose('moments.0.eventType', 'meeting');

    const result = validateRuleset(state.current);
    expect(result.ok ? [] : result.errors).toEqual([]);
    if (!result.ok) return;
    const { ruleset } = result;
    const fit = ruleset.rules[0];
    expect(fit).toMatchObject({ kind: 'fit', points: 25, label: 'Senior at a mid-size company' });
    const ops = (fit?.kind === 'fit' && fit.when.op === 'all' ? fit.when.of : []).map(
      (child: Condition) => child.op,
    );
    expect(ops).toEqual([...leaves.map(([op]) => op), 'not']);
    expect(ruleset.rules[1]).toMatchObject({
      basis: 'events',
      eventTypes: ['page_view', 'form_submit'],
      urlPattern: '/pricing*',
      measure: 'sum',
      windowDays: 14,
      halfLifeDays: 7,
      pointsPerUnit: 1.5,
      cap: 30,
    });
    expect(ruleset.rules[2]).toMatchObject({
      basis: 'total',
      total: 'timeOnSiteSeconds',
      pointsPerUnit: 0.1,
    });
    expect(ruleset.rules[4]).toMatchObject({ item: 'authority', state: 'claimed', points: 6 });
    expect(ruleset.rules[5]).toMatchObject({
      gate: 'required',
      anyOf: ['identities.emails', 'identities.linkedinUrl'],
    });
    expect(
      ruleset.rules.slice(6).map((rule) => (rule.kind === 'gate' && rule.gate === 'junk' ? rule.junk : null)),
    ).toEqual([
      { detector: 'competitor_domain', domains: ['rival.example'] },
      { detector: 'disposable_email', extraDomains: ['trashmail.example'] },
      { detector: 'test_values', values: ['asdf', 'qwerty'] },
      { detector: 'role_address', localParts: ['info', 'noreply'] },
      {
        detector: 'condition',
        reason: 'Students are not buyers',
        when: { op: 'contains', path: 'person.title', value: 'student' },
      },
    ]);
    expect(ruleset.thresholds).toEqual({
      mql: 55,
      grades: { A: 70, B: 40, C: 20 },
      sql: { minVerified: 1, requiredVerified: ['budget'] },
    });
    expect(ruleset.followUp).toEqual({
      firstTouchSlaHours: { inquiry: 48, mql: 24, sql: 4, sal: 12 },
      minAttemptsBeforeUnresponsive: 4,
      recycleAfterDays: 60,
    });
    expect(ruleset.checklist.items.at(-1)).toEqual({
      id: 'champion',
      label: 'Champion',
      question: 'Who pushes for us inside?',
    });
    expect(ruleset.moments).toEqual([
      { id: 'moment-1', label: 'New moment', eventType: 'meeting', urlPattern: '/pricing' },
    ]);
  });

  it('reorders, duplicates and removes rules', () => {
    const state = renderEditor(defaultRuleset);
    const before = rulesOf(state).map((rule) => rule.id);
    const [first, second] = before;
    fireEvent.click(screen.getByRole('button', { name: `Move rule 1 (${rulesOf(state)[0]?.label}) down` }));
    expect(
      rulesOf(state)
        .slice(0, 2)
        .map((rule) => rule.id),
    ).toEqual([second, first]);
    fireEvent.click(screen.getByRole('button', { name: `Duplicate rule 1 (${rulesOf(state)[0]?.label})` }));
    expect(rulesOf(state)).toHaveLength(before.length + 1);
    expect(rulesOf(state)[1]?.id).not.toBe(second);
    fireEvent.click(screen.getByRole('button', { name: `Remove rule 2 (${rulesOf(state)[1]?.label})` }));
    expect(rulesOf(state).map((rule) => rule.id)).toEqual([second, first, ...before.slice(2)]);
    expect(validateRuleset(state.current).ok).toBe(true);
  });

  it('keeps a half-typed number in its box with an error, without changing the definition', () => {
    const state = renderEditor(defaultRuleset);
    const points = (defaultRuleset.rules[0] as { points: number }).points;
    type('rules.0.points', '2x');
    expect(field('rules.0.points').value).toBe('2x');
    expect(field('rules.0.points').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByTestId('errors-rules.0.points').textContent).toContain('enter a number');
    expect((rulesOf(state)[0] as { points: number }).points).toBe(points);
  });
});

/** An unknown field, a duplicate rule id and grades out of order: errors of three kinds. */
const conflictingRuleset = {
  ...emptyRuleset,
  rules: [
    {
      kind: 'fit',
      id: 'a',
      label: 'A',
      points: 5,
      when: { op: 'gt', path: 'person.nickname', value: 3 },
    },
    { kind: 'fit', id: 'a', label: 'Duplicate', points: 5, when: { op: 'exists', path: 'person.title' } },
  ],
  thresholds: { mql: 40, grades: { A: 10, B: 20, C: 5 } },
};

describe('errors at their fields', { timeout: 30_000 }, () => {
  it('shows validateRuleset errors at the field and in the summary', () => {
    renderEditor(conflictingRuleset);
    expect(screen.getByTestId('errors-rules.0.when.path').textContent).toContain(
      'unknown field "person.nickname"',
    );
    expect(field('rules.0.when.path').getAttribute('aria-invalid')).toBe('true');
    expect(field('rules.0.when.path').getAttribute('aria-describedby')).toContain(
      `${toFieldId('rules.0.when.path')}-errors`,
    );
    const errors = checkDefinition(conflictingRuleset);
    expect(errors.length).toBeGreaterThanOrEqual(2);
    for (const error of errors) {
      // Every error names a control (or a container) that is on screen.
      const segments = error.path.split('.');
      let shown = false;
      while (segments.length > 0 && !shown) {
        shown = screen.queryByTestId(`errors-${segments.join('.')}`) !== null;
        segments.pop();
      }
      expect(shown, error.path).toBe(true);
    }
    expect(screen.queryByTestId('error-summary')).toBeNull(); // the summary belongs to the screen, not the editor
  });

  it('shows errors the server sent at their field', () => {
    renderEditor(defaultRuleset, [
      { path: 'rules.2.label', message: 'the server says no', source: 'server' },
    ]);
    expect(screen.getByTestId('errors-rules.2.label').textContent).toBe('the server says no');
  });
});

describe('JSON view', { timeout: 30_000 }, () => {
  it('round-trips with the form both ways', () => {
    const state = renderEditor(defaultRuleset);
    fireEvent.click(screen.getByTestId('view-json'));
    const text = screen.getByTestId('json-text') as HTMLTextAreaElement;
    expect(JSON.parse(text.value)).toEqual(defaultRuleset);

    const edited = structuredClone(defaultRuleset) as RulesetInput;
    const rule = edited.rules[0] as { points: number; label: string };
    rule.points = 33;
    rule.label = 'Edited in JSON';
    fireEvent.input(text, { target: { value: JSON.stringify(edited, null, 2) } });
    fireEvent.click(screen.getByTestId('view-form'));
    expect(field('rules.0.points').value).toBe('33');
    expect(field('rules.0.label').value).toBe('Edited in JSON');

    type('rules.0.points', '34');
    fireEvent.click(screen.getByTestId('view-json'));
    const back = JSON.parse((screen.getByTestId('json-text') as HTMLTextAreaElement).value);
    expect(back.rules[0].points).toBe(34);
    expect(back).toEqual(state.current);
    expect({ ...back, rules: back.rules.slice(1) }).toEqual({ ...edited, rules: edited.rules.slice(1) });
  });

  it('keeps text that is not JSON, with an error, and holds the form back until the structure is fixed', () => {
    const state = renderEditor(defaultRuleset);
    fireEvent.click(screen.getByTestId('view-json'));
    const text = screen.getByTestId('json-text') as HTMLTextAreaElement;
    fireEvent.input(text, { target: { value: '{ "id": ' } });
    expect(screen.getByTestId('json-error').textContent).toContain('Not valid JSON');
    expect(text.value).toBe('{ "id": ');
    expect(state.current).toEqual(defaultRuleset);

    fireEvent.input(text, { target: { value: JSON.stringify({ ...defaultRuleset, rules: 5 }) } });
    expect(screen.getByTestId('form-blocker').textContent).toContain('rules');
    expect((screen.getByTestId('view-form') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.input(text, { target: { value: JSON.stringify(defaultRuleset) } });
    expect((screen.getByTestId('view-form') as HTMLButtonElement).disabled).toBe(false);
  });
});
