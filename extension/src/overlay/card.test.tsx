import type { ExtensionRequest, LeadCard, Prospect } from '@leadlight/contract';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { emptyOutboxState } from '@/lib/testing/outbox-state';
import { CardBody } from './card';

const prospect: Prospect = {
  site: 'linkedin',
  pageUrl: 'https://www.linkedin.com/in/ada/',
  fullName: 'Ada Lovelace',
  linkedinUrl: 'https://www.linkedin.com/in/ada/',
};

const card: LeadCard = {
  leadId: 'lead-7',
  name: 'Ada Lovelace',
  companyName: 'Acme',
  stage: 'mql',
  score: 72,
  grade: 'B',
  contributions: [],
  flags: [],
  nextAction: 'call',
  attempts: { made: 0, required: 5 },
  sla: { state: 'ok' },
  checklist: [],
  history: [],
};

let sent: ExtensionRequest[];

beforeEach(() => {
  fakeBrowser.reset();
  sent = [];
  fakeBrowser.runtime.onMessage.addListener((message: unknown) => {
    const request = message as ExtensionRequest;
    if (!request || typeof request !== 'object' || !('type' in request) || request.type.includes('.changed'))
      return undefined;
    sent.push(request);
    return Promise.resolve({ ok: true, data: request.type === 'outbox.get' ? emptyOutboxState : null });
  });
});

afterEach(cleanup);

function renderCard(extra: { hasDashboardLink?: boolean } = {}) {
  render(
    <CardBody
      card={card}
      prospect={prospect}
      focusRequest={0}
      onChanged={() => undefined}
      onCaptured={() => undefined}
      {...extra}
    />,
  );
}

describe('card body', () => {
  it('offers the dashboard by default (the overlay), which opens this lead', async () => {
    renderCard();
    fireEvent.click(screen.getByRole('button', { name: 'Open in dashboard' }));
    await waitFor(() => expect(sent).toContainEqual({ type: 'dashboard.open', leadId: 'lead-7' }));
  });

  it('leaves the dashboard link out where the card is already in the dashboard', () => {
    renderCard({ hasDashboardLink: false });
    expect(screen.getByTestId('card-name').textContent).toBe('Ada Lovelace');
    expect(screen.queryByTestId('dashboard-link')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Open in dashboard' })).toBeNull();
  });
});
