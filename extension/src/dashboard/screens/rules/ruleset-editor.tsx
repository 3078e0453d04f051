import { type RulesetInput, RulesetSchema } from '@leadlight/contract';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ErrorsContext } from './fields';
import { type FieldError, indexErrors, isPlainObject, toFieldId } from './ruleset-draft';
import { RulesetForm } from './ruleset-form';

/*
 * The draft's definition as a form or as JSON text; both edit the same value, so switching round-trips. The form
 * needs the document's structure (a rule without a condition cannot be drawn); JSON that lacks it stays in the
 * JSON view, with the reason, until fixed.
 */

const structuralCodes = new Set(['invalid_union', 'unrecognized_keys']);

/** Null when the form can draw `definition`; otherwise why not. */
export function explainFormBlocker(definition: unknown): string | null {
  if (!isPlainObject(definition)) return 'The JSON must be an object ({ … })';
  const parsed = RulesetSchema.safeParse(definition);
  if (parsed.success) return null;
  const blocker = parsed.error.issues.find(
    (issue) =>
      structuralCodes.has(issue.code) ||
      (issue.code === 'invalid_type' && (issue.expected === 'object' || issue.expected === 'array')),
  );
  return blocker ? `${blocker.path.join('.') || '(document)'}: ${blocker.message}` : null;
}

function focusField(path: string) {
  let segments = path === '' ? [] : path.split('.');
  while (true) {
    const element = document.getElementById(toFieldId(segments.join('.')));
    if (element) {
      element.focus();
      element.scrollIntoView?.({ block: 'center' });
      return;
    }
    if (segments.length === 0) return;
    segments = segments.slice(0, -1);
  }
}

export function ErrorSummary({ errors }: { errors: readonly FieldError[] }) {
  if (errors.length === 0) return null;
  return (
    <div class="ll-rules-summary" role="alert" data-testid="error-summary">
      <p>
        {errors.length === 1 ? 'One problem' : `${errors.length} problems`} to fix before this draft can be
        saved:
      </p>
      <ul>
        {errors.map((error) => (
          <li key={`${error.source}:${error.path}:${error.message}`}>
            <button type="button" class="ll-rules-link" onClick={() => focusField(error.path)}>
              {error.path || 'ruleset'}
            </button>
            : {error.message}
            {error.source === 'server' ? ' (server)' : ''}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function RulesetEditor({
  definition,
  errors,
  isReadOnly,
  isIdLocked,
  onChange,
}: {
  definition: unknown;
  errors: readonly FieldError[];
  isReadOnly: boolean;
  isIdLocked: boolean;
  onChange: (definition: unknown) => void;
}) {
  const [mode, setMode] = useState<'form' | 'json'>('form');
  const [jsonText, setJsonText] = useState(() => JSON.stringify(definition, null, 2));
  const [jsonError, setJsonError] = useState<string | null>(null);
  const blocker = useMemo(() => explainFormBlocker(definition), [definition]);
  const errorIndex = useMemo(() => indexErrors(errors), [errors]);

  // A definition the form cannot draw (from the server or a paste) opens the JSON view, where it can be fixed.
  useEffect(() => {
    if (blocker !== null) setMode('json');
  }, [blocker]);
  // A change from outside the JSON view (the form, a reload) rewrites the text; typing in it does not.
  useEffect(() => {
    if (mode === 'form') setJsonText(JSON.stringify(definition, null, 2));
  }, [definition, mode]);

  const isFormShown = mode === 'form' && blocker === null;
  return (
    <ErrorsContext.Provider value={errorIndex}>
      <div class="ll-rules-editor">
        <fieldset class="ll-rules-toolbar">
          <legend class="ll-rules-visually-hidden">Editor view</legend>
          <button
            type="button"
            aria-pressed={mode === 'form'}
            data-testid="view-form"
            disabled={blocker !== null}
            onClick={() => setMode('form')}
          >
            Form
          </button>
          <button
            type="button"
            aria-pressed={mode === 'json'}
            data-testid="view-json"
            onClick={() => setMode('json')}
          >
            JSON
          </button>
        </fieldset>
        {mode === 'json' && blocker !== null ? (
          <p class="ll-rules-notice" role="status" data-testid="form-blocker">
            The form will be available once this is fixed: {blocker}
          </p>
        ) : null}
        <fieldset class="ll-rules-plain" disabled={isReadOnly}>
          <legend class="ll-rules-visually-hidden">Ruleset definition</legend>
          {isFormShown ? (
            <RulesetForm
              definition={definition as RulesetInput}
              isIdLocked={isIdLocked}
              onChange={(next) => onChange(next)}
            />
          ) : (
            <div class="ll-rules-field">
              <label for="ll-rules-json">Definition (JSON)</label>
              <textarea
                id="ll-rules-json"
                class="ll-rules-json"
                data-testid="json-text"
                spellcheck={false}
                rows={30}
                value={jsonText}
                aria-invalid={jsonError !== null}
                aria-describedby={jsonError ? 'll-rules-json-error' : undefined}
                onInput={(event) => {
                  const text = event.currentTarget.value;
                  setJsonText(text);
                  try {
                    const parsed: unknown = JSON.parse(text);
                    setJsonError(null);
                    onChange(parsed);
                  } catch (error) {
                    setJsonError(`Not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
                  }
                }}
              />
              {jsonError ? (
                <p class="ll-rules-errors" id="ll-rules-json-error" data-testid="json-error">
                  {jsonError}
                </p>
              ) : null}
            </div>
          )}
        </fieldset>
      </div>
    </ErrorsContext.Provider>
  );
}
