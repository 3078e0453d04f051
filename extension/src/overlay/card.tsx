import type { CaptureResult, LeadCard, Prospect } from '@leadlight/contract';
import { sendRequest } from '@/lib/messages';
import { toCaptureDraft } from '@/lib/prospect-draft';
import { CaptureForm } from './capture-form';
import { Checklist } from './checklist';
import { FollowUps } from './follow-ups';
import { formatScore, formatStage } from './format';
import { NotesBox } from './notes-box';
import { StageChange } from './stage-change';
import { Timeline, Why } from './why';

export interface CardBodyProps {
  card: LeadCard | null;
  prospect: Prospect;
  focusRequest: number;
  onChanged: () => void;
  onCaptured: (result: CaptureResult) => void;
  onCaptureRefused?: (reasons: string[]) => void;
  /** The "Open in dashboard" link; off where the card is already shown in the dashboard. */
  hasDashboardLink?: boolean;
}

/** The card behind the badge: loaded only when the user opens it. */
export function CardBody({
  card,
  prospect,
  focusRequest,
  onChanged,
  onCaptured,
  onCaptureRefused,
  hasDashboardLink = true,
}: CardBodyProps) {
  if (!card) {
    return (
      <>
        <h2 id="ll-card-title">Capture {prospect.fullName ?? 'this prospect'}</h2>
        <p class="ll-muted">Not a lead yet. Check the details, then capture.</p>
        <CaptureForm draft={toCaptureDraft(prospect)} onDone={onCaptured} onRefused={onCaptureRefused} />
      </>
    );
  }
  return (
    <>
      <h2 id="ll-card-title" data-testid="card-name">
        {card.name ?? prospect.fullName ?? 'Lead'}
      </h2>
      <p>
        <span class="ll-stage">{formatStage(card.stage)}</span> · score {formatScore(card.score)}
        {card.grade ? ` · grade ${card.grade}` : ''}
        {card.companyName ? <span class="ll-muted"> · {card.companyName}</span> : null}
      </p>
      {card.nextAction ? (
        <p data-testid="card-next-action">
          Next: <strong>{card.nextAction}</strong>
        </p>
      ) : null}
      {hasDashboardLink ? (
        <button
          type="button"
          class="ll-link"
          data-testid="dashboard-link"
          onClick={() => void sendRequest({ type: 'dashboard.open', leadId: card.leadId })}
        >
          Open in dashboard
        </button>
      ) : null}
      <Why card={card} />
      <NotesBox leadId={card.leadId} focusRequest={focusRequest} onChanged={onChanged} />
      <FollowUps card={card} onChanged={onChanged} />
      <Checklist card={card} onChanged={onChanged} />
      <StageChange key={card.stage} card={card} onChanged={onChanged} />
      <Timeline card={card} />
    </>
  );
}
