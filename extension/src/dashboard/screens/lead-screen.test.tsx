import type { ExtensionRequest, LeadCard } from '@leadlight/contract';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyOutboxState } from '@/lib/testing/outbox-state';
import { apiError, installFakeBackground } from '../components/fake-background';
import { hostileName, makeLeadView } from '../components/test-leads';
import type { ScreenProps } from '../screen-props';
import { LeadScreen } from './lead-screen';

afterEach(cleanup);

function makeCard(overrides: Partial<LeadCard> = {}): LeadCard {
  return {
    leadId: 'lead-7',
    name: 'Ada Lovelace',
    companyName: 'Acme',
    stage: 'mql',
    score: 72.4,
    grade: 'B',
    contributions: [{ label: 'Director title', points: 20 }],
    flags: [],
    nextAction: 'attempt 3 of 5: call',
    attempts: { made: 2, required: 5 },
    sla: { state: 'ok' },
    checklist: [{ id: 'budget', label: 'Budget', state: 'claimed' }],
    history: [{ at: '2026-11-20T09:00:00.000Z', summary: 'Stage inquiry → MQL', by: 'Sam Rivera' }],
    ...overrides,
  };
}

function propsFor(leadId: string | undefined): ScreenProps {
  return {
    route: { screen: 'lead', params: leadId ? [leadId] : [], query: new URLSearchParams() },
    user: { role: 'rep' },
    navigate: () => undefined,
  };
}

describe('lead screen', () => {
  it('shows the overlay’s card (the card route the lookup shares), beside the lead’s details', async () => {
    const lead = makeLeadView({
      id: 'lead-7',
      ownerId: 'user-sam',
      identities: { emails: ['ada@acme.test'], phones: [] },
    });
    const me = {
      user: {
        id: 'user-sam',
        name: 'Sam Rivera',
        email: 'sam@leadlight.test',
        role: 'rep',
        team: 'sales',
        createdAt: '2026-11-01T09:00:00.000Z',
        disabledAt: null,
      },
    };
    const fake = installFakeBackground(({ path }) => {
      if (path === '/leads/lead-7') return { status: 200, body: { lead } };
      if (path === '/me') return { status: 200, body: me };
      if (path === '/leads/lead-7/card') return { status: 200, body: { card: makeCard() } };
      return undefined;
    });
    render(<LeadScreen {...propsFor('lead-7')} />);
    const card = await screen.findByTestId('lead-card');
    expect(within(card).getByTestId('card-name').textContent).toBe('Ada Lovelace');
    expect(within(card).getByTestId('card-next-action').textContent).toContain('attempt 3 of 5: call');
    expect(within(card).getByTestId('card-history').textContent).toContain('Stage inquiry → MQL');
    // Already in the dashboard: the overlay's "Open in dashboard" would only reopen this page.
    expect(within(card).queryByTestId('dashboard-link')).toBeNull();
    const details = screen.getByTestId('lead-details');
    expect(details.textContent).toContain('Director of Engineering');
    expect(details.textContent).toContain('OwnerYou');
    expect(fake.calls).toEqual(['GET /leads/lead-7', 'GET /leads/lead-7/card', 'GET /me']);
  });

  it('renders a hostile name as text', async () => {
    const lead = makeLeadView({ id: 'lead-9', fullName: hostileName });
    installFakeBackground(({ path }) => {
      if (path === '/leads/lead-9') return { status: 200, body: { lead } };
      if (path === '/leads/lead-9/card')
        return { status: 200, body: { card: makeCard({ leadId: 'lead-9', name: hostileName }) } };
      return undefined;
    });
    render(<LeadScreen {...propsFor('lead-9')} />);
    const card = await screen.findByTestId('lead-card');
    expect(within(card).getByTestId('card-name').textContent).toBe(hostileName);
    expect(document.querySelector('img')).toBeNull();
  });

  it('writes a note through the outbox message, as the overlay does, then reads the lead again', async () => {
    const lead = makeLeadView({ id: 'lead-7' });
    const fake = installFakeBackground(({ path }) => {
      if (path === '/leads/lead-7') return { status: 200, body: { lead } };
      if (path === '/leads/lead-7/card') return { status: 200, body: { card: makeCard() } };
      return undefined;
    });
    fake.answerOther = (request: ExtensionRequest) =>
      request.type === 'note.add'
        ? { status: 'sent' }
        : request.type === 'outbox.get'
          ? emptyOutboxState
          : null;
    render(<LeadScreen {...propsFor('lead-7')} />);
    const input = await screen.findByTestId('notes-input');
    fireEvent.input(input, { target: { value: 'Asked for pricing' } });
    fireEvent.click(screen.getByTestId('notes-save'));
    await waitFor(() =>
      expect(fake.sent).toContainEqual({ type: 'note.add', leadId: 'lead-7', body: 'Asked for pricing' }),
    );
    await waitFor(() => expect(fake.calls.filter((call) => call === 'GET /leads/lead-7')).toHaveLength(2));
  });

  it('shows the API’s message for a lead that does not exist', async () => {
    installFakeBackground(({ path }) =>
      path === '/leads/nope' ? apiError(404, 'not_found', 'Lead not found') : undefined,
    );
    render(<LeadScreen {...propsFor('nope')} />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Lead not found');
    expect(screen.queryByTestId('lead-card')).toBeNull();
  });

  it('says so when the address names no lead', async () => {
    const fake = installFakeBackground(() => undefined);
    render(<LeadScreen {...propsFor(undefined)} />);
    expect((await screen.findByRole('alert')).textContent).toContain('No lead is named in the address');
    expect(fake.calls).toEqual([]);
  });
});
