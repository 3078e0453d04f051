import {
  MyQueueResponseSchema,
  type QueueQuery,
  queueOwners,
  queueStages,
  slaStates,
} from '@leadlight/contract';
import { useEffect, useId, useState } from 'preact/hooks';
import type { z } from 'zod';
import { callApi } from '../api';
import { describeError, ErrorBox } from '../components/error-box';
import { describeLead, describeSource, formatDateTime, formatStageName } from '../components/format';
import { readChoice, replaceHashQuery } from '../components/hash-query';
import { Loading } from '../components/loading';
import { ScreenHeader } from '../components/screen-header';
import { SelectField } from '../components/select-field';
import { useApi } from '../components/use-api';
import { buildHash } from '../routes';
import type { ScreenProps } from '../screen-props';

/** Leads per page: the API's default page, so a first page here is what `GET /queue` answers without a limit. */
const pageSize = 50;
/** The API answers at most this many recycled nurture leads, with the first page only (api/src/routes/queue.ts). */
const recycledCap = 200;

type QueueAnswer = z.infer<typeof MyQueueResponseSchema>;
type QueueItem = QueueAnswer['items'][number];
type SlaFilter = NonNullable<QueueQuery['sla']> | 'any';
type StageFilter = NonNullable<QueueQuery['stage']> | 'any';
type OwnerFilter = NonNullable<QueueQuery['owner']> | 'any';

const slaLabels: Record<SlaFilter, string> = {
  any: 'Any',
  breached: 'Past SLA',
  due_soon: 'Due soon',
  ok: 'On time',
  none: 'No SLA',
};
const stageLabels: Record<StageFilter, string> = { any: 'MQL and SAL', mql: 'MQL', sal: 'SAL' };
const ownerLabels: Record<OwnerFilter, string> = { any: 'Mine and unowned', me: 'Mine', none: 'Unowned' };

function describeSla(item: QueueItem): string {
  const { sla } = item.lead;
  if (item.isSlaBreached || sla.state === 'breached') return 'Breached';
  if (sla.state === 'due_soon') return `Due soon${sla.dueAt ? ` (${formatDateTime(sla.dueAt)})` : ''}`;
  if (sla.state === 'ok') return sla.dueAt ? `Due ${formatDateTime(sla.dueAt)}` : 'On time';
  return '–';
}

interface QueueTableProps {
  items: QueueItem[];
  caption: string;
  testId: string;
  navigate: (hash: string) => void;
}

function QueueTable({ items, caption, testId, navigate }: QueueTableProps) {
  return (
    <table class="ll-q-table" data-testid={testId}>
      <caption class="ll-c-caption">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Lead</th>
          <th scope="col">Stage</th>
          <th scope="col">Score</th>
          <th scope="col">SLA</th>
          <th scope="col">Attempts</th>
          <th scope="col">Next action</th>
          <th scope="col">Source</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => {
          const { lead } = item;
          const href = buildHash('lead', [lead.id]);
          return (
            <tr
              key={lead.id}
              class={item.isSlaBreached ? 'll-q-row ll-q-breached' : 'll-q-row'}
              data-testid="queue-row"
              data-lead-id={lead.id}
              onClick={(event) => {
                // The whole row is a target for the mouse; the link inside it is the keyboard's (and the reader's).
                if ((event.target as HTMLElement).closest('a')) return;
                navigate(href);
              }}
            >
              <td>
                <a href={href} data-testid="queue-lead-link">
                  {describeLead(lead)}
                </a>
                {lead.companyName && lead.fullName ? <div class="ll-c-muted">{lead.companyName}</div> : null}
              </td>
              <td>{formatStageName(lead.stage)}</td>
              <td>
                {lead.score === null ? '–' : Math.round(lead.score)}
                {lead.grade ? <span class="ll-c-muted"> · {lead.grade}</span> : null}
              </td>
              <td data-testid="queue-sla">
                {item.isSlaBreached ? (
                  <strong class="ll-q-sla-breached">{describeSla(item)}</strong>
                ) : (
                  describeSla(item)
                )}
              </td>
              <td data-testid="queue-attempts">
                {lead.attempts.made} of {lead.attempts.required}
              </td>
              <td>{item.nextAction ?? '–'}</td>
              <td>{describeSource(lead.source)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Pages after the first, and the first page they continue (`base`); `state` of the last "More". */
interface MorePages {
  base: QueueAnswer | undefined;
  items: QueueItem[];
  nextCursor: string | null;
  state: 'idle' | 'loading' | { error: string };
}

/** A filter's query value, or undefined for "any" (the API's default). */
function toQueryValue<T extends string>(value: T | 'any'): T | undefined {
  return value === 'any' ? undefined : value;
}

/** The rep's day: MQL and SAL leads, SLA breaches first then by score, a page at a time; nurture leads due back. */
export function QueueScreen({ route, navigate }: ScreenProps) {
  const [text, setText] = useState(() => route.query.get('q') ?? '');
  const [search, setSearch] = useState(text.trim());
  const [sla, setSla] = useState<SlaFilter>(() =>
    readChoice(route.query, 'sla', slaStates, 'any' as SlaFilter),
  );
  const [stage, setStage] = useState<StageFilter>(() =>
    readChoice(route.query, 'stage', queueStages, 'any' as StageFilter),
  );
  const [owner, setOwner] = useState<OwnerFilter>(() =>
    readChoice(route.query, 'owner', queueOwners, 'any' as OwnerFilter),
  );
  // Pages loaded with "More", kept with the first page they continue: a new first page (filters, Refresh) drops them.
  const [more, setMore] = useState<MorePages>({
    base: undefined,
    items: [],
    nextCursor: null,
    state: 'idle',
  });
  const textId = useId();

  const filters = {
    q: search || undefined,
    sla: toQueryValue(sla),
    stage: toQueryValue(stage),
    owner: toQueryValue(owner),
  };
  const filterKey = JSON.stringify(filters);
  const { load, reload } = useApi(
    () => callApi('GET', '/queue', MyQueueResponseSchema, { query: { ...filters, limit: pageSize } }),
    filterKey,
  );
  const data = load.data;
  const continued = more.base !== undefined && more.base === data ? more : undefined;
  useEffect(() => replaceHashQuery('queue', filters), [filterKey]);

  const items = data ? [...data.items, ...(continued?.items ?? [])] : [];
  const nextCursor =
    continued && continued.items.length > 0 ? continued.nextCursor : (data?.nextCursor ?? null);
  const isLoadingMore = continued?.state === 'loading';
  const moreError = continued && typeof continued.state === 'object' ? continued.state.error : null;
  const isFiltered = filterKey !== '{}';

  async function loadMore() {
    if (!data || !nextCursor || isLoadingMore) return;
    const base = data;
    const loaded = continued?.items ?? [];
    setMore({ base, items: loaded, nextCursor, state: 'loading' });
    try {
      const page = await callApi('GET', '/queue', MyQueueResponseSchema, {
        query: { ...filters, limit: pageSize, cursor: nextCursor },
      });
      // An answer for a list no longer on screen (filters changed meanwhile) is dropped by the base check.
      setMore((previous) =>
        previous.base === base
          ? { base, items: [...loaded, ...page.items], nextCursor: page.nextCursor, state: 'idle' }
          : previous,
      );
    } catch (error) {
      setMore((previous) =>
        previous.base === base ? { ...previous, state: { error: describeError(error) } } : previous,
      );
    }
  }

  return (
    <section class="ll-q-screen" data-testid="queue-screen" aria-labelledby="ll-q-title">
      <ScreenHeader
        titleId="ll-q-title"
        title="My queue"
        onRefresh={reload}
        isLoading={load.status === 'loading'}
      />
      {data ? (
        <p class="ll-c-muted" data-testid="queue-summary">
          {data.counts.total} {data.counts.total === 1 ? 'lead' : 'leads'} to work
          {isFiltered ? ' matching the filters' : ''}, {data.counts.breached} past SLA; {data.recycled.length}{' '}
          nurture {data.recycled.length === 1 ? 'lead' : 'leads'} due back.
          {data.recycled.length >= recycledCap
            ? ` The API answers the first ${recycledCap} nurture leads: work these and refresh for the rest.`
            : ''}
        </p>
      ) : null}
      <form
        class="ll-c-toolbar"
        aria-label="Filter the queue"
        data-testid="queue-filters"
        onSubmit={(event) => {
          event.preventDefault();
          setSearch(text.trim());
        }}
      >
        <span class="ll-c-field">
          <label for={textId}>Search</label>
          <input
            id={textId}
            type="search"
            maxLength={200}
            value={text}
            placeholder="Name, company, domain, email"
            data-testid="queue-search"
            onInput={(event) => {
              const value = (event.currentTarget as HTMLInputElement).value;
              setText(value);
              // Clearing the box shows everything again without another Enter.
              if (value.trim() === '') setSearch('');
            }}
          />
        </span>
        <button type="submit" class="ll-c-button">
          Search
        </button>
        <SelectField
          label="SLA"
          value={sla}
          options={slaLabels}
          onChange={setSla}
          testId="queue-sla-filter"
        />
        <SelectField
          label="Stage"
          value={stage}
          options={stageLabels}
          onChange={setStage}
          testId="queue-stage-filter"
        />
        <SelectField
          label="Owner"
          value={owner}
          options={ownerLabels}
          onChange={setOwner}
          testId="queue-owner-filter"
        />
      </form>
      {load.status === 'error' ? (
        <ErrorBox title="Could not load your queue" error={load.error} onRetry={reload} />
      ) : null}
      {load.status === 'loading' && !data ? <Loading label="Loading your queue…" /> : null}
      {data ? (
        <>
          {items.length > 0 ? (
            <QueueTable
              items={items}
              caption="Leads to work: SLA breaches first, then by score"
              testId="queue-table"
              navigate={navigate}
            />
          ) : (
            <p data-testid="queue-empty">
              {isFiltered
                ? 'No lead matches the filters.'
                : 'Nothing to work: no MQL or SAL lead waits for you.'}
            </p>
          )}
          {items.length > 0 ? (
            <div class="ll-c-pager">
              <span aria-live="polite" data-testid="queue-shown">
                Showing {items.length} of {data.counts.total}
              </span>
              {nextCursor ? (
                <button
                  type="button"
                  class="ll-c-button"
                  data-testid="queue-more"
                  disabled={isLoadingMore || load.status === 'loading'}
                  onClick={() => void loadMore()}
                >
                  {isLoadingMore ? 'Loading more…' : `More (next ${pageSize})`}
                </button>
              ) : null}
            </div>
          ) : null}
          {moreError ? (
            <p role="alert" class="ll-c-error" data-testid="queue-more-error">
              Could not load more: {moreError}
            </p>
          ) : null}
          <h2>Nurture leads due back</h2>
          {data.recycled.length > 0 ? (
            <QueueTable
              items={data.recycled}
              caption="Nurture leads whose recycle date has come"
              testId="queue-recycled"
              navigate={navigate}
            />
          ) : (
            <p class="ll-c-muted" data-testid="queue-recycled-empty">
              {isFiltered && (search || owner !== 'any')
                ? 'No nurture lead due back matches the search or owner.'
                : 'No nurture lead is due back.'}
            </p>
          )}
        </>
      ) : null}
    </section>
  );
}
