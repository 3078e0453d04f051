import { MyQueueResponseSchema } from '@leadlight/contract';
import { useId, useState } from 'preact/hooks';
import type { z } from 'zod';
import { callApi } from '../api';
import { ErrorBox } from '../components/error-box';
import { describeLead, describeSource, formatDateTime, formatStageName } from '../components/format';
import { Loading } from '../components/loading';
import { useApi } from '../components/use-api';
import { buildHash } from '../routes';
import type { ScreenProps } from '../screen-props';

/** The queue route answers at most this many leads per list and takes no cursor (api/src/routes/queue.ts). */
const queueCap = 200;

type QueueItem = z.infer<typeof MyQueueResponseSchema>['items'][number];

function describeSla(item: QueueItem): string {
  const { sla } = item.lead;
  if (item.isSlaBreached || sla.state === 'breached') return 'Breached';
  if (sla.state === 'due_soon') return `Due soon${sla.dueAt ? ` (${formatDateTime(sla.dueAt)})` : ''}`;
  if (sla.state === 'ok') return sla.dueAt ? `Due ${formatDateTime(sla.dueAt)}` : 'On time';
  return '–';
}

function matchesFilter(item: QueueItem, text: string, isBreachedOnly: boolean): boolean {
  if (isBreachedOnly && !item.isSlaBreached) return false;
  if (!text) return true;
  const needle = text.toLowerCase();
  const { lead } = item;
  return [
    lead.fullName,
    lead.companyName,
    lead.email,
    lead.companyDomain,
    lead.source.channel,
    lead.source.campaign,
  ]
    .filter((value): value is string => Boolean(value))
    .some((value) => value.toLowerCase().includes(needle));
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

/** The rep's day: MQL and SAL leads, SLA breaches first then by score, and nurture leads due back. */
export function QueueScreen({ navigate }: ScreenProps) {
  const { load, reload } = useApi(() => callApi('GET', '/queue', MyQueueResponseSchema), 'queue');
  const [text, setText] = useState('');
  const [isBreachedOnly, setIsBreachedOnly] = useState(false);
  const filterId = useId();
  const breachedId = useId();

  const data = load.data;
  const items = data?.items.filter((item) => matchesFilter(item, text.trim(), isBreachedOnly)) ?? [];
  const recycled = data?.recycled.filter((item) => matchesFilter(item, text.trim(), isBreachedOnly)) ?? [];
  const breachedCount = data?.items.filter((item) => item.isSlaBreached).length ?? 0;

  return (
    <section class="ll-q-screen" data-testid="queue-screen" aria-labelledby="ll-q-title">
      <div class="ll-c-toolbar">
        <h1 id="ll-q-title">My queue</h1>
        <button type="button" class="ll-c-button" onClick={reload} disabled={load.status === 'loading'}>
          Refresh
        </button>
      </div>
      {data ? (
        <p class="ll-c-muted" data-testid="queue-summary">
          {data.items.length} {data.items.length === 1 ? 'lead' : 'leads'} to work, {breachedCount} past SLA;{' '}
          {data.recycled.length} nurture {data.recycled.length === 1 ? 'lead' : 'leads'} due back.
          {data.items.length >= queueCap || data.recycled.length >= queueCap
            ? ` The API answers the first ${queueCap} of each list: work these and refresh for the rest.`
            : ''}
        </p>
      ) : null}
      <form class="ll-c-toolbar" aria-label="Filter the queue" onSubmit={(event) => event.preventDefault()}>
        <span class="ll-c-field">
          <label for={filterId}>Filter</label>
          <input
            id={filterId}
            type="search"
            value={text}
            placeholder="Name, company, email, source"
            onInput={(event) => setText((event.currentTarget as HTMLInputElement).value)}
          />
        </span>
        <span class="ll-c-field">
          <input
            id={breachedId}
            type="checkbox"
            checked={isBreachedOnly}
            onChange={(event) => setIsBreachedOnly((event.currentTarget as HTMLInputElement).checked)}
          />
          <label for={breachedId}>Only past SLA</label>
        </span>
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
              {data.items.length === 0
                ? 'Nothing to work: no MQL or SAL lead waits for you.'
                : 'No lead matches the filter.'}
            </p>
          )}
          <h2>Nurture leads due back</h2>
          {recycled.length > 0 ? (
            <QueueTable
              items={recycled}
              caption="Nurture leads whose recycle date has come"
              testId="queue-recycled"
              navigate={navigate}
            />
          ) : (
            <p class="ll-c-muted" data-testid="queue-recycled-empty">
              No nurture lead is due back.
            </p>
          )}
        </>
      ) : null}
    </section>
  );
}
