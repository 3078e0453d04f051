import { RulesetSchema } from '@leadlight/contract';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiCallError } from '../../api';
import { buildHash } from '../../routes';
import { ErrorsContext, TextField } from './fields';
import { describeError } from './format';
import { rulesApi } from './rules-api';
import { type FieldError, indexErrors, readServerErrors, toFieldId } from './ruleset-draft';

/*
 * Starts another ruleset (another id, e.g. for a new product line) from the active one's rules. The API numbers the
 * draft version 1 of the new id; POSTing an id that exists would quietly add a version to that ruleset instead, so the
 * form refuses an id the versions list already shows.
 */

/** The id and name as the contract checks them, plus "taken" for an id already in the list. */
export function checkNewRuleset(
  input: { id: string; name: string },
  existingIds: ReadonlySet<string>,
): FieldError[] {
  const errors: FieldError[] = [];
  const id = RulesetSchema.shape.id.safeParse(input.id);
  if (!id.success) {
    errors.push({ path: 'id', message: id.error.issues[0]?.message ?? 'Not a valid id', source: 'local' });
  } else if (existingIds.has(input.id)) {
    errors.push({
      path: 'id',
      message: `A ruleset "${input.id}" exists already: open it and start a new draft there, or pick another id.`,
      source: 'local',
    });
  }
  if (input.name.trim() === '') {
    errors.push({ path: 'name', message: 'Name the ruleset.', source: 'local' });
  } else {
    const name = RulesetSchema.shape.name.safeParse(input.name);
    if (!name.success)
      errors.push({
        path: 'name',
        message: name.error.issues[0]?.message ?? 'Not a valid name',
        source: 'local',
      });
  }
  return errors;
}

const formPaths: ReadonlySet<string> = new Set(['id', 'name']);

export function NewRulesetForm({
  existingIds,
  navigate,
  onCancel,
}: {
  existingIds: ReadonlySet<string>;
  navigate: (hash: string) => void;
  onCancel: () => void;
}) {
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [isCreating, setIsCreating] = useState(false);
  const errorIndex = useMemo(() => indexErrors(errors), [errors]);
  // Errors the API names at a path this form has no field for (a rule of the copied definition) are listed below it.
  const otherErrors = errors.filter((error) => !formPaths.has(error.path));

  useEffect(() => {
    document.getElementById(toFieldId('id'))?.focus();
  }, []);

  const edit = (path: 'id' | 'name', value: string) => {
    if (path === 'id') setId(value);
    else setName(value);
    setErrors((current) => current.filter((error) => error.path !== path));
    setFailure(null);
  };

  const showErrors = (next: FieldError[]) => {
    setErrors(next);
    const first = next.find((error) => formPaths.has(error.path));
    if (first) document.getElementById(toFieldId(first.path))?.focus();
  };

  const submit = (event: Event) => {
    event.preventDefault();
    setFailure(null);
    const local = checkNewRuleset({ id, name }, existingIds);
    if (local.length > 0) {
      showErrors(local);
      return;
    }
    setIsCreating(true);
    rulesApi
      .getActive()
      .then(({ definition }) => rulesApi.createDraft({ ...definition, id, name: name.trim() }))
      .then(({ ruleset }) => navigate(buildHash('rules', [ruleset.rulesetId, String(ruleset.version)])))
      .catch((error: unknown) => {
        const fieldErrors =
          error instanceof ApiCallError && error.status === 422 ? readServerErrors(error.details) : null;
        if (fieldErrors && fieldErrors.length > 0) showErrors(fieldErrors);
        setFailure(describeError(error));
      })
      .finally(() => setIsCreating(false));
  };

  return (
    <ErrorsContext.Provider value={errorIndex}>
      <form
        class="ll-rules-section"
        data-testid="new-ruleset-form"
        aria-label="New ruleset"
        noValidate
        onSubmit={submit}
      >
        <p class="ll-rules-hint">
          A new ruleset starts as a draft with the active ruleset's rules; it needs sign-off like any draft.
        </p>
        <TextField
          path="id"
          label="Ruleset id"
          hint='Lowercase letters, digits, - and _ (e.g. "product-line-b"). It cannot change later.'
          value={id}
          onChange={(value) => edit('id', value)}
        />
        <TextField path="name" label="Name" value={name} onChange={(value) => edit('name', value)} />
        {otherErrors.length > 0 ? (
          <ul class="ll-rules-errors" data-testid="new-ruleset-other-errors">
            {otherErrors.map((error) => (
              <li key={`${error.path}:${error.message}`}>
                {error.path}: {error.message}
              </li>
            ))}
          </ul>
        ) : null}
        {failure ? (
          <p role="alert" data-testid="new-ruleset-error">
            {failure}
          </p>
        ) : null}
        <p>
          <button
            type="submit"
            class="ll-c-button ll-c-primary"
            data-testid="create-ruleset"
            disabled={isCreating}
          >
            {isCreating ? 'Creating…' : 'Create the draft'}
          </button>{' '}
          <button type="button" class="ll-c-button" disabled={isCreating} onClick={onCancel}>
            Cancel
          </button>
        </p>
      </form>
    </ErrorsContext.Provider>
  );
}
