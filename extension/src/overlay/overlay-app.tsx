import type { OutboxState, Prospect } from '@leadlight/contract';
import type { ComponentType } from 'preact';
import { useCallback, useEffect, useId, useRef, useState } from 'preact/hooks';
import { MessageFailure, onTabMessage, sendRequest } from '@/lib/messages';
import { Badge, type LookupView } from './badge';
import type { CardBodyProps } from './card';
import { describeOutbox } from './format';

export interface OverlayAppProps {
  prospect: Prospect;
  /** Bumped by the keyboard shortcut: opens the card with the notes box focused. */
  notesRequest: number;
  /** Loads the card's code; the badge renders without it. */
  loadCard?: () => Promise<ComponentType<CardBodyProps>>;
}

const loadCardModule = () => import('./card').then((module) => module.CardBody);

/** The root of the overlay in the shadow root: the badge always, the card when opened. */
export function OverlayApp({ prospect, notesRequest, loadCard = loadCardModule }: OverlayAppProps) {
  const [lookup, setLookup] = useState<LookupView>({ status: 'loading' });
  const [outbox, setOutbox] = useState<OutboxState | null>(null);
  const [isOpen, setIsOpen] = useState(false);
  const [focusRequest, setFocusRequest] = useState(0);
  const [Card, setCard] = useState<ComponentType<CardBodyProps> | null>(null);
  const badgeRef = useRef<HTMLButtonElement>(null);
  const cardRef = useRef<HTMLDivElement>(null);
  const cardId = useId();

  const latestRefresh = useRef(0);
  const refresh = useCallback(async () => {
    const refreshId = ++latestRefresh.current;
    let next: LookupView;
    try {
      next = await sendRequest({ type: 'prospect.lookup', prospect });
    } catch (error) {
      next = { status: 'error', message: error instanceof MessageFailure ? error.message : 'Lookup failed' };
    }
    // A slower earlier answer must not overwrite a newer one (a note saved while the first lookup was in flight).
    if (refreshId === latestRefresh.current) setLookup(next);
    // What waits to sync is secondary: not knowing it must not hide the lead.
    setOutbox(await sendRequest({ type: 'outbox.get' }).catch(() => null));
  }, [prospect]);

  useEffect(() => {
    setLookup({ status: 'loading' });
    void refresh();
  }, [refresh]);

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
            <Card
              card={card}
              prospect={prospect}
              focusRequest={focusRequest}
              onChanged={() => void refresh()}
              onCaptured={(result) => {
                if (result.status !== 'queued') void refresh();
              }}
            />
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
        onToggle={() => (isOpen ? close() : void open())}
      />
    </div>
  );
}
