import type { SlaStatsResponse, WaterfallResponse } from '@leadlight/contract';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { type ApiRoute, apiError, installFakeBackground } from '../components/fake-background';
import type { ScreenProps } from '../screen-props';
import { FunnelScreen } from './funnel-screen';

afterEach(cleanup);

const stages = ['inquiry', 'mql', 'sal', 'sql', 'opportunity', 'won'] as const;

function reached(counts: number[]) {
  return Object.fromEntries(stages.map((stage, index) => [stage, counts[index] ?? 0])) as Record<
    (typeof stages)[number],
    number
  >;
}

function conversion(counts: number[]) {
  return stages.slice(1).map((to, index) => ({
    from: stages[index]!,
    to,
    rate: (counts[index] ?? 0) === 0 ? null : (counts[index + 1] ?? 0) / (counts[index] ?? 1),
  }));
}

function waterfall(period: 'week' | 'month', by: 'none' | 'source' | 'campaign'): WaterfallResponse {
  const rows =
    by === 'none'
      ? [
          { period: '2026-10', group: null, counts: [100, 40, 20, 10, 5, 2] },
          { period: '2026-11', group: null, counts: [50, 10, 0, 0, 0, 0] },
        ]
      : [
          { period: '2026-10', group: 'web_form', counts: [60, 30, 15, 8, 4, 2] },
          { period: '2026-10', group: null, counts: [40, 10, 5, 2, 1, 0] },
          { period: '2026-11', group: 'web_form', counts: [50, 10, 0, 0, 0, 0] },
        ];
  return {
    period,
    by,
    stages: [...stages],
    rows: rows.map((row) => ({
      period: row.period,
      group: row.group,
      reached: reached(row.counts),
      conversion: conversion(row.counts),
    })),
  };
}

const sla: SlaStatsResponse = {
  by: 'none',
  at: '2026-12-01T08:00:00.000Z',
  rows: [{ group: null, mqls: 8, ignored: 2, ignoredShare: 0.25, touched: 30, medianHoursToFirstTouch: 5.5 }],
};

function funnelApi(): ApiRoute {
  return ({ method, path, url }) => {
    if (method !== 'GET') return undefined;
    const by = (url.searchParams.get('by') ?? 'none') as 'none' | 'source' | 'campaign';
    if (path === '/stats/waterfall') {
      const from = url.searchParams.get('from');
      const to = url.searchParams.get('to');
      if (from && to && from > to) return apiError(400, 'invalid_range', '`from` must not be after `to`');
      return {
        status: 200,
        body: waterfall((url.searchParams.get('period') ?? 'month') as 'week' | 'month', by),
      };
    }
    if (path === '/stats/sla') return { status: 200, body: { ...sla, by } };
    return undefined;
  };
}

const props: ScreenProps = {
  route: { screen: 'funnel', params: [], query: new URLSearchParams() },
  user: { role: 'rep' },
  navigate: () => undefined,
};

function cellsOf(row: HTMLElement): string[] {
  return within(row)
    .getAllByRole(/cell|rowheader/)
    .map((cell) => cell.textContent ?? '');
}

describe('funnel screen', () => {
  it('shows the waterfall per period with conversions, totals and the SLA figures', async () => {
    const fake = installFakeBackground(funnelApi());
    render(<FunnelScreen {...props} />);
    const table = await screen.findByTestId('funnel-table');
    const rows = within(table).getAllByTestId('funnel-row');
    expect(cellsOf(rows[0]!)).toEqual([
      '2026-10',
      '100',
      '40',
      '20',
      '10',
      '5',
      '2',
      '40.0%',
      '50.0%',
      '50.0%',
      '50.0%',
      '40.0%',
    ]);
    expect(cellsOf(rows[1]!).slice(7)).toEqual(['20.0%', '0.0%', '–', '–', '–']);
    expect(cellsOf(screen.getByTestId('funnel-total')).slice(0, 7)).toEqual([
      'Total',
      '150',
      '50',
      '20',
      '10',
      '5',
      '2',
    ]);
    expect(screen.getByTestId('funnel-mql-total').textContent).toBe('50');
    expect(screen.getByTestId('funnel-ignored-share').textContent).toBe('25.0% (2 of 8)');
    expect(screen.getByTestId('funnel-median').textContent).toBe('5.5 h');
    expect(within(screen.getByTestId('funnel-sla-table')).getAllByTestId('funnel-sla-row')).toHaveLength(1);
    expect(fake.calls.sort()).toEqual([
      'GET /stats/sla?by=none',
      'GET /stats/waterfall?period=month&by=none',
    ]);
  });

  it('keeps the figures readable where no canvas can be drawn (happy-dom has no 2D context)', async () => {
    installFakeBackground(funnelApi());
    render(<FunnelScreen {...props} />);
    const chart = await screen.findByTestId('funnel-chart');
    await waitFor(() => expect(chart.getAttribute('data-drawn')).toBe('false'));
    expect(within(chart).getByRole('img', { name: 'Leads reaching each stage, per month' })).toBeTruthy();
    expect(chart.textContent).toContain('see the table');
  });

  it('asks the API again per week, by source and for a date range', async () => {
    const fake = installFakeBackground(funnelApi());
    render(<FunnelScreen {...props} />);
    await screen.findByTestId('funnel-table');
    fireEvent.change(screen.getByLabelText('Per'), { target: { value: 'week' } });
    fireEvent.change(screen.getByLabelText('Split by'), { target: { value: 'source' } });
    await waitFor(() =>
      expect(within(screen.getByTestId('funnel-table')).getAllByTestId('funnel-row')).toHaveLength(3),
    );
    const rows = within(screen.getByTestId('funnel-table')).getAllByTestId('funnel-row');
    expect(cellsOf(rows[1]!).slice(0, 2)).toEqual(['2026-10', 'No source']);
    fireEvent.change(screen.getByLabelText('Created from'), { target: { value: '2026-10-01' } });
    fireEvent.change(screen.getByLabelText('to'), { target: { value: '2026-11-30' } });
    await waitFor(() =>
      expect(fake.calls).toContain(
        'GET /stats/waterfall?period=week&by=source&from=2026-10-01&to=2026-11-30',
      ),
    );
    expect(fake.calls).toContain('GET /stats/sla?by=source');
  });

  it('opens with the filters in the address and keeps them there, without new history entries', async () => {
    const fake = installFakeBackground(funnelApi());
    const historyLength = history.length;
    render(
      <FunnelScreen
        {...props}
        route={{
          screen: 'funnel',
          params: [],
          query: new URLSearchParams('period=week&by=source&from=oops'),
        }}
      />,
    );
    await screen.findByTestId('funnel-table');
    expect(fake.calls).toContain('GET /stats/waterfall?period=week&by=source');
    fireEvent.change(screen.getByLabelText('Split by'), { target: { value: 'campaign' } });
    await waitFor(() => expect(location.hash).toBe('#/funnel?period=week&by=campaign'));
    expect(history.length).toBe(historyLength);
  });

  it('shows the API’s message for a bad range', async () => {
    installFakeBackground(funnelApi());
    render(<FunnelScreen {...props} />);
    await screen.findByTestId('funnel-table');
    fireEvent.change(screen.getByLabelText('Created from'), { target: { value: '2026-11-30' } });
    fireEvent.change(screen.getByLabelText('to'), { target: { value: '2026-10-01' } });
    expect((await screen.findByRole('alert')).textContent).toContain('`from` must not be after `to`');
  });

  it('says so when no lead was created in the range', async () => {
    installFakeBackground(({ path }) =>
      path === '/stats/waterfall'
        ? { status: 200, body: { period: 'month', by: 'none', stages: [...stages], rows: [] } }
        : { status: 200, body: { by: 'none', at: sla.at, rows: [] } },
    );
    render(<FunnelScreen {...props} />);
    expect((await screen.findByTestId('funnel-empty')).textContent).toContain('No lead was created');
    expect(screen.getByTestId('funnel-mql-total').textContent).toBe('0');
  });
});
