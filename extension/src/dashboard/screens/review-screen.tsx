import { LeadResponseSchema, ReviewQueueResponseSchema } from '@leadlight/contract';
import { useEffect, useId, useState } from 'preact/hooks';
import type { z } from 'zod';
import { callApi, createIdempotencyKey } from '../api';
import { describeError, ErrorBox } from '../components/error-box';
import { describeLead, describeSource, formatDay } from '../components/format';
import { readChoice, replaceHashQuery } from '../components/hash-query';
import { Loading } from '../components/loading';
import { Pager, PageSizeSelect, pageSizes, useCursorPages } from '../components/paged-list';
import { ScreenHeader } from '../components/screen-header';
import { useApi } from '../components/use-api';
import { buildHash } from '../routes';
import type { ScreenProps } from '../screen-props';

type Decision = 'reconsider' | 'confirm';
type ReviewState = 'pending' | 'confirmed';

interface DecisionOutcome {
  decision: Decision;
  done: string[];
  failed: { leadId: string; name: string; message: string }[];
}

const decisionVerbs: Record<Decision, { label: string; past: string }> = {
  reconsider: { label: 'Reconsider', past: 'reconsidered (back to inquiry, rescored)' },
  confirm: { label: 'Confirm', past: 'confirmed' },
};

type ReviewTotals = z.infer<typeof ReviewQueueResponseSchema>['totals'];

/** Reason texts name the lead (its email, its domain): a gate rule is named by its id, which repeats across leads. */
function describeReasonRow(row: ReviewTotals['byReason'][number]): string {
  return `${row.kind} · ${row.ruleId ?? row.reason ?? '(no text)'}`;
}

function toReasonRows(totals: ReviewTotals): [string, number][] {
  const rows = totals.byReason.map((row): [string, number] => [describeReasonRow(row), row.count]);
  return totals.withoutReason > 0 ? [...rows, ['(no reason given)', totals.withoutReason]] : rows;
}

function CountTable({
  caption,
  rows,
  testId,
}: {
  caption: string;
  rows: [string, number][];
  testId: string;
}) {
  return (
    <table class="ll-rv-counts" data-testid={testId}>
      <caption class="ll-c-caption">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{caption.startsWith('By source') ? 'Source' : 'Reason'}</th>
          <th scope="col">Leads</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([key, count]) => (
          <tr key={key}>
            <td>{key}</td>
            <td>{count}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Junk, incomplete and rejected leads: reconsider or confirm them, one by one or a page at a time. */
export function ReviewScreen({ route }: ScreenProps) {
  const [state, setState] = useState<ReviewState>(() =>
    readChoice(route.query, 'state', ['pending', 'confirmed'] as const, 'pending'),
  );
  const [limit, setLimit] = useState(() =>
    Number(readChoice(route.query, 'limit', pageSizes.map(String), '50')),
  );
  const pages = useCursorPages();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState<Decision | null>(null);
  const [outcome, setOutcome] = useState<DecisionOutcome | null>(null);
  const stateId = useId();
  const sizeId = useId();
  const noteId = useId();

  const { load, reload } = useApi(
    () =>
      callApi('GET', '/review', ReviewQueueResponseSchema, {
        query: { state, limit, cursor: pages.cursor },
      }),
    JSON.stringify([state, limit, pages.cursor]),
  );
  const data = load.data;
  const items = data?.items ?? [];

  // A selection only means something on the page it was made on.
  useEffect(() => setSelected(new Set()), [state, limit, pages.cursor]);
  useEffect(
    () =>
      replaceHashQuery('review', {
        state: state === 'pending' ? undefined : state,
        limit: limit === 50 ? undefined : String(limit),
      }),
    [state, limit],
  );

  const isPending = state === 'pending';
  const pageIds = items.map((item) => item.lead.id);
  const selectedOnPage = pageIds.filter((id) => selected.has(id));
  const isAllSelected = pageIds.length > 0 && selectedOnPage.length === pageIds.length;

  function toggle(id: string, isChecked: boolean) {
    setSelected((previous) => {
      const next = new Set(previous);
      if (isChecked) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  /** One request per lead, one after another: a failure is reported for its lead and never stops the others. */
  async function decide(decision: Decision, ids: string[]) {
    if (ids.length === 0 || busy) return;
    setBusy(decision);
    setOutcome(null);
    const trimmed = note.trim();
    const result: DecisionOutcome = { decision, done: [], failed: [] };
    for (const leadId of ids) {
      const item = items.find((candidate) => candidate.lead.id === leadId);
      try {
        await callApi('POST', `/review/${encodeURIComponent(leadId)}/${decision}`, LeadResponseSchema, {
          body: trimmed ? { note: trimmed } : {},
          idempotencyKey: createIdempotencyKey(),
        });
        result.done.push(leadId);
      } catch (error) {
        result.failed.push({
          leadId,
          name: item ? describeLead(item.lead) : leadId,
          message: describeError(error),
        });
      }
    }
    setOutcome(result);
    setSelected(new Set(result.failed.map((failure) => failure.leadId)));
    if (result.failed.length === 0) setNote('');
    setBusy(null);
    reload();
  }

  return (
    <section class="ll-rv-screen" data-testid="review-screen" aria-labelledby="ll-rv-title">
      <ScreenHeader
        titleId="ll-rv-title"
        title="Review queue"
        onRefresh={reload}
        isLoading={load.status === 'loading'}
      />
      <div class="ll-c-toolbar">
        <span class="ll-c-field">
          <label for={stateId}>Show</label>
          <select
            id={stateId}
            value={state}
            data-testid="review-state"
            onChange={(event) => {
              setState((event.currentTarget as HTMLSelectElement).value as ReviewState);
              pages.reset();
              setOutcome(null);
            }}
          >
            <option value="pending">Waiting for review</option>
            <option value="confirmed">Confirmed</option>
          </select>
        </span>
        <PageSizeSelect
          id={sizeId}
          value={limit}
          onChange={(size) => {
            setLimit(size);
            pages.reset();
          }}
        />
      </div>

      {load.status === 'error' ? (
        <ErrorBox title="Could not load the review queue" error={load.error} onRetry={reload} />
      ) : null}
      {load.status === 'loading' && !data ? <Loading label="Loading the review queue…" /> : null}

      {outcome ? (
        <div class="ll-rv-outcome" role="status" data-testid="review-outcome">
          <p>
            {outcome.done.length} {outcome.done.length === 1 ? 'lead' : 'leads'}{' '}
            {decisionVerbs[outcome.decision].past}
            {outcome.failed.length > 0 ? `; ${outcome.failed.length} failed (still selected):` : '.'}
          </p>
          {outcome.failed.length > 0 ? (
            <ul data-testid="review-failures">
              {outcome.failed.map((failure) => (
                <li key={failure.leadId}>
                  {failure.name}: {failure.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}

      {data ? (
        <>
          {isPending ? (
            <fieldset class="ll-rv-bulk" disabled={busy !== null}>
              <legend>Selected on this page: {selectedOnPage.length}</legend>
              <span class="ll-c-field">
                <label for={noteId}>Note (optional, kept in each lead's history)</label>
                <input
                  id={noteId}
                  type="text"
                  maxLength={2000}
                  value={note}
                  onInput={(event) => setNote((event.currentTarget as HTMLInputElement).value)}
                />
              </span>
              <button
                type="button"
                class="ll-c-button"
                disabled={selectedOnPage.length === 0}
                data-testid="bulk-reconsider"
                onClick={() => void decide('reconsider', selectedOnPage)}
              >
                {busy === 'reconsider' ? 'Reconsidering…' : `Reconsider selected (${selectedOnPage.length})`}
              </button>
              <button
                type="button"
                class="ll-c-button ll-c-primary"
                disabled={selectedOnPage.length === 0}
                data-testid="bulk-confirm"
                onClick={() => void decide('confirm', selectedOnPage)}
              >
                {busy === 'confirm' ? 'Confirming…' : `Confirm selected (${selectedOnPage.length})`}
              </button>
            </fieldset>
          ) : null}

          {items.length === 0 ? (
            <p data-testid="review-empty">
              {isPending ? 'No lead waits for review.' : 'No confirmed lead yet.'}
            </p>
          ) : (
            <table class="ll-rv-table" data-testid="review-table">
              <caption class="ll-c-caption">
                {isPending
                  ? 'Leads waiting for review, oldest first'
                  : 'Confirmed junk and rejections, oldest first'}
              </caption>
              <thead>
                <tr>
                  {isPending ? (
                    <th scope="col">
                      <input
                        type="checkbox"
                        aria-label="Select every lead on this page"
                        data-testid="review-select-all"
                        checked={isAllSelected}
                        disabled={busy !== null}
                        onChange={(event) =>
                          setSelected(
                            new Set((event.currentTarget as HTMLInputElement).checked ? pageIds : []),
                          )
                        }
                      />
                    </th>
                  ) : null}
                  <th scope="col">Lead</th>
                  <th scope="col">Why</th>
                  <th scope="col">Source</th>
                  <th scope="col">Created</th>
                  {isPending ? <th scope="col">Decide</th> : null}
                </tr>
              </thead>
              <tbody>
                {items.map((item) => {
                  const { lead } = item;
                  const name = describeLead(lead);
                  return (
                    <tr key={lead.id} data-testid="review-row" data-lead-id={lead.id}>
                      {isPending ? (
                        <td>
                          <input
                            type="checkbox"
                            aria-label={`Select ${name}`}
                            data-testid="review-select"
                            checked={selected.has(lead.id)}
                            disabled={busy !== null}
                            onChange={(event) =>
                              toggle(lead.id, (event.currentTarget as HTMLInputElement).checked)
                            }
                          />
                        </td>
                      ) : null}
                      <td>
                        <a href={buildHash('lead', [lead.id])}>{name}</a>
                        {lead.companyName && lead.fullName ? (
                          <div class="ll-c-muted">{lead.companyName}</div>
                        ) : null}
                      </td>
                      <td>
                        <ul class="ll-rv-reasons">
                          {item.reasons.length === 0 ? <li>(no reason given)</li> : null}
                          {item.reasons.map((reason) => (
                            <li key={`${reason.kind}:${reason.reason}`}>
                              <span class={`ll-rv-kind ll-rv-kind-${reason.kind}`}>{reason.kind}</span>{' '}
                              {reason.reason}
                            </li>
                          ))}
                        </ul>
                      </td>
                      <td>{describeSource(lead.source)}</td>
                      <td>{formatDay(lead.createdAt)}</td>
                      {isPending ? (
                        <td class="ll-rv-actions">
                          <button
                            type="button"
                            class="ll-c-button"
                            disabled={busy !== null}
                            aria-label={`Reconsider ${name}`}
                            onClick={() => void decide('reconsider', [lead.id])}
                          >
                            Reconsider
                          </button>
                          <button
                            type="button"
                            class="ll-c-button"
                            disabled={busy !== null}
                            aria-label={`Confirm ${name}`}
                            onClick={() => void decide('confirm', [lead.id])}
                          >
                            Confirm
                          </button>
                        </td>
                      ) : null}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          <Pager
            pages={pages}
            nextCursor={data.nextCursor}
            count={items.length}
            isBusy={load.status === 'loading' || busy !== null}
            label="Review queue pages"
          />

          {data.totals.total > 0 ? (
            <section class="ll-rv-where" aria-labelledby="ll-rv-where-title" data-testid="review-counts">
              <h2 id="ll-rv-where-title">Where these bad leads come from</h2>
              <p class="ll-c-muted" data-testid="review-counts-total">
                Counted over all {data.totals.total} {data.totals.total === 1 ? 'lead' : 'leads'}{' '}
                {isPending ? 'waiting for review' : 'confirmed'}, every page. A lead with two reasons counts
                under both.
              </p>
              <div class="ll-rv-count-tables">
                <CountTable
                  caption="By source"
                  rows={data.totals.bySource.map((row): [string, number] => [
                    row.channel ?? 'No source',
                    row.count,
                  ])}
                  testId="review-counts-source"
                />
                <CountTable
                  caption="By reason"
                  rows={toReasonRows(data.totals)}
                  testId="review-counts-reason"
                />
              </div>
            </section>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
