import type { ExtensionRequest, ReviewQueueResponse } from '@leadlight/contract';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { type ApiRoute, apiError, installFakeBackground } from '../components/fake-background';
import { makeLeadSummary, makeLeadView } from '../components/test-leads';
import type { ScreenProps } from '../screen-props';
import { ReviewScreen } from './review-screen';

afterEach(cleanup);

type Item = ReviewQueueResponse['items'][number];

function makeItem(
  id: string,
  name: string,
  channel: string,
  kind: 'junk' | 'incomplete' | 'rejected',
  reason: string,
  ruleId?: string,
): Item {
  return {
    lead: makeLeadSummary({ id, fullName: name, source: { channel }, gate: 'review', stage: 'inquiry' }),
    reasons: [ruleId ? { kind, reason, ruleId } : { kind, reason }],
    reviewState: 'pending',
  };
}

/** The totals the API answers: over every item of the queue (every page), grouped as api/src/db/lead-lists.ts does. */
function totalsOf(list: Item[]): ReviewQueueResponse['totals'] {
  const bySource = new Map<string | null, number>();
  const byReason = new Map<
    string,
    { kind: Item['reasons'][number]['kind']; ruleId: string | null; reason: string | null; count: number }
  >();
  let withoutReason = 0;
  for (const item of list) {
    const channel = item.lead.source.channel ?? null;
    bySource.set(channel, (bySource.get(channel) ?? 0) + 1);
    if (item.reasons.length === 0) withoutReason += 1;
    for (const reason of item.reasons) {
      const key = JSON.stringify([reason.kind, reason.ruleId ?? null, reason.ruleId ? null : reason.reason]);
      const row = byReason.get(key) ?? {
        kind: reason.kind,
        ruleId: reason.ruleId ?? null,
        reason: reason.ruleId ? null : reason.reason,
        count: 0,
      };
      row.count += 1;
      byReason.set(key, row);
    }
  }
  return {
    total: list.length,
    bySource: [...bySource].map(([channel, count]) => ({ channel, count })).sort((a, b) => b.count - a.count),
    byReason: [...byReason.values()].sort((a, b) => b.count - a.count),
    withoutReason,
  };
}

/** A review queue the API would keep: pending items leave it when decided. */
function createReviewApi(
  items: Item[],
  options: { pageSize?: number; failing?: Record<string, [number, string, string]> } = {},
) {
  const pending = [...items];
  const decided: { id: string; decision: string; body: unknown }[] = [];
  const route: ApiRoute = ({ method, path, url, body }) => {
    if (method === 'GET' && path === '/review') {
      if (url.searchParams.get('state') === 'confirmed')
        return { status: 200, body: { items: [], nextCursor: null, totals: totalsOf([]) } };
      const limit = options.pageSize ?? Number(url.searchParams.get('limit') ?? 50);
      const start = Number(url.searchParams.get('cursor') ?? 0);
      const page = pending.slice(start, start + limit);
      const nextCursor = start + limit < pending.length ? String(start + limit) : null;
      return { status: 200, body: { items: page, nextCursor, totals: totalsOf(pending) } };
    }
    const match = /^\/review\/([^/]+)\/(confirm|reconsider)$/.exec(path);
    if (method === 'POST' && match) {
      const id = decodeURIComponent(match[1]!);
      const failure = options.failing?.[id];
      if (failure) return apiError(...failure);
      const index = pending.findIndex((item) => item.lead.id === id);
      if (index < 0) return apiError(404, 'not_found', 'Lead not found');
      pending.splice(index, 1);
      decided.push({ id, decision: match[2]!, body });
      return { status: 200, body: { lead: makeLeadView({ id }) } };
    }
    return undefined;
  };
  return { route, decided, pending };
}

const props: ScreenProps = {
  route: { screen: 'review', params: [], query: new URLSearchParams() },
  user: { role: 'marketer' },
  navigate: () => undefined,
};

const items = [
  makeItem('l1', 'Quinn Junk', 'web_form', 'junk', 'Disposable email domain'),
  makeItem('l2', 'Rory Gap', 'web_form', 'incomplete', 'No company'),
  makeItem('l3', 'Tess Nope', 'event', 'rejected', 'Student'),
];

function rowIds() {
  return screen.queryAllByTestId('review-row').map((row) => row.getAttribute('data-lead-id'));
}

describe('review screen', () => {
  it('lists pending leads with reason, source and date, and the API’s totals by source and reason', async () => {
    const api = createReviewApi(items);
    const fake = installFakeBackground(api.route);
    render(<ReviewScreen {...props} />);
    await screen.findByTestId('review-table');
    expect(rowIds()).toEqual(['l1', 'l2', 'l3']);
    const first = screen.getAllByTestId('review-row')[0]!;
    expect(first.textContent).toContain('Disposable email domain');
    expect(first.textContent).toContain('junk');
    expect(first.textContent).toContain('web_form');
    expect(within(first).getByRole('link', { name: 'Quinn Junk' }).getAttribute('href')).toBe('#/leads/l1');
    expect(fake.calls[0]).toBe('GET /review?state=pending&limit=50');
    const bySource = screen.getByTestId('review-counts-source');
    expect(
      within(bySource)
        .getAllByRole('row')
        .map((row) => row.textContent),
    ).toEqual(['SourceLeads', 'web_form2', 'event1']);
    expect(screen.getByTestId('review-counts-total').textContent).toContain('all 3 leads waiting for review');
  });

  it('shows the totals of the whole queue, not of the page on screen', async () => {
    const many = [
      ...items,
      makeItem('l4', 'Ann Other', 'event', 'junk', 'x@y.example is a test address', 'junk-test'),
      makeItem('l5', 'Bo Other', 'event', 'junk', 'z@y.example is a test address', 'junk-test'),
      { ...makeItem('l6', 'No Reason', 'partner', 'junk', ''), reasons: [] },
    ];
    installFakeBackground(createReviewApi(many, { pageSize: 2 }).route);
    render(<ReviewScreen {...props} />);
    await screen.findByTestId('review-table');
    expect(rowIds()).toEqual(['l1', 'l2']);
    const rowsOf = (testId: string) =>
      within(screen.getByTestId(testId))
        .getAllByRole('row')
        .map((row) => row.textContent);
    expect(rowsOf('review-counts-source')).toEqual(['SourceLeads', 'event3', 'web_form2', 'partner1']);
    expect(rowsOf('review-counts-reason')).toEqual([
      'ReasonLeads',
      'junk · junk-test2',
      'junk · Disposable email domain1',
      'incomplete · No company1',
      'rejected · Student1',
      '(no reason given)1',
    ]);
    expect(screen.getByTestId('review-counts-total').textContent).toContain('all 6 leads');
    // The next page answers the same totals: the tables stay as they are.
    fireEvent.click(screen.getByTestId('page-next'));
    await waitFor(() => expect(rowIds()).toEqual(['l3', 'l4']));
    expect(rowsOf('review-counts-source')).toEqual(['SourceLeads', 'event3', 'web_form2', 'partner1']);
  });

  it('shows no totals for an empty queue', async () => {
    installFakeBackground(createReviewApi([]).route);
    render(<ReviewScreen {...props} />);
    await screen.findByTestId('review-empty');
    expect(screen.queryByTestId('review-counts')).toBeNull();
  });

  it('counts reasons by the rule that fired, not by their lead-specific text', async () => {
    installFakeBackground(
      createReviewApi([
        makeItem('a', 'A', 'web_form', 'junk', 'a@x.example looks like a test address', 'junk-test'),
        makeItem('b', 'B', 'web_form', 'junk', 'b@y.example looks like a test address', 'junk-test'),
        makeItem('c', 'C', 'event', 'rejected', 'Student'),
      ]).route,
    );
    render(<ReviewScreen {...props} />);
    const byReason = await screen.findByTestId('review-counts-reason');
    expect(
      within(byReason)
        .getAllByRole('row')
        .map((row) => row.textContent),
    ).toEqual(['ReasonLeads', 'junk · junk-test2', 'rejected · Student1']);
  });

  it('confirms the selected leads, one request each with its own key, and they leave the list', async () => {
    const api = createReviewApi(items);
    const fake = installFakeBackground(api.route);
    render(<ReviewScreen {...props} />);
    fireEvent.click(await screen.findByLabelText('Select Quinn Junk'));
    fireEvent.click(screen.getByLabelText('Select Tess Nope'));
    fireEvent.input(screen.getByLabelText(/^Note/), { target: { value: 'Checked by hand' } });
    fireEvent.click(screen.getByRole('button', { name: 'Confirm selected (2)' }));
    expect((await screen.findByTestId('review-outcome')).textContent).toContain('2 leads confirmed');
    await waitFor(() => expect(rowIds()).toEqual(['l2']));
    expect(api.decided).toEqual([
      { id: 'l1', decision: 'confirm', body: { note: 'Checked by hand' } },
      { id: 'l3', decision: 'confirm', body: { note: 'Checked by hand' } },
    ]);
    const keys = fake.sent
      .filter(
        (request): request is Extract<ExtensionRequest, { type: 'api.call' }> => request.type === 'api.call',
      )
      .filter((request) => request.method === 'POST')
      .map((request) => request.idempotencyKey);
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(2);
  });

  it('reports each lead that failed, keeps it selected, and still decides the others', async () => {
    const api = createReviewApi(items, {
      failing: { l2: [409, 'conflict', 'Someone decided this lead already'] },
    });
    installFakeBackground(api.route);
    render(<ReviewScreen {...props} />);
    fireEvent.click(await screen.findByTestId('review-select-all'));
    fireEvent.click(screen.getByRole('button', { name: 'Reconsider selected (3)' }));
    const outcome = await screen.findByTestId('review-outcome');
    expect(outcome.textContent).toContain('2 leads reconsidered');
    expect(
      within(screen.getByTestId('review-failures')).getByText('Rory Gap: Someone decided this lead already'),
    ).toBeTruthy();
    await waitFor(() => expect(rowIds()).toEqual(['l2']));
    expect((screen.getByLabelText('Select Rory Gap') as HTMLInputElement).checked).toBe(true);
    expect(api.decided.map((entry) => entry.id)).toEqual(['l1', 'l3']);
  });

  it('decides one lead from its row', async () => {
    const api = createReviewApi(items);
    installFakeBackground(api.route);
    render(<ReviewScreen {...props} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Reconsider Rory Gap' }));
    await waitFor(() => expect(rowIds()).toEqual(['l1', 'l3']));
    expect(api.decided).toEqual([{ id: 'l2', decision: 'reconsider', body: {} }]);
  });

  it('pages through the API with its cursor, and select-all covers only the page on screen', async () => {
    const many = Array.from({ length: 5 }, (_, index) =>
      makeItem(`p${index}`, `Person ${index}`, 'import', 'incomplete', 'No email'),
    );
    const api = createReviewApi(many, { pageSize: 2 });
    const fake = installFakeBackground(api.route);
    render(<ReviewScreen {...props} />);
    await screen.findByTestId('review-table');
    expect(rowIds()).toEqual(['p0', 'p1']);
    fireEvent.click(screen.getByTestId('review-select-all'));
    expect(screen.getByRole('button', { name: 'Confirm selected (2)' })).toBeTruthy();
    fireEvent.click(screen.getByTestId('page-next'));
    await waitFor(() => expect(rowIds()).toEqual(['p2', 'p3']));
    expect(fake.calls.at(-1)).toBe('GET /review?state=pending&limit=50&cursor=2');
    expect(screen.getByRole('button', { name: 'Confirm selected (0)' })).toBeTruthy();
    fireEvent.click(screen.getByTestId('page-next'));
    await waitFor(() => expect(rowIds()).toEqual(['p4']));
    expect((screen.getByTestId('page-next') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByTestId('page-previous'));
    await waitFor(() => expect(rowIds()).toEqual(['p2', 'p3']));
    expect(screen.getByTestId('page-status').textContent).toContain('Page 2');
  });

  it('asks the API for confirmed leads when switched, without decision buttons', async () => {
    const api = createReviewApi(items);
    const fake = installFakeBackground(api.route);
    render(<ReviewScreen {...props} />);
    await screen.findByTestId('review-table');
    fireEvent.change(screen.getByLabelText('Show'), { target: { value: 'confirmed' } });
    expect((await screen.findByTestId('review-empty')).textContent).toContain('No confirmed lead');
    expect(fake.calls.at(-1)).toBe('GET /review?state=confirmed&limit=50');
    expect(screen.queryByTestId('bulk-confirm')).toBeNull();
  });

  it('opens on the list and page size named in the address', async () => {
    const fake = installFakeBackground(createReviewApi(items).route);
    render(
      <ReviewScreen
        {...props}
        route={{ screen: 'review', params: [], query: new URLSearchParams('state=confirmed&limit=25') }}
      />,
    );
    await screen.findByTestId('review-empty');
    expect(fake.calls[0]).toBe('GET /review?state=confirmed&limit=25');
    expect((screen.getByLabelText('Show') as HTMLSelectElement).value).toBe('confirmed');
  });

  it('shows the API’s message when the queue cannot be read', async () => {
    installFakeBackground(() => apiError(403, 'forbidden', 'Only marketers and admins may review leads'));
    render(<ReviewScreen {...props} />);
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Only marketers and admins may review leads',
    );
  });
});
