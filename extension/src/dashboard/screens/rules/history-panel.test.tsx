import type { HistoryEntry, RulesetVersionSummary } from '@leadlight/contract';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { type ApiRoute, apiError, installFakeBackground } from '../../components/fake-background';
import { HistoryPanel } from './history-panel';

afterEach(cleanup);

const version: RulesetVersionSummary = {
  key: 'default-b2b@2',
  rulesetId: 'default-b2b',
  version: 2,
  name: 'Default B2B',
  state: 'draft',
  authorId: 'user-author',
  createdAt: '2026-11-20T09:00:00.000Z',
  updatedAt: '2026-11-21T09:00:00.000Z',
  activatedAt: null,
  retiredAt: null,
  approvals: [],
  missingApprovals: ['sales', 'marketing'],
};

/** `count` entries, newest first (seq count … 1): edits on top of the draft. */
function makeEntries(count: number): HistoryEntry[] {
  return Array.from({ length: count }, (_, index) => {
    const seq = count - index;
    return {
      seq,
      entityType: 'ruleset',
      entityId: 'default-b2b@2',
      leadId: null,
      action: seq === 1 ? 'ruleset.drafted' : 'ruleset.edited',
      actorId: 'user-author',
      at: new Date(Date.UTC(2026, 10, 20, 9, seq)).toISOString(),
      before: null,
      after: null,
    };
  });
}

/** The history route as the API pages it: newest first, `limit` per page, cursor = seq of the last entry shown. */
function historyRoute(entries: HistoryEntry[], options: { failAfter?: string } = {}): ApiRoute {
  return ({ method, path, url }) => {
    if (method === 'GET' && path === '/rulesets/default-b2b/versions') {
      return { status: 200, body: { items: [version] } };
    }
    if (method !== 'GET' || path !== '/rulesets/default-b2b/versions/2/history') return undefined;
    const cursor = url.searchParams.get('cursor');
    if (cursor !== null && cursor === options.failAfter) {
      return apiError(503, 'storage_unavailable', 'The database is busy');
    }
    const limit = Number(url.searchParams.get('limit') ?? 50);
    const older = entries.filter((entry) => cursor === null || entry.seq < Number(cursor));
    const page = older.slice(0, limit);
    const last = page.at(-1);
    return {
      status: 200,
      body: { items: page, nextCursor: older.length > limit && last ? String(last.seq) : null },
    };
  };
}

function renderPanel() {
  render(
    <HistoryPanel
      rulesetId="default-b2b"
      version={2}
      canDraft={false}
      navigate={() => undefined}
      refreshKey={0}
      me={null}
    />,
  );
}

function shownSeqs(): number[] {
  return within(screen.getByTestId('version-history'))
    .getAllByRole('listitem')
    .map((item) => Number(item.getAttribute('data-seq')));
}

describe('ruleset history panel', () => {
  it('shows the first page of the version’s history and pages older entries in with the API’s cursor', async () => {
    const fake = installFakeBackground(historyRoute(makeEntries(120)));
    renderPanel();
    await screen.findByTestId('version-history');
    expect(shownSeqs()).toEqual(Array.from({ length: 50 }, (_, index) => 120 - index));
    expect(fake.calls).toContain('GET /rulesets/default-b2b/versions/2/history?limit=50');

    fireEvent.click(screen.getByTestId('history-more'));
    await waitFor(() => expect(shownSeqs()).toHaveLength(100));
    expect(fake.calls.at(-1)).toBe('GET /rulesets/default-b2b/versions/2/history?limit=50&cursor=71');
    fireEvent.click(screen.getByTestId('history-more'));
    await waitFor(() => expect(shownSeqs()).toHaveLength(120));
    expect(shownSeqs()).toEqual(Array.from({ length: 120 }, (_, index) => 120 - index));
    expect(screen.queryByTestId('history-more')).toBeNull();
    expect(screen.getByTestId('version-history').textContent).toContain('drafted by the author');
  });

  it('offers no More for a history that fits one page', async () => {
    installFakeBackground(historyRoute(makeEntries(3)));
    renderPanel();
    await screen.findByTestId('version-history');
    expect(shownSeqs()).toEqual([3, 2, 1]);
    expect(screen.queryByTestId('history-more')).toBeNull();
  });

  it('keeps the entries shown and says why when an older page fails', async () => {
    installFakeBackground(historyRoute(makeEntries(60), { failAfter: '11' }));
    renderPanel();
    await screen.findByTestId('version-history');
    fireEvent.click(screen.getByTestId('history-more'));
    expect((await screen.findByTestId('history-more-error')).textContent).toContain('The database is busy');
    expect(shownSeqs()).toHaveLength(50);
    expect((screen.getByTestId('history-more') as HTMLButtonElement).disabled).toBe(false);
  });

  it('refuses an answer without the cursor the contract requires', async () => {
    installFakeBackground((request) =>
      request.path.endsWith('/history')
        ? { status: 200, body: { items: makeEntries(2) } }
        : historyRoute([])(request),
    );
    renderPanel();
    await waitFor(() =>
      expect(
        screen.getAllByRole('alert').some((alert) => alert.textContent?.includes('not understood')),
      ).toBe(true),
    );
    expect(screen.queryByTestId('version-history')).toBeNull();
  });
});
