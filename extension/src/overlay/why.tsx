import type { LeadCard } from '@leadlight/contract';
import { formatWhen } from './format';

/** The contributions behind the score: what the rules saw, with their points. */
export function Why({ card }: { card: LeadCard }) {
  return (
    <section aria-labelledby="ll-why-title" data-testid="card-why">
      <h3 id="ll-why-title">Why this score</h3>
      {card.contributions.length === 0 ? (
        <p class="ll-muted">No rule contributed yet.</p>
      ) : (
        <ul>
          {card.contributions.map((contribution, index) => (
            <li key={`${index}-${contribution.label}`}>
              <span class={contribution.points >= 0 ? 'll-points-pos' : 'll-points-neg'}>
                {contribution.points >= 0 ? '+' : '−'}
                {Math.abs(contribution.points)}
              </span>{' '}
              {contribution.label}
            </li>
          ))}
        </ul>
      )}
      {card.flags.length > 0 ? (
        <p data-testid="card-flags">
          {card.flags.map((flag) => (
            <span key={flag} class="ll-warn">
              {flag}{' '}
            </span>
          ))}
        </p>
      ) : null}
    </section>
  );
}

export function Timeline({ card }: { card: LeadCard }) {
  return (
    <section aria-labelledby="ll-history-title" data-testid="card-history">
      <h3 id="ll-history-title">History</h3>
      {card.history.length === 0 ? (
        <p class="ll-muted">Nothing yet.</p>
      ) : (
        <ol>
          {card.history.map((entry, index) => (
            <li key={`${index}-${entry.at}`}>
              <time dateTime={entry.at} class="ll-muted">
                {formatWhen(entry.at)}
              </time>{' '}
              {entry.summary}
              {entry.by ? <span class="ll-muted"> — {entry.by}</span> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
