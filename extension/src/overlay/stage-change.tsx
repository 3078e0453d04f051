import type { LeadCard, Stage } from '@leadlight/contract';
import { useState } from 'preact/hooks';
import { sendRequest } from '@/lib/messages';
import { formatStage } from './format';
import { useWrite, WriteStatusLine } from './use-write';

const stageOrder: Stage[] = [
  'inquiry',
  'mql',
  'sal',
  'sql',
  'opportunity',
  'won',
  'lost',
  'nurture',
  'disqualified',
];

/** Reason codes offered per target stage; disqualify, nurture and lost need one (the API enforces it too). */
export const stageReasons: Partial<Record<Stage, { code: string; label: string }[]>> = {
  disqualified: [
    { code: 'no_budget', label: 'No budget' },
    { code: 'no_authority', label: 'Not a decision maker' },
    { code: 'no_need', label: 'No need' },
    { code: 'bad_data', label: 'Bad or fake data' },
    { code: 'competitor', label: 'Competitor or partner' },
    { code: 'other', label: 'Other' },
  ],
  nurture: [
    { code: 'not_now', label: 'Not now, later' },
    { code: 'no_budget', label: 'No budget yet' },
    { code: 'no_response', label: 'No response after all attempts' },
    { code: 'other', label: 'Other' },
  ],
  lost: [
    { code: 'price', label: 'Price' },
    { code: 'competitor', label: 'Chose a competitor' },
    { code: 'no_decision', label: 'No decision' },
    { code: 'timing', label: 'Timing' },
    { code: 'other', label: 'Other' },
  ],
};

export function StageChange({ card, onChanged }: { card: LeadCard; onChanged: () => void }) {
  const [to, setTo] = useState<Stage>(card.stage);
  const [reasonCode, setReasonCode] = useState('');
  const [reasonText, setReasonText] = useState('');
  const { status, run } = useWrite(onChanged);
  const reasons = stageReasons[to] ?? [];
  const needsReason = reasons.length > 0;
  const canSubmit = to !== card.stage && (!needsReason || reasonCode !== '');

  return (
    <section aria-labelledby="ll-stage-title">
      <h3 id="ll-stage-title">Stage</h3>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!canSubmit) return;
          void run(
            () =>
              sendRequest({
                type: 'stage.move',
                leadId: card.leadId,
                to,
                reasonCode: reasonCode || undefined,
                reasonText: reasonText.trim() || undefined,
              }),
            `Moved to ${formatStage(to)}`,
          );
        }}
      >
        <label class="ll-field">
          Move to
          <select
            data-testid="stage-select"
            value={to}
            onChange={(event) => {
              setTo(event.currentTarget.value as Stage);
              setReasonCode('');
            }}
          >
            {stageOrder.map((stage) => (
              <option key={stage} value={stage}>
                {formatStage(stage)}
                {stage === card.stage ? ' (current)' : ''}
              </option>
            ))}
          </select>
        </label>
        {needsReason ? (
          <label class="ll-field">
            Reason
            <select
              data-testid="stage-reason"
              required
              value={reasonCode}
              onChange={(event) => setReasonCode(event.currentTarget.value)}
            >
              <option value="">Choose a reason…</option>
              {reasons.map((reason) => (
                <option key={reason.code} value={reason.code}>
                  {reason.label}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {to !== card.stage ? (
          <label class="ll-field">
            Details {needsReason ? '' : '(optional)'}
            <input
              data-testid="stage-reason-text"
              maxLength={2000}
              value={reasonText}
              onInput={(event) => setReasonText(event.currentTarget.value)}
            />
          </label>
        ) : null}
        <button type="submit" data-testid="stage-submit" disabled={!canSubmit}>
          Move stage
        </button>
      </form>
      <WriteStatusLine status={status} testId="stage-status" />
    </section>
  );
}
