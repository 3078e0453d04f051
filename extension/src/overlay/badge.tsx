import type { LookupResult } from '@leadlight/contract';
import { formatScore, formatStage } from './format';

export type LookupView = LookupResult | { status: 'loading' } | { status: 'error'; message: string };

/**
 * A capture the API refused, as the overlay shows it until the page is left: kept for review when the lookup now
 * finds the lead (the gate stores refused leads in the review queue), refused outright when it still finds none.
 */
export interface CaptureRefusal {
  reasons: string[];
}

export function isKeptForReview(refusal: CaptureRefusal | null, lookup: LookupView): boolean {
  return refusal !== null && lookup.status === 'found';
}

interface BadgeProps {
  lookup: LookupView;
  isOpen: boolean;
  cardId: string;
  onToggle: () => void;
  buttonRef?: { current: HTMLButtonElement | null };
  refusal?: CaptureRefusal | null;
}

/** The always-visible part of the overlay: stage, score, grade and SLA warning, or what to do next. */
export function Badge({ lookup, isOpen, cardId, onToggle, buttonRef, refusal = null }: BadgeProps) {
  return (
    <button
      ref={buttonRef}
      type="button"
      class="ll-badge"
      data-testid="overlay-badge"
      aria-expanded={isOpen}
      aria-controls={cardId}
      aria-label={describeBadge(lookup, refusal)}
      onClick={onToggle}
    >
      <span aria-hidden="true">Leadlight</span>
      {refusal && (lookup.status === 'found' || lookup.status === 'not_found') ? (
        <span class="ll-warn" data-testid="badge-refused">
          {isKeptForReview(refusal, lookup) ? 'Kept for review' : 'Capture refused'}
        </span>
      ) : (
        <BadgeContent lookup={lookup} />
      )}
    </button>
  );
}

function BadgeContent({ lookup }: { lookup: LookupView }) {
  switch (lookup.status) {
    case 'found': {
      const { card } = lookup;
      return (
        <>
          <span class="ll-stage" data-testid="badge-stage">
            {formatStage(card.stage)}
          </span>
          <span data-testid="badge-score">{formatScore(card.score)}</span>
          {card.grade ? (
            <span class="ll-grade" data-testid="badge-grade">
              {card.grade}
            </span>
          ) : null}
          {card.sla.state === 'breached' || card.sla.state === 'due_soon' ? (
            <span class="ll-warn" data-testid="badge-sla">
              {card.sla.state === 'breached' ? 'SLA breached' : 'SLA due soon'}
            </span>
          ) : null}
        </>
      );
    }
    case 'not_found':
      return <span data-testid="badge-unknown">New prospect · capture</span>;
    case 'signed_out':
      return <span class="ll-muted">Sign in</span>;
    case 'loading':
      return <span class="ll-muted">…</span>;
    case 'unreachable':
    case 'error':
      return <span class="ll-warn">Offline</span>;
  }
}

export function describeBadge(lookup: LookupView, refusal: CaptureRefusal | null = null): string {
  if (refusal && (lookup.status === 'found' || lookup.status === 'not_found')) {
    const state = isKeptForReview(refusal, lookup) ? 'capture kept for review' : 'capture refused';
    return `Leadlight: ${state}: ${refusal.reasons.join('; ')}`;
  }
  switch (lookup.status) {
    case 'found': {
      const { card } = lookup;
      const grade = card.grade ? `, grade ${card.grade}` : '';
      const sla =
        card.sla.state === 'breached'
          ? ', SLA breached'
          : card.sla.state === 'due_soon'
            ? ', SLA due soon'
            : '';
      return `Leadlight: ${formatStage(card.stage)}, score ${formatScore(card.score)}${grade}${sla}`;
    }
    case 'not_found':
      return 'Leadlight: unknown prospect, open to capture as lead';
    case 'signed_out':
      return 'Leadlight: signed out, open the extension popup to sign in';
    case 'loading':
      return 'Leadlight: looking up';
    case 'unreachable':
    case 'error':
      return `Leadlight: ${lookup.message}`;
  }
}
