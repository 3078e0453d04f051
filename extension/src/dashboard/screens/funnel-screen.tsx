import {
  funnelStages,
  type SlaStatsResponse,
  SlaStatsResponseSchema,
  type WaterfallResponse,
  WaterfallResponseSchema,
} from '@leadlight/contract';
import type { ChartData } from 'chart.js';
import { useEffect, useId, useMemo, useState } from 'preact/hooks';
import { callApi } from '../api';
import { ChartCanvas } from '../components/chart-canvas';
import { ErrorBox } from '../components/error-box';
import { FigureList } from '../components/figure-list';
import { formatDateTime, formatHours, formatPercent, formatStageName } from '../components/format';
import { readChoice, replaceHashQuery } from '../components/hash-query';
import { Loading } from '../components/loading';
import { ScreenHeader } from '../components/screen-header';
import { SelectField } from '../components/select-field';
import { useApi } from '../components/use-api';
import type { ScreenProps } from '../screen-props';

type Period = 'week' | 'month';
type Grouping = 'none' | 'source' | 'campaign';

const periodLabels: Record<Period, string> = { week: 'Week', month: 'Month' };
const groupingLabels: Record<Grouping, string> = { none: 'Nothing', source: 'Source', campaign: 'Campaign' };
type FunnelStage = (typeof funnelStages)[number];
type WaterfallRow = WaterfallResponse['rows'][number];

interface FunnelData {
  waterfall: WaterfallResponse;
  sla: SlaStatsResponse;
}

// Colour-blind-safe palette (Okabe–Ito), one colour per stage, readable on light and dark backgrounds.
const stageColors: Record<FunnelStage, string> = {
  inquiry: '#56B4E9',
  mql: '#E69F00',
  sal: '#009E73',
  sql: '#F0E442',
  opportunity: '#0072B2',
  won: '#CC79A7',
};

function describeGroup(group: string | null, by: Grouping): string {
  if (by === 'none') return 'All leads';
  return group ?? (by === 'source' ? 'No source' : 'No campaign');
}

/** Reached-at-least counts summed over rows (each lead belongs to one period and one group, so sums are exact). */
function sumReached(rows: WaterfallRow[]): Record<FunnelStage, number> {
  const total = Object.fromEntries(funnelStages.map((stage) => [stage, 0])) as Record<FunnelStage, number>;
  for (const row of rows) {
    for (const stage of funnelStages) total[stage] += row.reached[stage] ?? 0;
  }
  return total;
}

/** One bar group per period (or per source / campaign when grouped: all periods together), one bar per stage. */
function buildChartData(waterfall: WaterfallResponse, by: Grouping): ChartData<'bar', number[], string> {
  const buckets = new Map<string, WaterfallRow[]>();
  for (const row of waterfall.rows) {
    const key = by === 'none' ? row.period : describeGroup(row.group, by);
    buckets.set(key, [...(buckets.get(key) ?? []), row]);
  }
  const labels = [...buckets.keys()];
  const totals = labels.map((label) => sumReached(buckets.get(label) ?? []));
  return {
    labels,
    datasets: funnelStages.map((stage) => ({
      label: formatStageName(stage),
      data: totals.map((total) => total[stage]),
      backgroundColor: stageColors[stage],
    })),
  };
}

function WaterfallTable({ waterfall, by }: { waterfall: WaterfallResponse; by: Grouping }) {
  const stages = funnelStages;
  const total = sumReached(waterfall.rows);
  const conversions = stages.slice(1).map((to, index) => {
    const from = stages[index] as FunnelStage;
    return { from, to };
  });
  const rate = (reached: Record<FunnelStage, number>, from: FunnelStage, to: FunnelStage) =>
    reached[from] === 0 ? null : reached[to] / reached[from];
  return (
    <div class="ll-fn-scroll">
      <table class="ll-fn-table" data-testid="funnel-table">
        <caption class="ll-c-caption">
          Leads created in each {waterfall.period} that reached each stage, and the conversion between stages
        </caption>
        <thead>
          <tr>
            <th scope="col">{waterfall.period === 'week' ? 'Week' : 'Month'}</th>
            {by === 'none' ? null : <th scope="col">{by === 'source' ? 'Source' : 'Campaign'}</th>}
            {stages.map((stage) => (
              <th scope="col" key={stage}>
                {formatStageName(stage)}
              </th>
            ))}
            {conversions.map(({ from, to }) => (
              <th scope="col" key={`${from}-${to}`}>
                {formatStageName(from)} → {formatStageName(to)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {waterfall.rows.map((row) => (
            <tr key={`${row.period}|${row.group ?? ''}`} data-testid="funnel-row">
              <th scope="row">{row.period}</th>
              {by === 'none' ? null : <td>{describeGroup(row.group, by)}</td>}
              {stages.map((stage) => (
                <td key={stage} data-stage={stage}>
                  {row.reached[stage] ?? 0}
                </td>
              ))}
              {conversions.map(({ from, to }) => {
                const found = row.conversion.find((entry) => entry.from === from && entry.to === to);
                return <td key={`${from}-${to}`}>{formatPercent(found?.rate ?? null)}</td>;
              })}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-testid="funnel-total">
            <th scope="row">Total</th>
            {by === 'none' ? null : <td />}
            {stages.map((stage) => (
              <td key={stage} data-stage={stage}>
                {total[stage]}
              </td>
            ))}
            {conversions.map(({ from, to }) => (
              <td key={`${from}-${to}`}>{formatPercent(rate(total, from, to))}</td>
            ))}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function SlaTable({ sla }: { sla: SlaStatsResponse }) {
  const by = sla.by;
  return (
    <table class="ll-fn-table" data-testid="funnel-sla-table">
      <caption class="ll-c-caption">
        MQLs left untouched past their SLA, and time to first touch (as of {formatDateTime(sla.at)})
      </caption>
      <thead>
        <tr>
          <th scope="col">{by === 'none' ? 'Leads' : by === 'source' ? 'Source' : 'Campaign'}</th>
          <th scope="col">MQLs now</th>
          <th scope="col">Untouched past SLA</th>
          <th scope="col">Share untouched</th>
          <th scope="col">Touched after MQL</th>
          <th scope="col">Median time to first touch</th>
        </tr>
      </thead>
      <tbody>
        {sla.rows.map((row) => (
          <tr key={row.group ?? ''} data-testid="funnel-sla-row">
            <th scope="row">{describeGroup(row.group, by)}</th>
            <td>{row.mqls}</td>
            <td>{row.ignored}</td>
            <td>{formatPercent(row.ignoredShare)}</td>
            <td>{row.touched}</td>
            <td>{formatHours(row.medianHoursToFirstTouch)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The demand waterfall per week or month, by source or campaign, and how quickly MQLs are worked. */
const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

function readDay(query: URLSearchParams, key: string): string {
  const value = query.get(key) ?? '';
  return dayPattern.test(value) ? value : '';
}

export function FunnelScreen({ route }: ScreenProps) {
  const [period, setPeriod] = useState<Period>(() =>
    readChoice(route.query, 'period', ['week', 'month'] as const, 'month'),
  );
  const [by, setBy] = useState<Grouping>(() =>
    readChoice(route.query, 'by', ['none', 'source', 'campaign'] as const, 'none'),
  );
  const [from, setFrom] = useState(() => readDay(route.query, 'from'));
  const [to, setTo] = useState(() => readDay(route.query, 'to'));
  useEffect(
    () =>
      replaceHashQuery('funnel', {
        period: period === 'month' ? undefined : period,
        by: by === 'none' ? undefined : by,
        from,
        to,
      }),
    [period, by, from, to],
  );
  const fromId = useId();
  const toId = useId();

  const { load, reload } = useApi<FunnelData>(
    async () => {
      const [waterfall, sla] = await Promise.all([
        callApi('GET', '/stats/waterfall', WaterfallResponseSchema, {
          query: { period, by, from: from || undefined, to: to || undefined },
        }),
        callApi('GET', '/stats/sla', SlaStatsResponseSchema, { query: { by } }),
      ]);
      return { waterfall, sla };
    },
    JSON.stringify([period, by, from, to]),
  );

  const data = load.data;
  const chartData = useMemo(() => (data ? buildChartData(data.waterfall, data.waterfall.by) : null), [data]);
  const totals = data ? sumReached(data.waterfall.rows) : null;
  const slaTotal = data?.sla.rows.reduce(
    (sum, row) => ({ mqls: sum.mqls + row.mqls, ignored: sum.ignored + row.ignored }),
    { mqls: 0, ignored: 0 },
  );
  const singleSla = data && data.sla.rows.length === 1 ? data.sla.rows[0] : undefined;

  return (
    <section class="ll-fn-screen" data-testid="funnel-screen" aria-labelledby="ll-fn-title">
      <ScreenHeader
        titleId="ll-fn-title"
        title="Funnel"
        onRefresh={reload}
        isLoading={load.status === 'loading'}
      />
      <form class="ll-c-toolbar" aria-label="Funnel filters" onSubmit={(event) => event.preventDefault()}>
        <SelectField
          label="Per"
          value={period}
          options={periodLabels}
          onChange={setPeriod}
          testId="funnel-period"
        />
        <SelectField
          label="Split by"
          value={by}
          options={groupingLabels}
          onChange={setBy}
          testId="funnel-by"
        />
        <span class="ll-c-field">
          <label for={fromId}>Created from</label>
          <input
            id={fromId}
            type="date"
            value={from}
            onChange={(event) => setFrom((event.currentTarget as HTMLInputElement).value)}
          />
        </span>
        <span class="ll-c-field">
          <label for={toId}>to</label>
          <input
            id={toId}
            type="date"
            value={to}
            onChange={(event) => setTo((event.currentTarget as HTMLInputElement).value)}
          />
        </span>
      </form>

      {load.status === 'error' ? (
        <ErrorBox title="Could not load the funnel" error={load.error} onRetry={reload} />
      ) : null}
      {load.status === 'loading' && !data ? <Loading label="Loading the funnel…" /> : null}

      {data && totals && chartData ? (
        <>
          <FigureList
            class="ll-fn-figures"
            testId="funnel-figures"
            figures={[
              {
                id: 'mql-total',
                label: 'MQLs (created in range)',
                value: totals.mql,
                testId: 'funnel-mql-total',
              },
              {
                id: 'inquiry-to-mql',
                label: 'Inquiry → MQL',
                value: formatPercent(totals.inquiry === 0 ? null : totals.mql / totals.inquiry),
              },
              {
                id: 'mql-to-won',
                label: 'MQL → won',
                value: formatPercent(totals.mql === 0 ? null : totals.won / totals.mql),
              },
              {
                id: 'ignored-share',
                label: 'MQLs untouched past SLA (now)',
                testId: 'funnel-ignored-share',
                value: slaTotal ? (
                  <>
                    {formatPercent(slaTotal.mqls === 0 ? null : slaTotal.ignored / slaTotal.mqls)}
                    <span class="ll-c-muted">
                      {' '}
                      ({slaTotal.ignored} of {slaTotal.mqls})
                    </span>
                  </>
                ) : (
                  '–'
                ),
              },
              {
                id: 'median',
                label: 'Median time to first touch',
                testId: 'funnel-median',
                value: singleSla
                  ? formatHours(singleSla.medianHoursToFirstTouch)
                  : 'see the table, per group',
              },
            ]}
          />

          {data.waterfall.rows.length === 0 ? (
            <p data-testid="funnel-empty">No lead was created in this range.</p>
          ) : (
            <>
              <ChartCanvas
                data={chartData}
                testId="funnel-chart"
                label={
                  by === 'none'
                    ? `Leads reaching each stage, per ${period}`
                    : `Leads reaching each stage, by ${by} (all ${period}s in range)`
                }
              />
              <WaterfallTable waterfall={data.waterfall} by={data.waterfall.by} />
            </>
          )}
          <h2>Speed to lead</h2>
          {data.sla.rows.length === 0 ? (
            <p class="ll-c-muted">No lead has been an MQL yet.</p>
          ) : (
            <SlaTable sla={data.sla} />
          )}
        </>
      ) : null}
    </section>
  );
}
