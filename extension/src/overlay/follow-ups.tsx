import type { LeadCard, QuickFollowUp } from '@leadlight/contract';
import { quickFollowUpLabels } from '@/lib/api-requests';
import { sendRequest } from '@/lib/messages';
import { useWrite, WriteStatusLine } from './use-write';

// Not the contract's list: a value import from contract would pull zod into the content script.
const followUps = Object.keys(quickFollowUpLabels) as QuickFollowUp[];

/** One click records a touch; the counter says which attempt the next one is. */
export function FollowUps({ card, onChanged }: { card: LeadCard; onChanged: () => void }) {
  const { status, run } = useWrite(onChanged);
  const { made, required } = card.attempts;
  const next = Math.min(made + 1, Math.max(required, made + 1));
  return (
    <section aria-labelledby="ll-followups-title">
      <h3 id="ll-followups-title">Follow-up</h3>
      <p data-testid="attempt-counter">
        {made >= required ? `${made} of ${required} attempts made` : `attempt ${next} of ${required}`}
      </p>
      <div class="ll-row">
        {followUps.map((followUp) => (
          <button
            key={followUp}
            type="button"
            data-testid={`followup-${followUp}`}
            aria-disabled={status.state === 'busy'}
            onClick={() =>
              void run(
                () => sendRequest({ type: 'followUp.add', leadId: card.leadId, followUp }),
                `${quickFollowUpLabels[followUp]} recorded`,
              )
            }
          >
            {quickFollowUpLabels[followUp]}
          </button>
        ))}
      </div>
      <WriteStatusLine status={status} testId="followup-status" />
    </section>
  );
}
