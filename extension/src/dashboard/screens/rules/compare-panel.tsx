import type { CompareResponse } from '@leadlight/contract';
import { useState } from 'preact/hooks';
import { buildHash } from '../../routes';
import { describeError, formatPercent, formatRatio, formatSigned } from './format';
import { rulesApi } from './rules-api';

/* What activating this version instead of the active one changes on the stored leads: stages, and the metrics. */

const exampleLimit = 25;

type Load =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; answer: CompareResponse }
  | { status: 'error'; message: string };

export function ComparePanel({
  rulesetId,
  version,
  hasUnsavedChanges,
}: {
  rulesetId: string;
  version: number;
  hasUnsavedChanges: boolean;
}) {
  const [load, setLoad] = useState<Load>({ status: 'idle' });
  const run = () => {
    setLoad({ status: 'loading' });
    rulesApi
      .compare(rulesetId, version, exampleLimit)
      .then((answer) => setLoad({ status: 'ready', answer }))
      .catch((error: unknown) => setLoad({ status: 'error', message: describeError(error) }));
  };
  return (
    <section class="ll-rules-panel" aria-labelledby="ll-rules-compare-title" data-testid="compare-panel">
      <h2 id="ll-rules-compare-title">Compared with the active ruleset</h2>
      {hasUnsavedChanges ? (
        <p class="ll-rules-notice" role="status">
          The comparison uses the saved version: save your changes first.
        </p>
      ) : null}
      <button
        type="button"
        data-testid="run-compare"
        disabled={hasUnsavedChanges || load.status === 'loading'}
        onClick={run}
      >
        {load.status === 'loading' ? 'Comparing…' : 'Compare with active'}
      </button>
      {load.status === 'error' ? <p role="alert">{load.message}</p> : null}
      {load.status === 'ready' ? <Comparison answer={load.answer} /> : null}
    </section>
  );
}

function Comparison({ answer }: { answer: CompareResponse }) {
  const { comparison } = answer;
  const rows: { label: string; a: string; b: string; delta: string }[] = [
    {
      label: 'MQL volume',
      a: String(comparison.a.mqlCount),
      b: String(comparison.b.mqlCount),
      delta: formatSigned(comparison.delta.mqlCount, String),
    },
    ...(
      [
        ['Share MQL', 'mqlShare', formatPercent],
        ['Precision', 'precision', formatPercent],
        ['Recall', 'recall', formatPercent],
        ['F1', 'f1', (value: number | null) => formatRatio(value)],
        ['AUC', 'auc', (value: number | null) => formatRatio(value)],
        ['Revenue captured', 'revenueCaptured', formatPercent],
      ] as const
    ).map(([label, key, format]) => ({
      label,
      a: format(comparison.a[key]),
      b: format(comparison.b[key]),
      delta: formatSigned(comparison.delta[key], (value) => format(value)),
    })),
  ];
  return (
    <div data-testid="compare-result">
      <p data-testid="compare-summary">
        <strong data-testid="compare-changed-total">{answer.changedTotal}</strong>{' '}
        {answer.changedTotal === 1 ? 'lead changes' : 'leads change'} suggested stage if {answer.candidate}{' '}
        replaces {answer.base}.
      </p>
      <table>
        <caption>
          Metrics: active ({answer.base}) against this version ({answer.candidate})
        </caption>
        <thead>
          <tr>
            <th scope="col">Metric</th>
            <th scope="col">Active</th>
            <th scope="col">This version</th>
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.label}>
              <th scope="row">{row.label}</th>
              <td>{row.a}</td>
              <td>{row.b}</td>
              <td>{row.delta}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {comparison.changed.length > 0 ? (
        <table data-testid="compare-examples">
          <caption>
            {comparison.changed.length < answer.changedTotal
              ? `The first ${comparison.changed.length} of ${answer.changedTotal} leads that change stage`
              : 'Leads that change stage'}
          </caption>
          <thead>
            <tr>
              <th scope="col">Lead</th>
              <th scope="col">Stage</th>
              <th scope="col">Score</th>
              <th scope="col">Converted</th>
            </tr>
          </thead>
          <tbody>
            {comparison.changed.map((change) => (
              <tr key={change.leadId ?? change.index}>
                <td>
                  {change.leadId ? (
                    <a href={buildHash('lead', [change.leadId])}>{change.leadId}</a>
                  ) : (
                    `lead #${change.index + 1}`
                  )}
                </td>
                <td>
                  {change.from} → {change.to}
                </td>
                <td>
                  {change.totalA} → {change.totalB}
                </td>
                <td>{change.converted ? 'yes' : 'no'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
