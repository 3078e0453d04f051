import {
  bantChecklist,
  type ChecklistItem,
  engagementEventTypes,
  type MomentRule,
  type RulesetInput,
  type Stage,
  stages,
} from '@leadlight/contract';
import { useState } from 'preact/hooks';
import {
  CheckboxGroup,
  GroupErrors,
  ItemActions,
  NumberField,
  SelectField,
  TextAreaField,
  TextField,
} from './fields';
import { RuleEditor } from './rule-editor';
import {
  createRule,
  createRuleId,
  leadFieldPaths,
  moveItem,
  type RuleChoice,
  type RuleInput,
  removeItem,
  replaceItem,
  ruleChoices,
  toFieldId,
} from './ruleset-draft';

/*
 * Every setting of the ruleset format as a form: general, checklist, rules (each kind), thresholds, follow-up policy
 * and moments. Defaults the format fills in are shown as values, and written out once edited.
 */

const defaultGrades = { A: 60, B: 40, C: 20 };
const defaultSql = { minVerified: 2, requiredVerified: [] as string[] };
const defaultFollowUp = {
  firstTouchSlaHours: { inquiry: 48, mql: 24, sql: 4 } as Partial<Record<Stage, number>>,
  minAttemptsBeforeUnresponsive: 5,
  recycleAfterDays: 90,
};

export function RulesetForm({
  definition,
  isIdLocked,
  onChange,
}: {
  definition: RulesetInput;
  isIdLocked: boolean;
  onChange: (definition: RulesetInput) => void;
}) {
  const checklist = definition.checklist ?? bantChecklist;
  const thresholds = definition.thresholds;
  const grades = thresholds.grades ?? defaultGrades;
  const sql = { ...defaultSql, ...thresholds.sql };
  const followUp = { ...defaultFollowUp, ...definition.followUp };
  const sla = definition.followUp?.firstTouchSlaHours ?? defaultFollowUp.firstTouchSlaHours;
  const moments = definition.moments ?? [];
  const [newRuleChoice, setNewRuleChoice] = useState<RuleChoice>('fit');

  const setRules = (rules: RuleInput[]) => onChange({ ...definition, rules });
  const setChecklistItems = (items: ChecklistItem[]) =>
    onChange({ ...definition, checklist: { ...checklist, items } });
  const setMoments = (next: MomentRule[]) => onChange({ ...definition, moments: next });

  return (
    <div class="ll-rules-form" data-testid="ruleset-form">
      <datalist id="ll-rules-field-paths">
        {leadFieldPaths.map((path) => (
          <option key={path} value={path} />
        ))}
        <option value="custom." />
      </datalist>
      <GroupErrors path="" />

      <fieldset class="ll-rules-section">
        <legend>General</legend>
        <TextField
          path="id"
          label="Ruleset id"
          value={definition.id}
          isReadOnly={isIdLocked}
          hint={isIdLocked ? 'A version keeps its ruleset id' : 'Lowercase letters, digits, - and _'}
          onChange={(id) => onChange({ ...definition, id })}
        />
        <TextField
          path="name"
          label="Name"
          value={definition.name}
          onChange={(name) => onChange({ ...definition, name })}
        />
        <TextAreaField
          path="description"
          label="Description"
          value={definition.description}
          onChange={(description) => {
            const { description: _dropped, ...rest } = definition;
            onChange(description.trim() === '' ? rest : { ...rest, description });
          }}
        />
      </fieldset>

      <fieldset class="ll-rules-section">
        <legend>Checklist</legend>
        <GroupErrors path="checklist" />
        <TextField
          path="checklist.name"
          label="Checklist name"
          value={checklist.name}
          onChange={(name) => onChange({ ...definition, checklist: { ...checklist, name } })}
        />
        <GroupErrors path="checklist.items" />
        <ol class="ll-rules-list">
          {checklist.items.map((item, index) => {
            const path = `checklist.items.${index}`;
            const name = `checklist item ${item.label || index + 1}`;
            const setItem = (next: ChecklistItem) =>
              setChecklistItems(replaceItem(checklist.items, index, next));
            return (
              <li key={index} class="ll-rules-item">
                <GroupErrors path={path} />
                <TextField
                  path={`${path}.id`}
                  label="Item id"
                  value={item.id}
                  onChange={(id) => setItem({ ...item, id })}
                />
                <TextField
                  path={`${path}.label`}
                  label="Item label"
                  value={item.label}
                  onChange={(label) => setItem({ ...item, label })}
                />
                <TextField
                  path={`${path}.question`}
                  label="Question (optional)"
                  value={item.question}
                  onChange={(question) => {
                    const { question: _dropped, ...rest } = item;
                    setItem(question.trim() === '' ? rest : { ...rest, question });
                  }}
                />
                <ItemActions
                  name={name}
                  index={index}
                  count={checklist.items.length}
                  onMove={(to) => setChecklistItems(moveItem(checklist.items, index, to))}
                  onRemove={() => setChecklistItems(removeItem(checklist.items, index))}
                />
              </li>
            );
          })}
        </ol>
        <button
          type="button"
          onClick={() =>
            setChecklistItems([
              ...checklist.items,
              { id: `item_${checklist.items.length + 1}`, label: `Item ${checklist.items.length + 1}` },
            ])
          }
        >
          Add checklist item
        </button>
      </fieldset>

      <fieldset class="ll-rules-section" data-testid="rules-list">
        <legend>Rules ({definition.rules.length})</legend>
        <GroupErrors path="rules" />
        <ol class="ll-rules-list">
          {definition.rules.map((rule, index) => {
            const path = `rules.${index}`;
            const name = `rule ${index + 1} (${rule.label || rule.id || 'new'})`;
            return (
              <li key={index} class="ll-rules-item" data-testid={`rule-${index}`}>
                <fieldset class="ll-rules-rule" id={toFieldId(path)} tabIndex={-1}>
                  <legend>
                    {index + 1}. {rule.label || rule.id || 'New rule'}{' '}
                    <span class="ll-rules-kind">{rule.kind}</span>
                  </legend>
                  <RuleEditor
                    rule={rule}
                    path={path}
                    checklistItems={checklist.items}
                    onChange={(next) => setRules(replaceItem(definition.rules, index, next))}
                  />
                  <ItemActions
                    name={name}
                    index={index}
                    count={definition.rules.length}
                    onMove={(to) => setRules(moveItem(definition.rules, index, to))}
                    onRemove={() => setRules(removeItem(definition.rules, index))}
                  />
                  <button
                    type="button"
                    aria-label={`Duplicate ${name}`}
                    onClick={() =>
                      setRules([
                        ...definition.rules.slice(0, index + 1),
                        { ...rule, id: createRuleId(definition.rules, rule.id) },
                        ...definition.rules.slice(index + 1),
                      ])
                    }
                  >
                    Duplicate
                  </button>
                </fieldset>
              </li>
            );
          })}
        </ol>
        <div class="ll-rules-add">
          <SelectField<RuleChoice>
            path="rules.new"
            label="New rule kind"
            value={newRuleChoice}
            options={ruleChoices}
            onChange={setNewRuleChoice}
          />
          <button
            type="button"
            onClick={() => {
              const prefix = newRuleChoice.replace(':', '-');
              const id = createRuleId(definition.rules, prefix);
              setRules([...definition.rules, createRule(newRuleChoice, id, `New ${prefix} rule`)]);
            }}
          >
            Add rule
          </button>
        </div>
      </fieldset>

      <fieldset class="ll-rules-section">
        <legend>Thresholds</legend>
        <GroupErrors path="thresholds" />
        <NumberField
          path="thresholds.mql"
          label="MQL threshold (total points)"
          value={thresholds.mql}
          onChange={(mql) => onChange({ ...definition, thresholds: { ...thresholds, mql: mql ?? 0 } })}
        />
        <GroupErrors path="thresholds.grades" />
        {(['A', 'B', 'C'] as const).map((grade) => (
          <NumberField
            key={grade}
            path={`thresholds.grades.${grade}`}
            label={`Grade ${grade}: minimum fit points`}
            value={grades[grade]}
            onChange={(points) =>
              onChange({
                ...definition,
                thresholds: { ...thresholds, grades: { ...grades, [grade]: points ?? 0 } },
              })
            }
          />
        ))}
        <NumberField
          path="thresholds.sql.minVerified"
          label="SQL: verified checklist items needed"
          value={sql.minVerified}
          onChange={(minVerified) =>
            onChange({
              ...definition,
              thresholds: { ...thresholds, sql: { ...sql, minVerified: minVerified ?? 0 } },
            })
          }
        />
        <CheckboxGroup
          path="thresholds.sql.requiredVerified"
          legend="SQL: items that must be verified"
          options={checklist.items.map((item) => item.id)}
          value={sql.requiredVerified}
          onChange={(requiredVerified) =>
            onChange({ ...definition, thresholds: { ...thresholds, sql: { ...sql, requiredVerified } } })
          }
        />
      </fieldset>

      <fieldset class="ll-rules-section">
        <legend>Follow-up policy</legend>
        <GroupErrors path="followUp" />
        {stages.map((stage) => (
          <NumberField
            key={stage}
            path={`followUp.firstTouchSlaHours.${stage}`}
            label={`First touch within (hours) at ${stage}`}
            isOptional
            value={sla[stage]}
            onChange={(hours) => {
              const { [stage]: _dropped, ...rest } = sla;
              onChange({
                ...definition,
                followUp: {
                  ...followUp,
                  firstTouchSlaHours: hours === undefined ? rest : { ...rest, [stage]: hours },
                },
              });
            }}
          />
        ))}
        <NumberField
          path="followUp.minAttemptsBeforeUnresponsive"
          label="Attempts before unresponsive"
          value={followUp.minAttemptsBeforeUnresponsive}
          onChange={(value) =>
            onChange({ ...definition, followUp: { ...followUp, minAttemptsBeforeUnresponsive: value ?? 0 } })
          }
        />
        <NumberField
          path="followUp.recycleAfterDays"
          label="Recycle nurture leads after (days)"
          value={followUp.recycleAfterDays}
          onChange={(value) =>
            onChange({ ...definition, followUp: { ...followUp, recycleAfterDays: value ?? 0 } })
          }
        />
      </fieldset>

      <fieldset class="ll-rules-section">
        <legend>Moments of interest</legend>
        <GroupErrors path="moments" />
        <ol class="ll-rules-list">
          {moments.map((moment, index) => {
            const path = `moments.${index}`;
            const setMoment = (next: MomentRule) => setMoments(replaceItem(moments, index, next));
            return (
              <li key={index} class="ll-rules-item">
                <GroupErrors path={path} />
                <TextField
                  path={`${path}.id`}
                  label="Moment id"
                  value={moment.id}
                  onChange={(id) => setMoment({ ...moment, id })}
                />
                <TextField
                  path={`${path}.label`}
                  label="Moment label"
                  value={moment.label}
                  onChange={(label) => setMoment({ ...moment, label })}
                />
                <SelectField
                  path={`${path}.eventType`}
                  label="Event type"
                  value={moment.eventType}
                  options={engagementEventTypes.map((type) => ({ value: type, label: type }))}
                  onChange={(eventType) => setMoment({ ...moment, eventType })}
                />
                <TextField
                  path={`${path}.urlPattern`}
                  label="URL pattern (optional)"
                  value={moment.urlPattern}
                  onChange={(urlPattern) => {
                    const { urlPattern: _dropped, ...rest } = moment;
                    setMoment(urlPattern.trim() === '' ? rest : { ...rest, urlPattern });
                  }}
                />
                <ItemActions
                  name={`moment ${moment.label || index + 1}`}
                  index={index}
                  count={moments.length}
                  onMove={(to) => setMoments(moveItem(moments, index, to))}
                  onRemove={() => setMoments(removeItem(moments, index))}
                />
              </li>
            );
          })}
        </ol>
        <button
          type="button"
          onClick={() =>
            setMoments([
              ...moments,
              {
                id: createRuleId(moments, 'moment'),
                label: 'New moment',
                eventType: 'page_view',
                urlPattern: '/pricing',
              },
            ])
          }
        >
          Add moment
        </button>
      </fieldset>
    </div>
  );
}
