import type { HistoryEntry, RulesetDiffEntry, RulesetVersionSummary } from '@leadlight/contract';
import { useEffect, useRef, useState } from 'preact/hooks';
import { buildHash } from '../../routes';
import { describeError, formatDateTime, formatJson } from './format';
import { rulesApi } from './rules-api';

/*
 * Every version of this ruleset, the structural diff between any two (the API's), and rollback: a NEW draft holding
 * an old version's definition, which needs its own sign-off like any other.
 */

type Load<T> = { status: 'loading' } | { status: 'ready'; data: T } | { status: 'error'; message: string };

/** Entries per page of a version's history (the route pages newest first, at most 200). */
const historyPageSize = 50;

function listHistoryPage(rulesetId: string, version: number, cursor: string | undefined) {
  return rulesApi.listHistoryPage(rulesetId, version, { limit: historyPageSize, cursor });
}

interface HistoryPages {
  items: HistoryEntry[];
  nextCursor: string | null;
  /** "Older entries" in flight, or why it failed. */
  more: 'idle' | 'loading' | { error: string };
}

export function HistoryPanel({
  rulesetId,
  version,
  canDraft,
  navigate,
  refreshKey,
  me,
}: {
  me: { id: string; name: string } | null;
  rulesetId: string;
  version: number;
  canDraft: boolean;
  navigate: (hash: string) => void;
  refreshKey: number;
}) {
  const [versions, setVersions] = useState<Load<RulesetVersionSummary[]>>({ status: 'loading' });
  const [entries, setEntries] = useState<Load<HistoryPages>>({ status: 'loading' });
  // Bumped on every first-page load: an older page answered after that belongs to a list no longer on screen.
  const historyLoad = useRef(0);
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number>(version);
  const [diff, setDiff] = useState<Load<RulesetDiffEntry[]> | null>(null);
  const [restoring, setRestoring] = useState<number | null>(null);
  const [restoreError, setRestoreError] = useState<string | null>(null);

  useEffect(() => {
    rulesApi
      .listVersionsOf(rulesetId)
      .then(({ items }) => {
        const sorted = [...items].sort((a, b) => b.version - a.version);
        setVersions({ status: 'ready', data: sorted });
        const active = sorted.find((item) => item.state === 'active' && item.version !== version);
        const previous = sorted.find((item) => item.version < version);
        setFrom((current) => current ?? active?.version ?? previous?.version ?? version);
      })
      .catch((error: unknown) => setVersions({ status: 'error', message: describeError(error) }));
    const load = ++historyLoad.current;
    setEntries({ status: 'loading' });
    listHistoryPage(rulesetId, version, undefined)
      .then(({ items, nextCursor }) => {
        if (load === historyLoad.current)
          setEntries({ status: 'ready', data: { items, nextCursor, more: 'idle' } });
      })
      .catch((error: unknown) => {
        if (load === historyLoad.current) setEntries({ status: 'error', message: describeError(error) });
      });
  }, [rulesetId, version, refreshKey]);

  const showOlderEntries = () => {
    if (entries.status !== 'ready' || !entries.data.nextCursor || entries.data.more === 'loading') return;
    const load = historyLoad.current;
    const shown = entries.data;
    setEntries({ status: 'ready', data: { ...shown, more: 'loading' } });
    listHistoryPage(rulesetId, version, shown.nextCursor ?? undefined)
      .then(({ items, nextCursor }) => {
        if (load !== historyLoad.current) return;
        setEntries({
          status: 'ready',
          data: { items: [...shown.items, ...items], nextCursor, more: 'idle' },
        });
      })
      .catch((error: unknown) => {
        if (load !== historyLoad.current) return;
        setEntries({ status: 'ready', data: { ...shown, more: { error: describeError(error) } } });
      });
  };

  const showDiff = () => {
    if (from === null) return;
    setDiff({ status: 'loading' });
    rulesApi
      .diff(rulesetId, from, to)
      .then(({ changes }) => setDiff({ status: 'ready', data: changes }))
      .catch((error: unknown) => setDiff({ status: 'error', message: describeError(error) }));
  };

  const restore = (old: number) => {
    setRestoring(old);
    setRestoreError(null);
    rulesApi
      .getVersion(rulesetId, old)
      .then(({ ruleset }) => rulesApi.createDraft(ruleset.definition))
      .then(({ ruleset }) => navigate(buildHash('rules', [ruleset.rulesetId, String(ruleset.version)])))
      .catch((error: unknown) => setRestoreError(describeError(error)))
      .finally(() => setRestoring(null));
  };

  // People the screen can name: approvers of any version, and the signed-in user.
  const names = new Map<string, string>();
  if (versions.status === 'ready') {
    for (const item of versions.data)
      for (const approval of item.approvals) names.set(approval.userId, approval.userName);
  }
  const author =
    versions.status === 'ready' ? versions.data.find((item) => item.version === version)?.authorId : null;
  if (author) names.set(author, 'the author');
  if (me) names.set(me.id, `${me.name} (you)`);

  return (
    <section class="ll-rules-panel" aria-labelledby="ll-rules-history-title" data-testid="history-panel">
      <h2 id="ll-rules-history-title">Versions of {rulesetId}</h2>
      {versions.status === 'loading' ? <p role="status">Loading versions…</p> : null}
      {versions.status === 'error' ? <p role="alert">{versions.message}</p> : null}
      {versions.status === 'ready' ? (
        <>
          <table data-testid="version-table">
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">State</th>
                <th scope="col">Updated</th>
                <th scope="col">Approvals</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {versions.data.map((item) => (
                <tr key={item.version} aria-current={item.version === version ? 'true' : undefined}>
                  <th scope="row">
                    <a href={buildHash('rules', [rulesetId, String(item.version)])}>v{item.version}</a>
                    {item.version === version ? ' (this one)' : ''}
                  </th>
                  <td>{item.state}</td>
                  <td>{formatDateTime(item.updatedAt)}</td>
                  <td>
                    {item.approvals.length === 0
                      ? '–'
                      : item.approvals.map((approval) => approval.userName).join(', ')}
                  </td>
                  <td>
                    {canDraft ? (
                      <button
                        type="button"
                        data-testid={`restore-${item.version}`}
                        disabled={restoring !== null}
                        onClick={() => restore(item.version)}
                      >
                        {restoring === item.version
                          ? 'Creating draft…'
                          : `Roll back to v${item.version} (new draft)`}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {restoreError ? <p role="alert">{restoreError}</p> : null}
          <form
            class="ll-rules-inline"
            onSubmit={(event) => {
              event.preventDefault();
              showDiff();
            }}
          >
            <div class="ll-rules-field">
              <label for="ll-rules-diff-from">From</label>
              <select
                id="ll-rules-diff-from"
                data-testid="diff-from"
                onChange={(event) => setFrom(Number(event.currentTarget.value))}
              >
                {versions.data.map((item) => (
                  <option key={item.version} value={item.version} selected={item.version === from}>
                    v{item.version} ({item.state})
                  </option>
                ))}
              </select>
            </div>
            <div class="ll-rules-field">
              <label for="ll-rules-diff-to">To</label>
              <select
                id="ll-rules-diff-to"
                data-testid="diff-to"
                onChange={(event) => setTo(Number(event.currentTarget.value))}
              >
                {versions.data.map((item) => (
                  <option key={item.version} value={item.version} selected={item.version === to}>
                    v{item.version} ({item.state})
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" data-testid="show-diff" disabled={from === null}>
              Show differences
            </button>
          </form>
        </>
      ) : null}
      {diff?.status === 'loading' ? <p role="status">Loading differences…</p> : null}
      {diff?.status === 'error' ? <p role="alert">{diff.message}</p> : null}
      {diff?.status === 'ready' ? (
        diff.data.length === 0 ? (
          <p data-testid="diff-empty">The two versions have the same definition.</p>
        ) : (
          <table data-testid="diff-table">
            <caption>
              {diff.data.length} {diff.data.length === 1 ? 'difference' : 'differences'} from v{from} to v{to}
            </caption>
            <thead>
              <tr>
                <th scope="col">Where</th>
                <th scope="col">Change</th>
                <th scope="col">Before</th>
                <th scope="col">After</th>
              </tr>
            </thead>
            <tbody>
              {diff.data.map((change) => (
                <tr key={`${change.kind}:${change.path}`} class={`ll-rules-diff-${change.kind}`}>
                  <th scope="row">
                    <code>{change.path}</code>
                  </th>
                  <td>{change.kind}</td>
                  <td>
                    <code class="ll-rules-code">{formatJson(change.before)}</code>
                  </td>
                  <td>
                    <code class="ll-rules-code">{formatJson(change.after)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : null}
      <h3>What happened to v{version}</h3>
      {entries.status === 'loading' ? <p role="status">Loading history…</p> : null}
      {entries.status === 'error' ? <p role="alert">{entries.message}</p> : null}
      {entries.status === 'ready' ? (
        <ol class="ll-rules-audit" data-testid="version-history">
          {entries.data.items.map((entry) => (
            <li key={entry.seq} data-seq={entry.seq}>
              {formatDateTime(entry.at)} — {entry.action.replace(/^ruleset\./, '')}
              {entry.actorId
                ? ` by ${names.get(entry.actorId) ?? `user ${entry.actorId}`}`
                : ' by the system'}
            </li>
          ))}
        </ol>
      ) : null}
      {entries.status === 'ready' && entries.data.nextCursor ? (
        <button
          type="button"
          data-testid="history-more"
          disabled={entries.data.more === 'loading'}
          onClick={showOlderEntries}
        >
          {entries.data.more === 'loading' ? 'Loading older entries…' : 'Older entries'}
        </button>
      ) : null}
      {entries.status === 'ready' && typeof entries.data.more === 'object' ? (
        <p role="alert" data-testid="history-more-error">
          Could not load older entries: {entries.data.more.error}
        </p>
      ) : null}
    </section>
  );
}
