import { type ComponentChildren, createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import { type ErrorIndex, type FieldError, splitLines, toFieldId } from './ruleset-draft';

/*
 * Labelled controls of the rules editor. Each names the JSON path it edits, finds the errors at that path in the
 * context and shows them under itself (aria-describedby), so a problem is read where it can be fixed.
 */

export const ErrorsContext = createContext<ErrorIndex>(new Map());

export function useFieldErrors(path: string): readonly FieldError[] {
  return useContext(ErrorsContext).get(path) ?? [];
}

export function FieldErrors({ path, errors }: { path: string; errors: readonly FieldError[] }) {
  if (errors.length === 0) return null;
  return (
    <ul class="ll-rules-errors" id={`${toFieldId(path)}-errors`} data-testid={`errors-${path}`}>
      {errors.map((error) => (
        <li key={`${error.source}:${error.message}`}>{error.message}</li>
      ))}
    </ul>
  );
}

/** The errors at a container's own path (a rule, a condition group), shown at its top. */
export function GroupErrors({ path }: { path: string }) {
  return <FieldErrors path={path} errors={useFieldErrors(path)} />;
}

interface FieldShellProps {
  path: string;
  label: string;
  hint?: string;
  children: (props: { id: string; describedBy: string | undefined; isInvalid: boolean }) => ComponentChildren;
  /** Errors of the field that come from the control itself (not a number, …). */
  localError?: string | null;
}

function FieldShell({ path, label, hint, children, localError }: FieldShellProps) {
  const errors = useFieldErrors(path);
  const all: FieldError[] = localError
    ? [{ path, message: localError, source: 'local' }, ...errors]
    : [...errors];
  const id = toFieldId(path);
  const describedBy = [hint ? `${id}-hint` : '', all.length > 0 ? `${id}-errors` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div class={`ll-rules-field${all.length > 0 ? ' ll-rules-field-invalid' : ''}`}>
      <label for={id}>{label}</label>
      {children({ id, describedBy: describedBy || undefined, isInvalid: all.length > 0 })}
      {hint ? (
        <small class="ll-rules-hint" id={`${id}-hint`}>
          {hint}
        </small>
      ) : null}
      <FieldErrors path={path} errors={all} />
    </div>
  );
}

export function TextField(props: {
  path: string;
  label: string;
  value: string | undefined;
  onChange: (value: string) => void;
  hint?: string;
  list?: string;
  isReadOnly?: boolean;
}) {
  return (
    <FieldShell path={props.path} label={props.label} hint={props.hint}>
      {({ id, describedBy, isInvalid }) => (
        <input
          id={id}
          type="text"
          value={props.value ?? ''}
          list={props.list}
          readOnly={props.isReadOnly}
          aria-invalid={isInvalid}
          aria-describedby={describedBy}
          onInput={(event) => props.onChange(event.currentTarget.value)}
        />
      )}
    </FieldShell>
  );
}

export function TextAreaField(props: {
  path: string;
  label: string;
  value: string | undefined;
  onChange: (value: string) => void;
  hint?: string;
}) {
  return (
    <FieldShell path={props.path} label={props.label} hint={props.hint}>
      {({ id, describedBy, isInvalid }) => (
        <textarea
          id={id}
          rows={3}
          value={props.value ?? ''}
          aria-invalid={isInvalid}
          aria-describedby={describedBy}
          onInput={(event) => props.onChange(event.currentTarget.value)}
        />
      )}
    </FieldShell>
  );
}

/**
 * A number as typed: the definition changes only when the text is a number; anything else stays in the box with an
 * error, so a half-typed "-" or "1e" is never lost nor silently replaced.
 */
export function NumberField(props: {
  path: string;
  label: string;
  value: number | undefined;
  onChange: (value: number | undefined) => void;
  hint?: string;
  /** Empty means "not set" (optional settings); otherwise empty is an error. */
  isOptional?: boolean;
  step?: string;
}) {
  const [text, setText] = useState(props.value === undefined ? '' : String(props.value));
  useEffect(() => {
    const shown = text.trim() === '' ? undefined : Number(text);
    if (shown !== props.value) setText(props.value === undefined ? '' : String(props.value));
    // Only an outside change (JSON view, reorder) rewrites the text; typing keeps what was typed.
  }, [props.value]);
  const trimmed = text.trim();
  const localError =
    trimmed === ''
      ? props.isOptional
        ? null
        : 'enter a number'
      : Number.isFinite(Number(trimmed))
        ? null
        : 'enter a number';
  return (
    <FieldShell path={props.path} label={props.label} hint={props.hint} localError={localError}>
      {({ id, describedBy, isInvalid }) => (
        <input
          id={id}
          type="text"
          inputMode="decimal"
          value={text}
          aria-invalid={isInvalid}
          aria-describedby={describedBy}
          onInput={(event) => {
            const next = event.currentTarget.value;
            setText(next);
            const value = next.trim();
            if (value === '' && props.isOptional) props.onChange(undefined);
            else if (value !== '' && Number.isFinite(Number(value))) props.onChange(Number(value));
          }}
        />
      )}
    </FieldShell>
  );
}

export function SelectField<T extends string>(props: {
  path: string;
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
  hint?: string;
}) {
  return (
    <FieldShell path={props.path} label={props.label} hint={props.hint}>
      {({ id, describedBy, isInvalid }) => (
        <select
          id={id}
          value={props.value}
          aria-invalid={isInvalid}
          aria-describedby={describedBy}
          onChange={(event) => props.onChange(event.currentTarget.value as T)}
        >
          {props.options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}

/** A list of text, one item a line. Errors of single items ("domains.2") are shown here too, with their line. */
export function LinesField(props: {
  path: string;
  label: string;
  value: readonly string[] | undefined;
  onChange: (value: string[]) => void;
  hint?: string;
}) {
  const [text, setText] = useState((props.value ?? []).join('\n'));
  useEffect(() => {
    if (splitLines(text).join('\n') !== (props.value ?? []).join('\n'))
      setText((props.value ?? []).join('\n'));
  }, [props.value]);
  const index = useContext(ErrorsContext);
  const itemErrors: FieldError[] = [];
  for (const [path, errors] of index) {
    const match = path.startsWith(`${props.path}.`)
      ? /^(\d+)$/.exec(path.slice(props.path.length + 1))
      : null;
    if (match) {
      for (const error of errors)
        itemErrors.push({ ...error, message: `line ${Number(match[1]) + 1}: ${error.message}` });
    }
  }
  return (
    <FieldShell path={props.path} label={props.label} hint={props.hint ?? 'One a line'}>
      {({ id, describedBy, isInvalid }) => (
        <>
          <textarea
            id={id}
            rows={Math.min(8, Math.max(2, (props.value ?? []).length + 1))}
            value={text}
            aria-invalid={isInvalid || itemErrors.length > 0}
            aria-describedby={describedBy}
            onInput={(event) => {
              setText(event.currentTarget.value);
              props.onChange(splitLines(event.currentTarget.value));
            }}
          />
          <FieldErrors path={`${props.path}.*`} errors={itemErrors} />
        </>
      )}
    </FieldShell>
  );
}

export function CheckboxGroup<T extends string>(props: {
  path: string;
  legend: string;
  options: readonly T[];
  value: readonly T[];
  onChange: (value: T[]) => void;
}) {
  const errors = useFieldErrors(props.path);
  return (
    <fieldset class="ll-rules-checks" id={toFieldId(props.path)} tabIndex={-1}>
      <legend>{props.legend}</legend>
      {props.options.map((option) => (
        <label key={option}>
          <input
            type="checkbox"
            checked={props.value.includes(option)}
            onChange={(event) =>
              props.onChange(
                event.currentTarget.checked
                  ? props.options.filter(
                      (candidate) => candidate === option || props.value.includes(candidate),
                    )
                  : props.value.filter((candidate) => candidate !== option),
              )
            }
          />{' '}
          {option}
        </label>
      ))}
      <FieldErrors path={props.path} errors={errors} />
    </fieldset>
  );
}

/** Up / down / remove buttons of one item in a list, named after the item for screen readers. */
export function ItemActions(props: {
  name: string;
  index: number;
  count: number;
  onMove: (to: number) => void;
  onRemove?: () => void;
}) {
  return (
    <span class="ll-rules-item-actions">
      <button
        type="button"
        aria-label={`Move ${props.name} up`}
        disabled={props.index === 0}
        onClick={() => props.onMove(props.index - 1)}
      >
        ↑
      </button>
      <button
        type="button"
        aria-label={`Move ${props.name} down`}
        disabled={props.index === props.count - 1}
        onClick={() => props.onMove(props.index + 1)}
      >
        ↓
      </button>
      {props.onRemove ? (
        <button type="button" aria-label={`Remove ${props.name}`} onClick={props.onRemove}>
          Remove
        </button>
      ) : null}
    </span>
  );
}
