import type { LeadCard, QualificationState } from '@leadlight/contract';
import { sendRequest } from '@/lib/messages';
import { useWrite, WriteStatusLine } from './use-write';

const nextState: Record<QualificationState, QualificationState> = {
  unknown: 'claimed',
  claimed: 'verified',
  verified: 'unknown',
};

/** Each checklist item is one button: a click moves it unknown → claimed → verified → unknown. */
export function Checklist({ card, onChanged }: { card: LeadCard; onChanged: () => void }) {
  const { status, run } = useWrite(onChanged);
  if (card.checklist.length === 0) return null;
  return (
    <section aria-labelledby="ll-checklist-title" data-testid="card-checklist">
      <h3 id="ll-checklist-title">Qualification</h3>
      <ul>
        {card.checklist.map((item) => (
          <li key={item.id} class="ll-row">
            <button
              type="button"
              data-testid={`checklist-item-${item.id}`}
              aria-label={`${item.label}: ${item.state}. Mark ${nextState[item.state]}`}
              aria-disabled={status.state === 'busy'}
              onClick={() =>
                void run(
                  () =>
                    sendRequest({
                      type: 'qualification.set',
                      leadId: card.leadId,
                      itemId: item.id,
                      state: nextState[item.state],
                    }),
                  `${item.label} marked ${nextState[item.state]}`,
                )
              }
            >
              <span class={`ll-state-${item.state}`}>{item.state}</span>
            </button>
            <span>{item.label}</span>
          </li>
        ))}
      </ul>
      <WriteStatusLine status={status} testId="checklist-status" />
    </section>
  );
}
