import type { Condition, ConditionOp, LeafCondition } from '@leadlight/contract';
import { GroupErrors, ItemActions, LinesField, NumberField, SelectField, TextField } from './fields';
import { defaultLeaf, moveItem, readFieldType, removeItem, replaceItem, toFieldId } from './ruleset-draft';

/* A condition as nested fieldsets: a leaf is field + operator + operand; all / any / not hold other conditions. */

const opOptions: readonly { value: ConditionOp; label: string }[] = [
  { value: 'equals', label: 'equals' },
  { value: 'in', label: 'is one of' },
  { value: 'contains', label: 'contains' },
  { value: 'startsWith', label: 'starts with' },
  { value: 'gt', label: '> (greater than)' },
  { value: 'gte', label: '≥ (at least)' },
  { value: 'lt', label: '< (less than)' },
  { value: 'lte', label: '≤ (at most)' },
  { value: 'between', label: 'between (inclusive)' },
  { value: 'exists', label: 'is present' },
  { value: 'missing', label: 'is missing' },
  { value: 'domainIn', label: 'domain is one of' },
  { value: 'all', label: 'all of (and)' },
  { value: 'any', label: 'any of (or)' },
  { value: 'not', label: 'not' },
];

function readScalar(condition: Condition): string | number | boolean | undefined {
  if (condition.op === 'equals') return condition.value;
  if (condition.op === 'in') return condition.values[0];
  if ('value' in condition) return condition.value;
  return undefined;
}

function readNumber(condition: Condition): number {
  const value = readScalar(condition);
  return typeof value === 'number' ? value : 0;
}

/** Switching the operator keeps what still makes sense: the field, the operand, or the whole condition as a child. */
export function convertCondition(current: Condition, op: ConditionOp): Condition {
  if (op === current.op) return current;
  if (op === 'all' || op === 'any') {
    return { op, of: current.op === 'all' || current.op === 'any' ? current.of : [current] };
  }
  if (op === 'not') return { op: 'not', condition: current };
  const path = 'path' in current ? current.path : 'person.title';
  const scalar = readScalar(current);
  switch (op) {
    case 'equals':
      return { op, path, value: scalar ?? '' };
    case 'in':
      return {
        op,
        path,
        values: current.op === 'domainIn' ? current.domains : scalar === undefined ? [''] : [scalar],
      };
    case 'contains':
    case 'startsWith':
      return { op, path, value: typeof scalar === 'string' ? scalar : '' };
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return { op, path, value: readNumber(current) };
    case 'between':
      return {
        op,
        path,
        min: readNumber(current),
        max: current.op === 'between' ? current.max : readNumber(current),
      };
    case 'exists':
    case 'missing':
      return { op, path };
    case 'domainIn':
      return {
        op,
        path,
        domains:
          current.op === 'in'
            ? current.values.map(String)
            : typeof scalar === 'string' && scalar
              ? [scalar]
              : [],
      };
  }
}

type ValueType = 'text' | 'number' | 'true' | 'false';

function toValueType(value: string | number | boolean): ValueType {
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return 'text';
}

function convertScalar(value: string | number | boolean, type: ValueType): string | number | boolean {
  if (type === 'true') return true;
  if (type === 'false') return false;
  if (type === 'number') {
    const number = Number(value);
    return typeof value === 'number'
      ? value
      : Number.isFinite(number) && String(value).trim() !== ''
        ? number
        : 0;
  }
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function LeafEditor({
  condition,
  path,
  onChange,
}: {
  condition: LeafCondition;
  path: string;
  onChange: (condition: Condition) => void;
}) {
  const fieldType = readFieldType(condition.path);
  const isNumericField = fieldType === 'number';
  return (
    <>
      <TextField
        path={`${path}.path`}
        label="Field"
        value={condition.path}
        list="ll-rules-field-paths"
        hint="A lead field (pick from the list) or custom.<name>"
        onChange={(value) => onChange({ ...condition, path: value })}
      />
      {condition.op === 'equals' ? (
        <>
          <SelectField<ValueType>
            path={`${path}.valueType`}
            label="Value type"
            value={toValueType(condition.value)}
            options={[
              { value: 'text', label: 'text' },
              { value: 'number', label: 'number' },
              { value: 'true', label: 'yes (true)' },
              { value: 'false', label: 'no (false)' },
            ]}
            onChange={(type) => onChange({ ...condition, value: convertScalar(condition.value, type) })}
          />
          {typeof condition.value === 'number' ? (
            <NumberField
              path={`${path}.value`}
              label="Value"
              value={condition.value}
              onChange={(value) => onChange({ ...condition, value: value ?? 0 })}
            />
          ) : typeof condition.value === 'string' ? (
            <TextField
              path={`${path}.value`}
              label="Value"
              value={condition.value}
              onChange={(value) => onChange({ ...condition, value })}
            />
          ) : null}
        </>
      ) : null}
      {condition.op === 'in' ? (
        <LinesField
          path={`${path}.values`}
          label="Values"
          hint={isNumericField ? 'One number a line' : 'One value a line'}
          value={condition.values.map(String)}
          onChange={(lines) =>
            onChange({
              ...condition,
              values: lines.map((line) =>
                isNumericField && Number.isFinite(Number(line)) ? Number(line) : line,
              ),
            })
          }
        />
      ) : null}
      {condition.op === 'contains' || condition.op === 'startsWith' ? (
        <TextField
          path={`${path}.value`}
          label="Text"
          value={condition.value}
          onChange={(value) => onChange({ ...condition, value })}
        />
      ) : null}
      {condition.op === 'gt' || condition.op === 'gte' || condition.op === 'lt' || condition.op === 'lte' ? (
        <NumberField
          path={`${path}.value`}
          label="Number"
          value={condition.value}
          onChange={(value) => onChange({ ...condition, value: value ?? 0 })}
        />
      ) : null}
      {condition.op === 'between' ? (
        <>
          <NumberField
            path={`${path}.min`}
            label="From"
            value={condition.min}
            onChange={(value) => onChange({ ...condition, min: value ?? 0 })}
          />
          <NumberField
            path={`${path}.max`}
            label="To"
            value={condition.max}
            onChange={(value) => onChange({ ...condition, max: value ?? 0 })}
          />
        </>
      ) : null}
      {condition.op === 'domainIn' ? (
        <LinesField
          path={`${path}.domains`}
          label="Domains"
          hint='One domain a line, e.g. "example.com" (subdomains match too)'
          value={condition.domains}
          onChange={(domains) => onChange({ ...condition, domains })}
        />
      ) : null}
    </>
  );
}

export function ConditionEditor({
  condition,
  path,
  label,
  onChange,
}: {
  condition: Condition;
  path: string;
  label: string;
  onChange: (condition: Condition) => void;
}) {
  return (
    <fieldset class="ll-rules-condition" id={toFieldId(path)} tabIndex={-1} data-testid={`condition-${path}`}>
      <legend>{label}</legend>
      <GroupErrors path={path} />
      <SelectField<ConditionOp>
        path={`${path}.op`}
        label="Operator"
        value={condition.op}
        options={opOptions}
        onChange={(op) => onChange(convertCondition(condition, op))}
      />
      {condition.op === 'all' || condition.op === 'any' ? (
        <>
          <GroupErrors path={`${path}.of`} />
          <ol class="ll-rules-list">
            {condition.of.map((child, index) => (
              <li key={index}>
                <ConditionEditor
                  condition={child}
                  path={`${path}.of.${index}`}
                  label={`${label}, condition ${index + 1}`}
                  onChange={(next) => onChange({ ...condition, of: replaceItem(condition.of, index, next) })}
                />
                <ItemActions
                  name={`${label}, condition ${index + 1}`}
                  index={index}
                  count={condition.of.length}
                  onMove={(to) => onChange({ ...condition, of: moveItem(condition.of, index, to) })}
                  onRemove={() => onChange({ ...condition, of: removeItem(condition.of, index) })}
                />
              </li>
            ))}
          </ol>
          <button
            type="button"
            onClick={() => onChange({ ...condition, of: [...condition.of, defaultLeaf] })}
          >
            Add condition to {label}
          </button>
        </>
      ) : condition.op === 'not' ? (
        <ConditionEditor
          condition={condition.condition}
          path={`${path}.condition`}
          label={`${label}, negated`}
          onChange={(next) => onChange({ op: 'not', condition: next })}
        />
      ) : (
        <LeafEditor condition={condition} path={path} onChange={onChange} />
      )}
    </fieldset>
  );
}
