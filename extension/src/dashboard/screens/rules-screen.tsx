import type { RulesetVersion, RulesetVersionSummary, User } from '@leadlight/contract';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiCallError } from '../api';
import { useLeaveGuard } from '../components/leave-guard';
import { buildHash } from '../routes';
import type { ScreenProps } from '../screen-props';
import { ApprovalsPanel } from './rules/approvals-panel';
import { BacktestPanel } from './rules/backtest-panel';
import { ComparePanel } from './rules/compare-panel';
import { describeError, formatDateTime } from './rules/format';
import { HistoryPanel } from './rules/history-panel';
import { NewRulesetForm } from './rules/new-ruleset-form';
import { rulesApi } from './rules/rules-api';
import { checkDefinition, type FieldError, readServerErrors } from './rules/ruleset-draft';
import { ErrorSummary, RulesetEditor } from './rules/ruleset-editor';

/*
 * Rules: every version with its state (#/rules), and one version (#/rules/<id>/<version>) with its editor, the
 * API's backtest, the comparison with the active ruleset, the sign-off and the history with diffs and rollback.
 */

const draftingRoles: ReadonlySet<string> = new Set(['marketer', 'admin']);

type Load<T> = { status: 'loading' } | { status: 'ready'; data: T } | { status: 'error'; message: string };

export function RulesScreen({ route, user, navigate }: ScreenProps) {
  const [me, setMe] = useState<User | null>(null);
  useEffect(() => {
    // Who "I" am decides whether Approve applies (the author's own does not count); the screen works without it.
    rulesApi
      .getMe()
      .then(({ user: current }) => setMe(current))
      .catch(() => setMe(null));
  }, []);
  const [rulesetId, versionText] = route.params;
  const version = versionText === undefined ? Number.NaN : Number(versionText);
  if (rulesetId && Number.isInteger(version) && version > 0) {
    return (
      <VersionView
        key={`${rulesetId}@${version}`}
        rulesetId={rulesetId}
        version={version}
        me={me}
        role={user.role}
        navigate={navigate}
      />
    );
  }
  return <VersionList role={user.role} navigate={navigate} />;
}

function VersionList({ role, navigate }: { role: string; navigate: (hash: string) => void }) {
  const [load, setLoad] = useState<
    Load<{ items: RulesetVersionSummary[]; activeKey: string; isStored: boolean }>
  >({
    status: 'loading',
  });
  const [createError, setCreateError] = useState<string | null>(null);
  const [isCreating, setIsCreating] = useState(false);
  const [isNewRulesetOpen, setIsNewRulesetOpen] = useState(false);
  const existingIds = useMemo(
    () => new Set(load.status === 'ready' ? load.data.items.map((item) => item.rulesetId) : []),
    [load],
  );

  useEffect(() => {
    Promise.all([rulesApi.listVersions(), rulesApi.getActive()])
      .then(([list, active]) =>
        setLoad({
          status: 'ready',
          data: { items: list.items, activeKey: active.key, isStored: active.stored },
        }),
      )
      .catch((error: unknown) => setLoad({ status: 'error', message: describeError(error) }));
  }, []);

  const draftFromActive = () => {
    setIsCreating(true);
    setCreateError(null);
    rulesApi
      .getActive()
      .then(({ definition }) => rulesApi.createDraft(definition))
      .then(({ ruleset }) => navigate(buildHash('rules', [ruleset.rulesetId, String(ruleset.version)])))
      .catch((error: unknown) => setCreateError(describeError(error)))
      .finally(() => setIsCreating(false));
  };

  return (
    <section class="ll-rules" data-testid="rules-screen">
      <h1>Rules</h1>
      {load.status === 'loading' ? <p role="status">Loading rulesets…</p> : null}
      {load.status === 'error' ? <p role="alert">{load.message}</p> : null}
      {load.status === 'ready' ? (
        <>
          <p data-testid="active-ruleset">
            Active: <strong>{load.data.activeKey}</strong>
            {load.data.isStored ? '' : ' (the shipped default; nobody activated a ruleset yet)'}
          </p>
          {draftingRoles.has(role) ? (
            <p>
              <button type="button" data-testid="new-draft" disabled={isCreating} onClick={draftFromActive}>
                {isCreating ? 'Creating…' : 'New draft from the active ruleset'}
              </button>{' '}
              <button
                type="button"
                data-testid="new-ruleset"
                aria-expanded={isNewRulesetOpen}
                onClick={() => setIsNewRulesetOpen((isOpen) => !isOpen)}
              >
                New ruleset…
              </button>
            </p>
          ) : (
            <p class="ll-rules-hint">
              Marketers and admins write drafts; you can read, backtest and approve them.
            </p>
          )}
          {draftingRoles.has(role) && isNewRulesetOpen ? (
            <NewRulesetForm
              existingIds={existingIds}
              navigate={navigate}
              onCancel={() => setIsNewRulesetOpen(false)}
            />
          ) : null}
          {createError ? <p role="alert">{createError}</p> : null}
          <table data-testid="ruleset-versions">
            <caption>Every version</caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Name</th>
                <th scope="col">State</th>
                <th scope="col">Approvals</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {[...load.data.items]
                .sort((a, b) => a.rulesetId.localeCompare(b.rulesetId) || b.version - a.version)
                .map((item) => (
                  <tr key={item.key} data-testid={`version-${item.key}`}>
                    <th scope="row">
                      <a href={buildHash('rules', [item.rulesetId, String(item.version)])}>{item.key}</a>
                    </th>
                    <td>{item.name}</td>
                    <td>
                      <span class={`ll-rules-state ll-rules-state-${item.state}`}>{item.state}</span>
                    </td>
                    <td>
                      {item.state === 'draft' || item.state === 'approved'
                        ? item.missingApprovals.length === 0
                          ? 'complete'
                          : `missing ${item.missingApprovals.join(', ')}`
                        : '–'}
                    </td>
                    <td>{formatDateTime(item.updatedAt)}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}

const tabs = [
  { id: 'definition', label: 'Definition' },
  { id: 'backtest', label: 'Backtest' },
  { id: 'compare', label: 'Compare' },
  { id: 'approvals', label: 'Approvals' },
  { id: 'history', label: 'History' },
] as const;
type TabId = (typeof tabs)[number]['id'];

function VersionView({
  rulesetId,
  version,
  me,
  role,
  navigate,
}: {
  rulesetId: string;
  version: number;
  me: User | null;
  role: string;
  navigate: (hash: string) => void;
}) {
  const [load, setLoad] = useState<Load<RulesetVersion>>({ status: 'loading' });
  const [definition, setDefinition] = useState<unknown>(null);
  const [hasUnsavedChanges, setHasUnsavedChanges] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldError[]>([]);
  const [saveState, setSaveState] = useState<
    | { status: 'idle' | 'saving' | 'checking' }
    | { status: 'done'; message: string }
    | { status: 'error'; message: string }
  >({ status: 'idle' });
  const [tab, setTab] = useState<TabId>('definition');
  const [notice, setNotice] = useState<string | null>(null);
  const [refreshKey, setRefreshKey] = useState(0);
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);

  useEffect(() => {
    rulesApi
      .getVersion(rulesetId, version)
      .then(({ ruleset }) => {
        setLoad({ status: 'ready', data: ruleset });
        setDefinition((current: unknown) =>
          current === null || !hasUnsavedChanges ? ruleset.definition : current,
        );
      })
      .catch((error: unknown) => setLoad({ status: 'error', message: describeError(error) }));
  }, [rulesetId, version, refreshKey]);

  // Another screen, a reload or a closed tab asks first: the edits live only in this page.
  useLeaveGuard(
    hasUnsavedChanges,
    'Leave the rules editor? Your unsaved changes to this draft will be lost.',
  );

  const localErrors = useMemo(() => (definition === null ? [] : checkDefinition(definition)), [definition]);
  const errors = useMemo(() => [...serverErrors, ...localErrors], [serverErrors, localErrors]);

  if (load.status === 'loading')
    return (
      <p role="status">
        Loading {rulesetId}@{version}…
      </p>
    );
  if (load.status === 'error') {
    return (
      <section class="ll-rules">
        <p>
          <a href={buildHash('rules')}>← All rulesets</a>
        </p>
        <p role="alert">{load.message}</p>
      </section>
    );
  }
  const current = load.data;
  const canDraft = draftingRoles.has(role);
  const isEditable = canDraft && (current.state === 'draft' || current.state === 'approved');

  const edit = (next: unknown) => {
    setDefinition(next);
    setHasUnsavedChanges(true);
    setServerErrors([]);
    if (saveState.status === 'done' || saveState.status === 'error') setSaveState({ status: 'idle' });
  };

  const handleWriteError = (error: unknown) => {
    const fieldErrors =
      error instanceof ApiCallError && error.status === 422 ? readServerErrors(error.details) : null;
    if (fieldErrors && fieldErrors.length > 0) {
      setServerErrors(fieldErrors);
      setSaveState({
        status: 'error',
        message: `The server refused the draft: ${fieldErrors.length} to fix (shown at the fields).`,
      });
    } else {
      setSaveState({ status: 'error', message: describeError(error) });
    }
  };

  const save = () => {
    setSaveState({ status: 'saving' });
    rulesApi
      .saveDraft(rulesetId, version, definition)
      .then(({ ruleset }) => {
        setLoad({ status: 'ready', data: ruleset });
        setDefinition(ruleset.definition);
        setHasUnsavedChanges(false);
        setServerErrors([]);
        setSaveState({
          status: 'done',
          message:
            current.approvals.length > 0
              ? `Saved. The ${current.approvals.length} earlier approval(s) were voided: approvers sign off what they read.`
              : 'Saved.',
        });
        setRefreshKey((key) => key + 1);
      })
      .catch(handleWriteError);
  };

  const checkWithServer = () => {
    setSaveState({ status: 'checking' });
    rulesApi
      .validate(definition)
      .then((answer) => {
        const fieldErrors = answer.errors.map((error) => ({ ...error, source: 'server' as const }));
        setServerErrors(fieldErrors);
        setSaveState(
          answer.ok
            ? { status: 'done', message: 'The server accepts this definition.' }
            : {
                status: 'error',
                message: `The server found ${fieldErrors.length} problem(s), shown at the fields.`,
              },
        );
      })
      .catch(handleWriteError);
  };

  const draftFromThis = () => {
    setSaveState({ status: 'saving' });
    rulesApi
      .createDraft(current.definition)
      .then(({ ruleset }) => navigate(buildHash('rules', [ruleset.rulesetId, String(ruleset.version)])))
      .catch(handleWriteError);
  };

  const draftThreshold =
    typeof (definition as { thresholds?: { mql?: unknown } } | null)?.thresholds?.mql === 'number'
      ? ((definition as { thresholds: { mql: number } }).thresholds.mql as number)
      : current.definition.thresholds.mql;

  const onTabKey = (event: KeyboardEvent, index: number) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    let next = index + step;
    if (event.key === 'Home') next = 0;
    if (event.key === 'End') next = tabs.length - 1;
    if (next === index) return;
    event.preventDefault();
    const wrapped = (next + tabs.length) % tabs.length;
    const target = tabs[wrapped];
    if (!target) return;
    setTab(target.id);
    tabRefs.current[wrapped]?.focus();
  };

  return (
    <section class="ll-rules" data-testid="rules-version" data-key={current.key} data-state={current.state}>
      <p>
        <a href={buildHash('rules')}>← All rulesets</a>
      </p>
      <h1>
        {current.name} <span class="ll-rules-key">{current.key}</span>{' '}
        <span class={`ll-rules-state ll-rules-state-${current.state}`} data-testid="version-state">
          {current.state}
        </span>
      </h1>
      <p class="ll-rules-hint">
        Created {formatDateTime(current.createdAt)}
        {me && current.authorId === me.id ? ' by you' : ''}; updated {formatDateTime(current.updatedAt)}.
        {current.state === 'draft' || current.state === 'approved'
          ? current.missingApprovals.length > 0
            ? ` Needs approval from ${current.missingApprovals.join(' and ')}.`
            : ' Approved by both teams.'
          : ''}
      </p>
      {notice ? (
        <p role="status" class="ll-rules-notice" data-testid="rules-notice">
          {notice}
        </p>
      ) : null}
      <div role="tablist" aria-label="Version" class="ll-rules-tabs">
        {tabs.map((candidate, index) => (
          <button
            key={candidate.id}
            type="button"
            role="tab"
            id={`ll-rules-tab-${candidate.id}`}
            aria-selected={tab === candidate.id}
            aria-controls={`ll-rules-tabpanel-${candidate.id}`}
            tabIndex={tab === candidate.id ? 0 : -1}
            data-testid={`tab-${candidate.id}`}
            ref={(element) => {
              tabRefs.current[index] = element;
            }}
            onClick={() => setTab(candidate.id)}
            onKeyDown={(event) => onTabKey(event, index)}
          >
            {candidate.label}
            {candidate.id === 'definition' && hasUnsavedChanges ? ' •' : ''}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`ll-rules-tabpanel-${tab}`}
        aria-labelledby={`ll-rules-tab-${tab}`}
        class="ll-rules-tabpanel"
      >
        {tab === 'definition' ? (
          <>
            {!isEditable ? (
              <p class="ll-rules-notice">
                {canDraft
                  ? `A ${current.state} version is read-only. `
                  : 'Marketers and admins edit drafts; you can read this one. '}
                {canDraft ? (
                  <button type="button" data-testid="draft-from-this" onClick={draftFromThis}>
                    Start a new draft from this version
                  </button>
                ) : null}
              </p>
            ) : null}
            {isEditable ? (
              <div class="ll-rules-savebar">
                <button
                  type="button"
                  data-testid="save-draft"
                  disabled={!hasUnsavedChanges || saveState.status === 'saving'}
                  onClick={save}
                >
                  {saveState.status === 'saving' ? 'Saving…' : 'Save draft'}
                </button>
                <button
                  type="button"
                  data-testid="check-server"
                  disabled={saveState.status === 'checking'}
                  onClick={checkWithServer}
                >
                  Check with the server
                </button>
                {hasUnsavedChanges && current.approvals.length > 0 ? (
                  <span class="ll-rules-hint">
                    Saving voids the {current.approvals.length} approval(s) it has.
                  </span>
                ) : null}
                {saveState.status === 'done' ? (
                  <span role="status" data-testid="save-status">
                    {saveState.message}
                  </span>
                ) : null}
                {saveState.status === 'error' ? (
                  <span role="alert" data-testid="save-error">
                    {saveState.message}
                  </span>
                ) : null}
              </div>
            ) : saveState.status === 'error' ? (
              <p role="alert">{saveState.message}</p>
            ) : null}
            {isEditable ? <ErrorSummary errors={errors} /> : null}
            <RulesetEditor
              definition={definition}
              errors={isEditable ? errors : []}
              isReadOnly={!isEditable}
              isIdLocked
              onChange={edit}
            />
          </>
        ) : null}
        {tab === 'backtest' ? (
          <BacktestPanel
            rulesetId={rulesetId}
            version={version}
            draftThreshold={draftThreshold}
            hasUnsavedChanges={hasUnsavedChanges}
          />
        ) : null}
        {tab === 'compare' ? (
          <ComparePanel rulesetId={rulesetId} version={version} hasUnsavedChanges={hasUnsavedChanges} />
        ) : null}
        {tab === 'approvals' ? (
          <ApprovalsPanel
            version={current}
            me={me}
            role={role}
            onChanged={(message) => {
              setNotice(message);
              setRefreshKey((key) => key + 1);
            }}
          />
        ) : null}
        {tab === 'history' ? (
          <HistoryPanel
            rulesetId={rulesetId}
            version={version}
            canDraft={canDraft}
            navigate={navigate}
            refreshKey={refreshKey}
            me={me}
          />
        ) : null}
      </div>
    </section>
  );
}
