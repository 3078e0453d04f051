import type { BacktestResponse } from '@leadlight/contract';
import { useState } from 'preact/hooks';
import { type Figure, FigureList } from '../../components/figure-list';
import { describeError, formatPercent, formatRatio } from './format';
import { LiftChart } from './lift-chart';
import { rulesApi } from './rules-api';

/*
 * The API's own backtest of the stored version on the leads with outcomes: nothing is recomputed here, so what is
 * shown is what activation would be judged by.
 */

type Load =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; answer: BacktestResponse }
  | { status: 'error'; message: string };

/** A backtest figure: its raw number in data-value, shown as is or through a formatter. */
function figure(
  id: string,
  label: string,
  value: number | null,
  format: (value: number | null) => string = String,
): Figure {
  return { id, label, value: format(value), rawValue: value, testId: `bt-${id}` };
}

function ConfusionCell({ id, count, label }: { id: string; count: number; label: string }) {
  return (
    <td data-testid={`bt-${id}`} data-value={count}>
      {count} <small>{label}</small>
    </td>
  );
}

export function BacktestPanel({
  rulesetId,
  version,
  draftThreshold,
  hasUnsavedChanges,
}: {
  rulesetId: string;
  version: number;
  draftThreshold: number;
  hasUnsavedChanges: boolean;
}) {
  const [thresholdText, setThresholdText] = useState('');
  const [load, setLoad] = useState<Load>({ status: 'idle' });
  const trimmed = thresholdText.trim();
  const threshold = trimmed === '' ? undefined : Number(trimmed);
  const isThresholdValid = threshold === undefined || Number.isInteger(threshold);

  const run = () => {
    if (!isThresholdValid) return;
    setLoad({ status: 'loading' });
    rulesApi
      .backtest(rulesetId, version, threshold)
      .then((answer) => setLoad({ status: 'ready', answer }))
      .catch((error: unknown) => setLoad({ status: 'error', message: describeError(error) }));
  };

  return (
    <section class="ll-rules-panel" aria-labelledby="ll-rules-backtest-title" data-testid="backtest-panel">
      <h2 id="ll-rules-backtest-title">Backtest on the leads with outcomes</h2>
      {hasUnsavedChanges ? (
        <p class="ll-rules-notice" role="status" data-testid="backtest-unsaved">
          The backtest runs on the saved version: save your changes first.
        </p>
      ) : null}
      <form
        class="ll-rules-inline"
        onSubmit={(event) => {
          event.preventDefault();
          run();
        }}
      >
        <div class="ll-rules-field">
          <label for="ll-rules-bt-threshold">MQL threshold</label>
          <input
            id="ll-rules-bt-threshold"
            type="text"
            inputMode="numeric"
            placeholder={String(draftThreshold)}
            value={thresholdText}
            aria-invalid={!isThresholdValid}
            aria-describedby="ll-rules-bt-threshold-hint"
            onInput={(event) => setThresholdText(event.currentTarget.value)}
          />
          <small class="ll-rules-hint" id="ll-rules-bt-threshold-hint">
            {isThresholdValid
              ? `Empty uses the draft's own (${draftThreshold}); try another without editing the draft`
              : 'enter a whole number'}
          </small>
        </div>
        <button
          type="submit"
          data-testid="run-backtest"
          disabled={hasUnsavedChanges || load.status === 'loading'}
        >
          {load.status === 'loading' ? 'Running…' : 'Run backtest'}
        </button>
      </form>
      {load.status === 'error' ? <p role="alert">{load.message}</p> : null}
      {load.status === 'ready' ? <BacktestFigures answer={load.answer} /> : null}
    </section>
  );
}

function BacktestFigures({ answer }: { answer: BacktestResponse }) {
  const { result } = answer;
  const { confusion } = result;
  return (
    <div data-testid="backtest-result" data-key={answer.key}>
      <p>
        {answer.key} on {result.leads} leads ({result.converted} converted), MQL at {result.threshold} points
        or more.
      </p>
      <FigureList
        class="ll-rules-figures"
        figures={[
          figure('leads', 'Leads', result.leads),
          figure('threshold', 'Threshold', result.threshold),
          figure('mql-count', 'MQL volume', result.mqlCount),
          figure('mql-share', 'Share MQL', result.mqlShare, formatPercent),
          figure('precision', 'Precision', result.precision, formatPercent),
          figure('recall', 'Recall', result.recall, formatPercent),
          figure('f1', 'F1', result.f1, formatRatio),
          figure('auc', 'AUC', result.auc, formatRatio),
          figure('mql-conversion', 'MQL conversion', result.mqlConversionRate, formatPercent),
          figure('rest-conversion', "Others' conversion", result.restConversionRate, formatPercent),
          figure('revenue-captured', 'Revenue captured', result.revenueCaptured, formatPercent),
        ]}
      />
      <table class="ll-rules-confusion" data-testid="confusion-matrix">
        <caption>Confusion matrix at {result.threshold} points</caption>
        <thead>
          <tr>
            <td />
            <th scope="col">Converted</th>
            <th scope="col">Did not convert</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Suggested MQL</th>
            <ConfusionCell id="tp" count={confusion.truePositive} label="true positives" />
            <ConfusionCell id="fp" count={confusion.falsePositive} label="false positives" />
          </tr>
          <tr>
            <th scope="row">Not MQL</th>
            <ConfusionCell id="fn" count={confusion.falseNegative} label="false negatives" />
            <ConfusionCell id="tn" count={confusion.trueNegative} label="true negatives" />
          </tr>
        </tbody>
      </table>
      <h3>Lift by decile</h3>
      <LiftChart deciles={result.deciles} />
      <table data-testid="lift-table">
        <caption>Lift by decile (1 = the highest-scored tenth)</caption>
        <thead>
          <tr>
            <th scope="col">Decile</th>
            <th scope="col">Scores</th>
            <th scope="col">Leads</th>
            <th scope="col">Converted</th>
            <th scope="col">Conversion</th>
            <th scope="col">Lift</th>
          </tr>
        </thead>
        <tbody>
          {result.deciles.map((decile) => (
            <tr key={decile.decile} data-testid={`decile-${decile.decile}`}>
              <th scope="row">{decile.decile}</th>
              <td>
                {decile.minScore === null
                  ? '–'
                  : `${decile.minScore} – ${decile.maxScore ?? decile.minScore}`}
              </td>
              <td>{decile.count}</td>
              <td>{decile.converted}</td>
              <td>{formatPercent(decile.conversionRate)}</td>
              <td data-value={decile.lift === null ? '' : String(decile.lift)}>
                {formatRatio(decile.lift, 2)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
