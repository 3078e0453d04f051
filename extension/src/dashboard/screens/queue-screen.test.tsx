import { type MyQueueResponse, MyQueueResponseSchema } from '@leadlight/contract';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ApiRoute, apiError, installFakeBackground } from '../components/fake-background';
import { hostileName, makeLeadSummary } from '../components/test-leads';
import type { ScreenProps } from '../screen-props';
import { QueueScreen } from './queue-screen';

afterEach(cleanup);

const queue: MyQueueResponse = MyQueueResponseSchema.parse({
  items: [
    {
      lead: makeLeadSummary({
        id: 'lead-late',
        fullName: 'Late Larry',
        sla: { state: 'breached' },
        score: 40,
      }),
      nextAction: 'Call now (SLA)',
      isSlaBreached: true,
    },
    {
      lead: makeLeadSummary({
        id: 'lead-hot',
        fullName: 'Hot Hana',
        score: 90,
        attempts: { made: 1, required: 6 },
      }),
      nextAction: 'Email',
      isSlaBreached: false,
    },
    {
      lead: makeLeadSummary({ id: 'lead-x', fullName: hostileName, companyName: 'Evil Corp' }),
      nextAction: null,
      isSlaBreached: false,
    },
  ],
  nextCursor: null,
  counts: { total: 3, breached: 1 },
  recycled: [
    {
      lead: makeLeadSummary({ id: 'lead-back', fullName: 'Nurtured Nia', stage: 'nurture' }),
      nextAction: 'Check in',
      isSlaBreached: false,
    },
  ],
});

function makeItems(from: number, count: number): MyQueueResponse['items'] {
  return Array.from({ length: count }, (_, index) => ({
    lead: makeLeadSummary({ id: `lead-${from + index}`, fullName: `Person ${from + index}` }),
    nextAction: null,
    isSlaBreached: false,
  }));
}

const emptyQueue: MyQueueResponse = {
  items: [],
  nextCursor: null,
  counts: { total: 0, breached: 0 },
  recycled: [],
};

/** A queue of `total` leads the fake API pages as the real one does: `limit` per page, cursor = next index. */
function pagedQueueRoute(total: number, options: { failAt?: string } = {}): ApiRoute {
  return ({ method, path, url }) => {
    if (method !== 'GET' || path !== '/queue') return undefined;
    const cursor = url.searchParams.get('cursor');
    if (cursor !== null && cursor === options.failAt) return apiError(400, 'invalid_cursor', 'Bad cursor');
    const start = Number(cursor ?? 0);
    const limit = Number(url.searchParams.get('limit') ?? 50);
    const end = Math.min(total, start + limit);
    return {
      status: 200,
      body: {
        items: makeItems(start, end - start),
        nextCursor: end < total ? String(end) : null,
        counts: { total, breached: 0 },
        recycled: cursor === null ? queue.recycled : [],
      },
    };
  };
}

/** Rows of the leads-to-work table (the recycled table has rows of its own). */
function workRows(): HTMLElement[] {
  return within(screen.getByTestId('queue-table')).getAllByTestId('queue-row');
}

function renderQueue(navigate = vi.fn(), query = '') {
  const props: ScreenProps = {
    route: { screen: 'queue', params: [], query: new URLSearchParams(query) },
    user: { role: 'rep', name: 'Sam' },
    navigate,
  };
  render(<QueueScreen {...props} />);
  return navigate;
}

describe('queue screen', () => {
  it('lists the queue in the API’s order with SLA, attempts made of required and next action', async () => {
    const fake = installFakeBackground(({ method, path }) =>
      method === 'GET' && path === '/queue' ? { status: 200, body: queue } : undefined,
    );
    renderQueue();
    const table = await screen.findByTestId('queue-table');
    const rows = within(table).getAllByTestId('queue-row');
    expect(rows.map((row) => row.getAttribute('data-lead-id'))).toEqual(['lead-late', 'lead-hot', 'lead-x']);
    expect(within(rows[0]!).getByTestId('queue-sla').textContent).toBe('Breached');
    expect(within(rows[1]!).getByTestId('queue-attempts').textContent).toBe('1 of 6');
    expect(rows[1]!.textContent).toContain('Email');
    expect(screen.getByTestId('queue-summary').textContent).toContain('3 leads to work, 1 past SLA');
    const recycled = screen.getByTestId('queue-recycled');
    expect(within(recycled).getByText('Nurtured Nia')).toBeTruthy();
    expect(fake.calls).toEqual(['GET /queue?limit=50']);
    expect(screen.getByTestId('queue-shown').textContent).toBe('Showing 3 of 3');
    expect(screen.queryByTestId('queue-more')).toBeNull();
  });

  it('counts the whole queue from the API, not the rows on screen', async () => {
    installFakeBackground(() => ({
      status: 200,
      body: { ...queue, nextCursor: 'next', counts: { total: 120, breached: 17 } },
    }));
    renderQueue();
    expect((await screen.findByTestId('queue-summary')).textContent).toContain(
      '120 leads to work, 17 past SLA',
    );
    expect(screen.getByTestId('queue-shown').textContent).toBe('Showing 3 of 120');
  });

  it('shows page data as text, never as markup', async () => {
    installFakeBackground(() => ({ status: 200, body: queue }));
    renderQueue();
    expect(await screen.findByText(hostileName)).toBeTruthy();
    expect(document.querySelector('img')).toBeNull();
  });

  it('opens the lead from its link and from a click anywhere on the row', async () => {
    installFakeBackground(() => ({ status: 200, body: queue }));
    const navigate = renderQueue();
    const link = await screen.findByRole('link', { name: 'Hot Hana' });
    expect(link.getAttribute('href')).toBe('#/leads/lead-hot');
    const row = link.closest('tr')!;
    fireEvent.click(within(row).getByTestId('queue-attempts'));
    expect(navigate).toHaveBeenCalledWith('#/leads/lead-hot');
  });

  it('asks the API for the filters chosen, with labelled controls, and writes them into the address', async () => {
    const fake = installFakeBackground(({ url }) => ({
      status: 200,
      body: url.searchParams.get('sla') === 'breached' ? { ...queue, items: queue.items.slice(0, 1) } : queue,
    }));
    renderQueue();
    await screen.findByTestId('queue-table');
    fireEvent.change(screen.getByLabelText('SLA'), { target: { value: 'breached' } });
    await waitFor(() =>
      expect(workRows().map((row) => row.getAttribute('data-lead-id'))).toEqual(['lead-late']),
    );
    expect(fake.calls.at(-1)).toBe('GET /queue?sla=breached&limit=50');
    expect(screen.getByTestId('queue-summary').textContent).toContain('matching the filters');
    fireEvent.change(screen.getByLabelText('Stage'), { target: { value: 'sal' } });
    fireEvent.change(screen.getByLabelText('Owner'), { target: { value: 'none' } });
    // Text is sent on Enter / Search, not on every key.
    fireEvent.input(screen.getByLabelText('Search'), { target: { value: '  evil corp ' } });
    await waitFor(() =>
      expect(fake.calls.at(-1)).toBe('GET /queue?sla=breached&stage=sal&owner=none&limit=50'),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    await waitFor(() =>
      expect(fake.calls.at(-1)).toBe('GET /queue?q=evil+corp&sla=breached&stage=sal&owner=none&limit=50'),
    );
    expect(window.location.hash).toBe('#/queue?q=evil+corp&sla=breached&stage=sal&owner=none');
    // Clearing the box searches everything again at once.
    fireEvent.input(screen.getByLabelText('Search'), { target: { value: '' } });
    await waitFor(() =>
      expect(fake.calls.at(-1)).toBe('GET /queue?sla=breached&stage=sal&owner=none&limit=50'),
    );
  });

  it('opens with the filters named in the address; a hand-edited value falls back to any', async () => {
    const fake = installFakeBackground(() => ({ status: 200, body: queue }));
    renderQueue(vi.fn(), 'sla=due_soon&stage=bogus&owner=me&q=quinn');
    await screen.findByTestId('queue-table');
    expect(fake.calls).toEqual(['GET /queue?q=quinn&sla=due_soon&owner=me&limit=50']);
    expect((screen.getByLabelText('SLA') as HTMLSelectElement).value).toBe('due_soon');
    expect((screen.getByLabelText('Stage') as HTMLSelectElement).value).toBe('any');
    expect((screen.getByLabelText('Search') as HTMLInputElement).value).toBe('quinn');
  });

  it('loads the next page with More and appends it, until the API has no more', async () => {
    const fake = installFakeBackground(pagedQueueRoute(120));
    renderQueue();
    await screen.findByTestId('queue-table');
    expect(workRows()).toHaveLength(50);
    fireEvent.click(screen.getByTestId('queue-more'));
    await waitFor(() => expect(workRows()).toHaveLength(100));
    expect(fake.calls.at(-1)).toBe('GET /queue?limit=50&cursor=50');
    fireEvent.click(screen.getByTestId('queue-more'));
    await waitFor(() => expect(workRows()).toHaveLength(120));
    expect(fake.calls.at(-1)).toBe('GET /queue?limit=50&cursor=100');
    const ids = workRows().map((row) => row.getAttribute('data-lead-id'));
    expect(ids).toEqual(Array.from({ length: 120 }, (_, index) => `lead-${index}`));
    expect(screen.queryByTestId('queue-more')).toBeNull();
    expect(screen.getByTestId('queue-shown').textContent).toBe('Showing 120 of 120');
    // The recycled list came with the first page and stays.
    expect(within(screen.getByTestId('queue-recycled')).getByText('Nurtured Nia')).toBeTruthy();
  });

  it('starts again from the first page when a filter changes', async () => {
    const fake = installFakeBackground(pagedQueueRoute(70));
    renderQueue();
    await screen.findByTestId('queue-table');
    fireEvent.click(screen.getByTestId('queue-more'));
    await waitFor(() => expect(workRows()).toHaveLength(70));
    fireEvent.change(screen.getByLabelText('Owner'), { target: { value: 'me' } });
    await waitFor(() => expect(fake.calls.at(-1)).toBe('GET /queue?owner=me&limit=50'));
    await waitFor(() => expect(workRows()).toHaveLength(50));
    expect(screen.getByTestId('queue-more')).toBeTruthy();
  });

  it('keeps the rows on screen and says why when More fails', async () => {
    installFakeBackground(pagedQueueRoute(60, { failAt: '50' }));
    renderQueue();
    await screen.findByTestId('queue-table');
    fireEvent.click(screen.getByTestId('queue-more'));
    expect((await screen.findByTestId('queue-more-error')).textContent).toContain('Bad cursor');
    expect(workRows()).toHaveLength(50);
    expect((screen.getByTestId('queue-more') as HTMLButtonElement).disabled).toBe(false);
  });

  it('says when the API’s recycled list is cut at its cap of 200', async () => {
    installFakeBackground(() => ({ status: 200, body: { ...emptyQueue, recycled: makeItems(0, 200) } }));
    renderQueue();
    expect((await screen.findByTestId('queue-summary')).textContent).toContain(
      'The API answers the first 200 nurture leads',
    );
  });

  it('says when nothing waits', async () => {
    installFakeBackground(() => ({ status: 200, body: emptyQueue }));
    renderQueue();
    expect((await screen.findByTestId('queue-empty')).textContent).toContain('Nothing to work');
    expect(screen.getByTestId('queue-recycled-empty')).toBeTruthy();
    expect(screen.queryByTestId('queue-shown')).toBeNull();
  });

  it('says when no lead matches the filters', async () => {
    installFakeBackground(({ url }) => ({
      status: 200,
      body: url.search.includes('sla=') ? emptyQueue : queue,
    }));
    renderQueue();
    await screen.findByTestId('queue-table');
    fireEvent.change(screen.getByLabelText('SLA'), { target: { value: 'none' } });
    expect((await screen.findByTestId('queue-empty')).textContent).toContain('No lead matches the filters');
  });

  it('shows the API’s own error message, and loads again on Try again', async () => {
    let isDown = true;
    installFakeBackground(() =>
      isDown ? apiError(403, 'forbidden', 'Your role may not read the queue') : { status: 200, body: queue },
    );
    renderQueue();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Your role may not read the queue');
    expect(alert.textContent).toContain('forbidden');
    isDown = false;
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByTestId('queue-table')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('refuses an answer that is not the contract’s queue', async () => {
    installFakeBackground(() => ({ status: 200, body: { items: [{ lead: { id: 'x' } }] } }));
    renderQueue();
    expect((await screen.findByTestId('error-message')).textContent).toContain('was not understood');
  });
});
