import {
  type ChecklistItem,
  type Condition,
  engagementEventTypes,
  engagementTotalFields,
  type JunkDetector,
  qualificationStates,
} from '@leadlight/contract';
import { ConditionEditor } from './condition-editor';
import { CheckboxGroup, GroupErrors, LinesField, NumberField, SelectField, TextField } from './fields';
import {
  createJunkDetector,
  createRule,
  type JunkDetectorChoice,
  junkDetectorChoices,
  type RuleChoice,
  type RuleInput,
  readRuleChoice,
  ruleChoices,
} from './ruleset-draft';

/** Every setting of one rule, whatever its kind; switching the kind keeps the id and label. */
export function RuleEditor({
  rule,
  path,
  checklistItems,
  onChange,
}: {
  rule: RuleInput;
  path: string;
  checklistItems: readonly ChecklistItem[];
  onChange: (rule: RuleInput) => void;
}) {
  const name = rule.label || rule.id || 'rule';
  return (
    <div class="ll-rules-rule-body">
      <GroupErrors path={path} />
      <SelectField<RuleChoice>
        path={`${path}.kind`}
        label="Kind"
        value={readRuleChoice(rule)}
        options={ruleChoices}
        onChange={(choice) => onChange(createRule(choice, rule.id, rule.label))}
      />
      <TextField
        path={`${path}.id`}
        label="Id"
        value={rule.id}
        onChange={(id) => onChange({ ...rule, id })}
      />
      <TextField
        path={`${path}.label`}
        label="Label (shown to people)"
        value={rule.label}
        onChange={(label) => onChange({ ...rule, label })}
      />
      {rule.kind === 'fit' ||
      (rule.kind === 'engagement' && rule.basis === 'condition') ||
      rule.kind === 'qualification' ? (
        <NumberField
          path={`${path}.points`}
          label="Points"
          hint="A whole number; negative subtracts"
          value={rule.points}
          onChange={(points) => onChange({ ...rule, points: points ?? 0 })}
        />
      ) : null}
      {rule.kind === 'fit' || (rule.kind === 'engagement' && rule.basis === 'condition') ? (
        <ConditionEditor
          condition={rule.when}
          path={`${path}.when`}
          label={`When (${name})`}
          onChange={(when: Condition) => onChange({ ...rule, when })}
        />
      ) : null}
      {rule.kind === 'engagement' && rule.basis === 'events' ? (
        <>
          <CheckboxGroup
            path={`${path}.eventTypes`}
            legend="Event types"
            options={engagementEventTypes}
            value={rule.eventTypes}
            onChange={(eventTypes) => onChange({ ...rule, eventTypes })}
          />
          <TextField
            path={`${path}.urlPattern`}
            label="URL pattern (optional)"
            hint='"*" matches anything; e.g. "/pricing"'
            value={rule.urlPattern}
            onChange={(urlPattern) => {
              const { urlPattern: _dropped, ...rest } = rule;
              onChange(urlPattern.trim() === '' ? rest : { ...rest, urlPattern });
            }}
          />
          <SelectField<'count' | 'sum'>
            path={`${path}.measure`}
            label="Measure"
            value={rule.measure ?? 'count'}
            options={[
              { value: 'count', label: 'count the events' },
              { value: 'sum', label: 'sum their values' },
            ]}
            onChange={(measure) => onChange({ ...rule, measure })}
          />
          <NumberField
            path={`${path}.windowDays`}
            label="Window (days, optional)"
            isOptional
            value={rule.windowDays}
            onChange={(windowDays) => {
              const { windowDays: _dropped, ...rest } = rule;
              onChange(windowDays === undefined ? rest : { ...rest, windowDays });
            }}
          />
          <NumberField
            path={`${path}.halfLifeDays`}
            label="Half-life (days, optional)"
            hint="An event this old counts half; empty for no decay"
            isOptional
            value={rule.halfLifeDays}
            onChange={(halfLifeDays) => {
              const { halfLifeDays: _dropped, ...rest } = rule;
              onChange(halfLifeDays === undefined ? rest : { ...rest, halfLifeDays });
            }}
          />
        </>
      ) : null}
      {rule.kind === 'engagement' && rule.basis === 'total' ? (
        <SelectField<(typeof engagementTotalFields)[number]>
          path={`${path}.total`}
          label="Total"
          value={rule.total}
          options={engagementTotalFields.map((total) => ({ value: total, label: total }))}
          onChange={(total) => onChange({ ...rule, total })}
        />
      ) : null}
      {rule.kind === 'engagement' && rule.basis !== 'condition' ? (
        <>
          <NumberField
            path={`${path}.pointsPerUnit`}
            label="Points per unit"
            hint="May be fractional; the rule's result is rounded once"
            value={rule.pointsPerUnit}
            onChange={(pointsPerUnit) => onChange({ ...rule, pointsPerUnit: pointsPerUnit ?? 0 })}
          />
          <NumberField
            path={`${path}.cap`}
            label="Cap (largest magnitude)"
            value={rule.cap}
            onChange={(cap) => onChange({ ...rule, cap: cap ?? 0 })}
          />
        </>
      ) : null}
      {rule.kind === 'qualification' ? (
        <>
          <SelectField<string>
            path={`${path}.item`}
            label="Checklist item"
            value={rule.item}
            options={withCurrent(
              checklistItems.map((item) => ({ value: item.id, label: `${item.label} (${item.id})` })),
              rule.item,
            )}
            onChange={(item) => onChange({ ...rule, item })}
          />
          <SelectField<(typeof qualificationStates)[number]>
            path={`${path}.state`}
            label="Answer state"
            value={rule.state}
            options={qualificationStates.map((state) => ({ value: state, label: state }))}
            onChange={(state) => onChange({ ...rule, state })}
          />
        </>
      ) : null}
      {rule.kind === 'gate' && rule.gate === 'required' ? (
        <LinesField
          path={`${path}.anyOf`}
          label="At least one of these fields"
          hint="One field path a line; the lead is incomplete when all are missing"
          value={rule.anyOf}
          onChange={(anyOf) => onChange({ ...rule, anyOf })}
        />
      ) : null}
      {rule.kind === 'gate' && rule.gate === 'junk' ? (
        <JunkEditor
          detector={rule.junk}
          path={`${path}.junk`}
          name={name}
          onChange={(junk) => onChange({ ...rule, junk })}
        />
      ) : null}
    </div>
  );
}

/** Keeps an unknown current value selectable, so the select never shows a value the definition does not hold. */
function withCurrent(options: { value: string; label: string }[], current: string) {
  return options.some((option) => option.value === current)
    ? options
    : [...options, { value: current, label: `${current} (not in the checklist)` }];
}

type JunkInput = Extract<RuleInput, { gate: 'junk' }>['junk'];

function JunkEditor({
  detector,
  path,
  name,
  onChange,
}: {
  detector: JunkInput;
  path: string;
  name: string;
  onChange: (detector: JunkInput) => void;
}) {
  return (
    <>
      <GroupErrors path={path} />
      <SelectField<JunkDetectorChoice>
        path={`${path}.detector`}
        label="Detector"
        value={detector.detector}
        options={junkDetectorChoices}
        onChange={(choice) => onChange(createJunkDetector(choice) as JunkDetector)}
      />
      {detector.detector === 'disposable_email' ? (
        <LinesField
          path={`${path}.extraDomains`}
          label="Extra disposable domains"
          hint="Added to the built-in list; one domain a line"
          value={detector.extraDomains ?? []}
          onChange={(extraDomains) => onChange({ ...detector, extraDomains })}
        />
      ) : null}
      {detector.detector === 'test_values' ? (
        <OptionalLines
          path={`${path}.values`}
          label="Test values"
          value={detector.values}
          builtInNote="the built-in list of test values"
          onChange={(values) => {
            const { values: _dropped, ...rest } = detector;
            onChange(values === undefined ? rest : { ...rest, values });
          }}
        />
      ) : null}
      {detector.detector === 'competitor_domain' ? (
        <LinesField
          path={`${path}.domains`}
          label="Competitor domains"
          value={detector.domains}
          onChange={(domains) => onChange({ ...detector, domains })}
        />
      ) : null}
      {detector.detector === 'role_address' ? (
        <OptionalLines
          path={`${path}.localParts`}
          label="Role local parts"
          value={detector.localParts}
          builtInNote="the built-in list (info, sales, …)"
          onChange={(localParts) => {
            const { localParts: _dropped, ...rest } = detector;
            onChange(localParts === undefined ? rest : { ...rest, localParts });
          }}
        />
      ) : null}
      {detector.detector === 'condition' ? (
        <>
          <TextField
            path={`${path}.reason`}
            label="Reason shown to people"
            value={detector.reason}
            onChange={(reason) => onChange({ ...detector, reason })}
          />
          <ConditionEditor
            condition={detector.when}
            path={`${path}.when`}
            label={`Junk when (${name})`}
            onChange={(when) => onChange({ ...detector, when })}
          />
        </>
      ) : null}
    </>
  );
}

/** A list that replaces a built-in one only when the user says so. */
function OptionalLines(props: {
  path: string;
  label: string;
  value: string[] | undefined;
  builtInNote: string;
  onChange: (value: string[] | undefined) => void;
}) {
  const isReplacing = props.value !== undefined;
  return (
    <div class="ll-rules-optional">
      <label>
        <input
          type="checkbox"
          checked={isReplacing}
          onChange={(event) => props.onChange(event.currentTarget.checked ? [] : undefined)}
        />{' '}
        Replace {props.builtInNote}
      </label>
      {isReplacing ? (
        <LinesField path={props.path} label={props.label} value={props.value} onChange={props.onChange} />
      ) : null}
    </div>
  );
}
