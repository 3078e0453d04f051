import { type MyQueueResponse, MyQueueResponseSchema } from '@leadlight/contract';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiError, installFakeBackground } from '../components/fake-background';
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
  recycled: [
    {
      lead: makeLeadSummary({ id: 'lead-back', fullName: 'Nurtured Nia', stage: 'nurture' }),
      nextAction: 'Check in',
      isSlaBreached: false,
    },
  ],
});

function renderQueue(navigate = vi.fn()) {
  const props: ScreenProps = {
    route: { screen: 'queue', params: [], query: new URLSearchParams() },
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
    expect(fake.calls).toEqual(['GET /queue']);
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

  it('narrows to SLA breaches and by text, with labelled controls', async () => {
    installFakeBackground(() => ({ status: 200, body: queue }));
    renderQueue();
    await screen.findByTestId('queue-table');
    fireEvent.click(screen.getByLabelText('Only past SLA'));
    expect(screen.getAllByTestId('queue-row').map((row) => row.getAttribute('data-lead-id'))).toEqual([
      'lead-late',
    ]);
    fireEvent.click(screen.getByLabelText('Only past SLA'));
    fireEvent.input(screen.getByLabelText('Filter'), { target: { value: 'evil' } });
    expect(screen.getAllByTestId('queue-row').map((row) => row.getAttribute('data-lead-id'))).toEqual([
      'lead-x',
    ]);
  });

  it('says when the API’s list is cut at its cap of 200', async () => {
    const items = Array.from({ length: 200 }, (_, index) => ({
      lead: makeLeadSummary({ id: `lead-${index}`, fullName: `Person ${index}` }),
      nextAction: null,
      isSlaBreached: false,
    }));
    installFakeBackground(() => ({ status: 200, body: { items, recycled: [] } }));
    renderQueue();
    expect((await screen.findByTestId('queue-summary')).textContent).toContain(
      'The API answers the first 200',
    );
  });

  it('says when nothing waits', async () => {
    installFakeBackground(() => ({ status: 200, body: { items: [], recycled: [] } }));
    renderQueue();
    expect((await screen.findByTestId('queue-empty')).textContent).toContain('Nothing to work');
    expect(screen.getByTestId('queue-recycled-empty')).toBeTruthy();
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
