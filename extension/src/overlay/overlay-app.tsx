import type { OutboxState, Prospect } from '@leadlight/contract';
import type { ComponentType } from 'preact';
import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { onTabMessage, sendRequest } from '@/lib/messages';
import { Badge, type CaptureRefusal, isKeptForReview, type LookupView } from './badge';
import type { CardBodyProps } from './card';
import { describeOutbox } from './format';
import { type InitialLookup, requestLookup } from './lookup';

export interface OverlayAppProps {
  prospect: Prospect;
  /** Bumped by the keyboard shortcut: opens the card with the notes box focused. */
  notesRequest: number;
  /** Loads the card's code; the badge renders without it. */
  loadCard?: () => Promise<ComponentType<CardBodyProps>>;
  /** A lookup the content script started for this prospect before this render (read once, at mount). */
  initialLookup?: InitialLookup;
  /** The outbox state asked for while the page loaded; shown until the answer after the lookup replaces it. */
  initialOutbox?: Promise<OutboxState | null>;
}

const loadCardModule = () => import('./card').then((module) => module.CardBody);

/** The root of the overlay in the shadow root: the badge always, the card when opened. */
export function OverlayApp({
  prospect,
  notesRequest,
  loadCard = loadCardModule,
  initialLookup,
  initialOutbox,
}: OverlayAppProps) {
  const [lookup, setLookup] = useState<LookupView>(() =>
    initialLookup && 'answer' in initialLookup ? initialLookup.answer : { status: 'loading' },
  );
  const [outbox, setOutbox] = useState<OutboxState | null>(null);
  const [isOpen, setIsOpen] = useState(false);
  const [focusRequest, setFocusRequest] = useState(0);
  const [Card, setCard] = useState<ComponentType<CardBodyProps> | null>(null);
  const [refusal, setRefusal] = useState<CaptureRefusal | null>(null);
  const badgeRef = useRef<HTMLButtonElement>(null);
  const cardRef = useRef<HTMLDivElement>(null);
  const cardId = useId();

  const latestRefresh = useRef(0);
  const pendingInitialLookup = useRef(initialLookup);
  const refresh = useCallback(async () => {
    const refreshId = ++latestRefresh.current;
    const started = pendingInitialLookup.current;
    pendingInitialLookup.current = undefined;
    const next = !started
      ? await requestLookup(prospect)
      : 'answer' in started
        ? started.answer
        : await started.pending;
    // A slower earlier answer must not overwrite a newer one (a note saved while the first lookup was in flight).
    if (refreshId === latestRefresh.current) setLookup(next);
    // What waits to sync is secondary: not knowing it must not hide the lead.
    setOutbox(await sendRequest({ type: 'outbox.get' }).catch(() => null));
  }, [prospect]);

  // A layout effect, run as the overlay renders: Preact runs plain effects after the next animation frame, and the
  // answer of a lookup already under way must not wait for that frame (measured: up to 100 ms on a loading page).
  useLayoutEffect(() => {
    const started = pendingInitialLookup.current;
    if (!started || !('answer' in started)) setLookup({ status: 'loading' });
    void refresh();
  }, [refresh]);

  const pendingInitialOutbox = useRef(initialOutbox);
  useLayoutEffect(() => {
    void pendingInitialOutbox.current?.then((state) => {
      if (state) setOutbox((current) => current ?? state);
    });
  }, []);

  useEffect(
    () =>
      onTabMessage((message) => {
        if (message.type === 'outbox.changed') setOutbox(message.state);
        if (message.type === 'session.changed') void refresh();
        return undefined;
      }),
    [refresh],
  );

  const open = useCallback(async () => {
    setIsOpen(true);
    if (!Card) {
      const loaded = await loadCard();
      setCard(() => loaded);
    }
  }, [Card, loadCard]);

  useEffect(() => {
    if (notesRequest === 0) return;
    void open().then(() => setFocusRequest((count) => count + 1));
  }, [notesRequest]);

  useEffect(() => {
    if (isOpen && Card && focusRequest === 0) cardRef.current?.focus();
  }, [isOpen, Card]);

  // Escape closes the card from anywhere in the overlay (the badge included), never from the host page.
  const rootRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const root = rootRef.current;
    if (!root || !isOpen) return;
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.stopPropagation();
      close();
    };
    root.addEventListener('keydown', closeOnEscape);
    return () => root.removeEventListener('keydown', closeOnEscape);
  }, [isOpen]);

  const shouldRestoreFocus = useRef(false);
  useEffect(() => {
    // After the card is gone from the DOM, so the focus is not lost with it.
    if (!isOpen && shouldRestoreFocus.current) {
      shouldRestoreFocus.current = false;
      badgeRef.current?.focus();
    }
  }, [isOpen]);

  function close() {
    shouldRestoreFocus.current = true;
    setIsOpen(false);
  }

  const waiting = describeOutbox(outbox);
  const card = lookup.status === 'found' ? lookup.card : null;
  const canShowCard = lookup.status === 'found' || lookup.status === 'not_found';

  return (
    <div class="ll-theme ll-root" ref={rootRef}>
      {isOpen ? (
        <div
          id={cardId}
          ref={cardRef}
          class="ll-card"
          role="dialog"
          aria-labelledby="ll-card-title"
          tabIndex={-1}
          data-testid="overlay-card"
        >
          <div class="ll-header">
            <span class="ll-muted">Leadlight</span>
            <button type="button" aria-label="Close Leadlight card" data-testid="card-close" onClick={close}>
              ×
            </button>
          </div>
          {waiting ? (
            <p role="status" class="ll-warn" data-testid="outbox-status">
              {waiting}
            </p>
          ) : null}
          {!canShowCard ? (
            <p id="ll-card-title" data-testid="card-message">
              {lookup.status === 'signed_out'
                ? 'Sign in from the Leadlight button in the browser toolbar.'
                : lookup.status === 'loading'
                  ? 'Looking up…'
                  : `The Leadlight server cannot be reached: ${lookup.message}`}
            </p>
          ) : Card ? (
            <>
              {isKeptForReview(refusal, lookup) ? (
                <div role="status" class="ll-warn" data-testid="card-refusal">
                  <p>Kept for review: marketing will reconsider or confirm this lead.</p>
                  <ul class="ll-errors">
                    {refusal?.reasons.map((reason) => (
                      <li key={reason}>{reason}</li>
                    ))}
                  </ul>
                </div>
              ) : null}
              <Card
                card={card}
                prospect={prospect}
                focusRequest={focusRequest}
                onChanged={() => void refresh()}
                onCaptured={(result) => {
                  setRefusal(null);
                  if (result.status !== 'queued') void refresh();
                }}
                onCaptureRefused={(reasons) => {
                  // The gate keeps a refused lead for review: the lookup then finds it, and that is what tells apart
                  // "kept for review" from a refusal that stored nothing. Shown once known, not guessed before.
                  void refresh().then(() => setRefusal({ reasons }));
                }}
              />
            </>
          ) : (
            <p id="ll-card-title">Loading…</p>
          )}
        </div>
      ) : null}
      {!isOpen && waiting ? (
        <span class="ll-muted" data-testid="outbox-status-badge">
          {waiting}
        </span>
      ) : null}
      <Badge
        lookup={lookup}
        isOpen={isOpen}
        cardId={cardId}
        buttonRef={badgeRef}
        refusal={refusal}
        onToggle={() => (isOpen ? close() : void open())}
      />
    </div>
  );
}
