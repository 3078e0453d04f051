import type { ExtensionRequest, LeadCard, Prospect } from '@leadlight/contract';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { emptyOutboxState } from '@/lib/testing/outbox-state';
import { describeOutbox } from './format';
import { OverlayApp } from './overlay-app';

const hostile = '<img src=x onerror=alert(1)>';

const prospect: Prospect = {
  site: 'linkedin',
  pageUrl: 'https://www.linkedin.com/in/ada/',
  fullName: 'Ada Lovelace',
  headline: 'Director of Engineering at Acme',
  companyName: 'Acme',
  linkedinUrl: 'https://www.linkedin.com/in/ada/',
};

function makeCard(overrides: Partial<LeadCard> = {}): LeadCard {
  return {
    leadId: 'lead-7',
    name: 'Ada Lovelace',
    companyName: 'Acme',
    stage: 'mql',
    score: 72.4,
    grade: 'B',
    contributions: [
      { label: 'Director title', points: 20 },
      { label: 'Free email domain', points: -5 },
    ],
    flags: [],
    nextAction: 'call',
    attempts: { made: 2, required: 5 },
    sla: { state: 'breached' },
    checklist: [{ id: 'budget', label: 'Budget', state: 'unknown' }],
    history: [{ at: '2026-01-01T09:00:00Z', summary: 'Stage → MQL' }],
    ...overrides,
  };
}

/** The background's side of the protocol, scripted per test: records what the overlay sent. */
let sent: ExtensionRequest[];
let answer: (request: ExtensionRequest) => unknown;

beforeEach(() => {
  fakeBrowser.reset();
  sent = [];
  answer = () => null;
  fakeBrowser.runtime.onMessage.addListener((message: unknown) => {
    const request = message as ExtensionRequest;
    sent.push(request);
    if (request.type === 'outbox.get') return Promise.resolve({ ok: true, data: emptyOutboxState });
    if (!('type' in request) || request.type.includes('.changed')) return undefined; // a tab message, not for us
    return Promise.resolve(answer(request)).then((data) => ({ ok: true, data }));
  });
});

afterEach(cleanup);

async function openCard() {
  fireEvent.click(await screen.findByTestId('overlay-badge'));
  return screen.findByTestId('overlay-card');
}

describe('badge', () => {
  it('shows stage, score, grade and the SLA warning, with an accessible name', async () => {
    answer = () => ({ status: 'found', card: makeCard() });
    render(<OverlayApp prospect={prospect} notesRequest={0} />);

    const badge = await screen.findByRole('button', {
      name: 'Leadlight: MQL, score 72, grade B, SLA breached',
    });
    expect(badge.getAttribute('aria-expanded')).toBe('false');
    expect(screen.getByTestId('badge-stage').textContent).toBe('MQL');
    expect(screen.getByTestId('badge-score').textContent).toBe('72');
    expect(screen.getByTestId('badge-sla').textContent).toBe('SLA breached');
    expect(sent[0]).toEqual({ type: 'prospect.lookup', prospect });
  });

  it('keeps the newest answer when an older lookup answers last', async () => {
    let releaseSlow: (() => void) | undefined;
    let calls = 0;
    answer = () => {
      calls += 1;
      if (calls === 2) {
        // The second lookup is slow and, when it finally answers, out of date.
        return new Promise((resolve) => {
          releaseSlow = () => resolve({ status: 'found', card: makeCard({ stage: 'won' }) });
        });
      }
      return { status: 'found', card: makeCard({ stage: calls === 1 ? 'mql' : 'sal' }) };
    };
    render(<OverlayApp prospect={prospect} notesRequest={0} />);
    await waitFor(() => expect(screen.getByTestId('badge-stage').textContent).toBe('MQL'));

    const fromBackground = { id: fakeBrowser.runtime.id };
    await fakeBrowser.runtime.onMessage.trigger({ type: 'session.changed' }, fromBackground);
    await fakeBrowser.runtime.onMessage.trigger({ type: 'session.changed' }, fromBackground);
    await waitFor(() => expect(screen.getByTestId('badge-stage').textContent).toBe('SAL'));
    releaseSlow?.();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.getByTestId('badge-stage').textContent).toBe('SAL');
  });

  it('shows a lookup answer the content script already has in its first render, without asking again', async () => {
    answer = () => ({ status: 'found', card: makeCard({ stage: 'sal' }) });
    render(
      <OverlayApp
        prospect={prospect}
        notesRequest={0}
        initialLookup={{ answer: { status: 'found', card: makeCard() } }}
      />,
    );
    expect(screen.getByTestId('badge-stage').textContent).toBe('MQL'); // synchronously: no loading frame
    await waitFor(() => expect(sent.some((request) => request.type === 'outbox.get')).toBe(true));
    expect(sent.some((request) => request.type === 'prospect.lookup')).toBe(false);
    expect(screen.getByTestId('badge-stage').textContent).toBe('MQL');
  });

  it('says what to do when signed out', async () => {
    answer = () => ({ status: 'signed_out' });
    render(<OverlayApp prospect={prospect} notesRequest={0} />);
    await screen.findByRole('button', { name: /signed out/ });
  });
});

describe('card', () => {
  it('renders page and API text as text, never as markup', async () => {
    answer = () => ({
      status: 'found',
      card: makeCard({
        name: hostile,
        contributions: [{ label: hostile, points: 3 }],
        history: [{ at: '2026-01-01T09:00:00Z', summary: hostile, by: hostile }],
        checklist: [{ id: 'x', label: hostile, state: 'unknown' }],
      }),
    });
    const { container } = render(
      <OverlayApp prospect={{ ...prospect, fullName: hostile }} notesRequest={0} />,
    );
    const card = await openCard();
    await screen.findByTestId('card-name');

    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByTestId('card-name').textContent).toBe(hostile);
    expect(card.textContent).toContain(hostile);
  });

  it('explains the score, shows the attempt counter and closes on Escape, returning focus to the badge', async () => {
    answer = () => ({ status: 'found', card: makeCard() });
    render(<OverlayApp prospect={prospect} notesRequest={0} />);
    const card = await openCard();

    expect(card.getAttribute('role')).toBe('dialog');
    expect((await screen.findByTestId('card-why')).textContent).toContain('+20 Director title');
    expect(screen.getByTestId('card-why').textContent).toContain('−5 Free email domain');
    expect(screen.getByTestId('attempt-counter').textContent).toContain('attempt 3 of 5');

    fireEvent.keyDown(card, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('overlay-card')).toBeNull());
    expect(document.activeElement).toBe(screen.getByTestId('overlay-badge'));
  });

  it('saves a note with Ctrl+Enter and says when it is kept offline', async () => {
    answer = (request) =>
      request.type === 'prospect.lookup'
        ? { status: 'found', card: makeCard() }
        : { status: 'queued', entryId: 'e1' };
    render(<OverlayApp prospect={prospect} notesRequest={0} />);
    await openCard();
    const box = await screen.findByRole('textbox', { name: 'Note about this prospect' });

    fireEvent.input(box, { target: { value: 'Asked for a demo next week' } });
    fireEvent.keyDown(box, { key: 'Enter', ctrlKey: true });

    await waitFor(() =>
      expect(sent).toContainEqual({ type: 'note.add', leadId: 'lead-7', body: 'Asked for a demo next week' }),
    );
    expect((await screen.findByTestId('notes-status')).textContent).toMatch(/offline/);
    expect((box as HTMLTextAreaElement).value).toBe('');
  });

  it('opens with the notes box focused when the keyboard shortcut asks', async () => {
    answer = () => ({ status: 'found', card: makeCard() });
    const { rerender } = render(<OverlayApp prospect={prospect} notesRequest={0} />);
    await screen.findByTestId('badge-stage');
    rerender(<OverlayApp prospect={prospect} notesRequest={1} />);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('notes-input')));
  });

  it('records a one-click follow-up and moves a checklist item one step', async () => {
    answer = (request) =>
      request.type === 'prospect.lookup' ? { status: 'found', card: makeCard() } : { status: 'sent' };
    render(<OverlayApp prospect={prospect} notesRequest={0} />);
    await openCard();

    fireEvent.click(await screen.findByRole('button', { name: 'Left voicemail' }));
    await waitFor(() =>
      expect(sent).toContainEqual({ type: 'followUp.add', leadId: 'lead-7', followUp: 'left_voicemail' }),
    );

    fireEvent.click(screen.getByRole('button', { name: 'Budget: unknown. Mark claimed' }));
    await waitFor(() =>
      expect(sent).toContainEqual({
        type: 'qualification.set',
        leadId: 'lead-7',
        itemId: 'budget',
        state: 'claimed',
      }),
    );

    // Escape from any control in the card closes it.
    fireEvent.keyDown(screen.getByRole('button', { name: 'Left voicemail' }), { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('overlay-card')).toBeNull());
  });

  it('asks for a reason before disqualifying', async () => {
    answer = (request) =>
      request.type === 'prospect.lookup' ? { status: 'found', card: makeCard() } : { status: 'sent' };
    render(<OverlayApp prospect={prospect} notesRequest={0} />);
    await openCard();

    fireEvent.change(await screen.findByTestId('stage-select'), { target: { value: 'disqualified' } });
    const submit = screen.getByTestId('stage-submit') as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    fireEvent.change(screen.getByTestId('stage-reason'), { target: { value: 'no_budget' } });
    expect(submit.disabled).toBe(false);
    fireEvent.click(submit);

    await waitFor(() =>
      expect(sent).toContainEqual({
        type: 'stage.move',
        leadId: 'lead-7',
        to: 'disqualified',
        reasonCode: 'no_budget',
        reasonText: undefined,
      }),
    );
  });
});

describe('capture', () => {
  it('prefills the form from the page and shows the gate reasons inline', async () => {
    answer = (request) =>
      request.type === 'prospect.lookup'
        ? { status: 'not_found' }
        : { status: 'rejected', reasons: ['An email or phone is required'] };
    render(<OverlayApp prospect={prospect} notesRequest={0} />);
    await screen.findByTestId('badge-unknown');
    await openCard();

    const name = (await screen.findByRole('textbox', { name: 'Name' })) as HTMLInputElement;
    expect(name.value).toBe('Ada Lovelace');
    expect((screen.getByRole('textbox', { name: 'Title' }) as HTMLInputElement).value).toBe(
      'Director of Engineering at Acme',
    );
    fireEvent.input(screen.getByTestId('capture-tags'), { target: { value: 'webinar, q3 ,webinar' } });
    fireEvent.click(screen.getByTestId('capture-submit'));

    expect((await screen.findByRole('alert')).textContent).toContain('An email or phone is required');
    const capture = sent.find((request) => request.type === 'lead.capture');
    expect(capture).toMatchObject({
      draft: { fullName: 'Ada Lovelace', companyName: 'Acme', tags: ['webinar', 'q3'], site: 'linkedin' },
    });
  });
});

describe('a capture the gate refuses', () => {
  const gateReasons = ['The lead did not pass the gate; it waits in the review queue', 'Free email domain'];

  it('puts the badge on "kept for review" with the reasons when the API kept the lead', async () => {
    let isCaptured = false;
    answer = (request) => {
      if (request.type === 'lead.capture') {
        isCaptured = true; // the gate stores the lead in the review queue, and refuses
        return { status: 'rejected', reasons: gateReasons };
      }
      return isCaptured
        ? { status: 'found', card: makeCard({ stage: 'inquiry', nextAction: 'in review' }) }
        : { status: 'not_found' };
    };
    render(<OverlayApp prospect={prospect} notesRequest={0} />);
    await screen.findByTestId('badge-unknown');
    await openCard();
    fireEvent.click(await screen.findByTestId('capture-submit'));

    expect((await screen.findByTestId('badge-refused')).textContent).toBe('Kept for review');
    expect(screen.queryByTestId('badge-unknown')).toBeNull();
    expect(screen.getByTestId('overlay-badge').getAttribute('aria-label')).toBe(
      `Leadlight: capture kept for review: ${gateReasons.join('; ')}`,
    );
    const refusal = await screen.findByTestId('card-refusal');
    for (const reason of gateReasons) expect(refusal.textContent).toContain(reason);
    expect(screen.queryByTestId('capture-form')).toBeNull();
  });

  it('says "capture refused" and keeps the form with its reasons when nothing was stored', async () => {
    answer = (request) =>
      request.type === 'lead.capture'
        ? { status: 'rejected', reasons: ['An email or phone is required'] }
        : { status: 'not_found' };
    render(<OverlayApp prospect={prospect} notesRequest={0} />);
    await screen.findByTestId('badge-unknown');
    await openCard();
    fireEvent.click(await screen.findByTestId('capture-submit'));

    expect((await screen.findByTestId('badge-refused')).textContent).toBe('Capture refused');
    expect(screen.getByTestId('capture-reasons').textContent).toContain('An email or phone is required');
    expect(screen.queryByTestId('card-refusal')).toBeNull();
  });
});

describe('describeOutbox', () => {
  it('says what waits, per kind', () => {
    expect(describeOutbox(emptyOutboxState)).toBeNull();
    expect(
      describeOutbox({
        ...emptyOutboxState,
        waiting: { ...emptyOutboxState.waiting, note: 2 },
        waitingTotal: 2,
      }),
    ).toBe('2 notes waiting to sync');
    expect(
      describeOutbox({
        ...emptyOutboxState,
        waiting: { ...emptyOutboxState.waiting, note: 1, followUp: 1, capture: 3 },
        waitingTotal: 5,
      }),
    ).toBe('1 note, 1 follow-up and 3 captures waiting to sync');
  });
});
