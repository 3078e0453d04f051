import type {
  CaptureDraft,
  CreateFollowUpRequest,
  CreateNoteRequest,
  MoveStageRequest,
  QualificationState,
  QuickFollowUp,
  SetQualificationRequest,
  Stage,
} from '@leadlight/contract';
import { apiBasePath } from './api-client';
import type { StoredRequest } from './storage';

/*
 * The API requests behind each write the overlay makes, built once at enqueue time and stored in the outbox
 * as plain data. Bodies are typed with the API's request schemas in packages/contract/src/api.
 */

// Contract: CreateFollowUpRequest. An email just sent has no answer yet: recorded as no_answer until a reply comes.
const followUpBodies: Record<QuickFollowUp, CreateFollowUpRequest> = {
  called_no_answer: { channel: 'call', outcome: 'no_answer' },
  left_voicemail: { channel: 'voicemail', outcome: 'left_voicemail' },
  emailed: { channel: 'email', outcome: 'no_answer' },
  connected: { channel: 'call', outcome: 'connected' },
  meeting_booked: { channel: 'meeting', outcome: 'meeting_booked' },
};

export const quickFollowUpLabels: Record<QuickFollowUp, string> = {
  called_no_answer: 'Called — no answer',
  left_voicemail: 'Left voicemail',
  emailed: 'Emailed',
  connected: 'Connected',
  meeting_booked: 'Meeting booked',
};

const leadPath = (leadId: string) => `${apiBasePath}/leads/${encodeURIComponent(leadId)}`;

export function buildNoteRequest(leadId: string, body: string): StoredRequest {
  const request: CreateNoteRequest = { body };
  return { method: 'POST', path: `${leadPath(leadId)}/notes`, body: request };
}

export function buildFollowUpRequest(leadId: string, followUp: QuickFollowUp): StoredRequest {
  return { method: 'POST', path: `${leadPath(leadId)}/follow-ups`, body: followUpBodies[followUp] };
}

export function buildQualificationRequest(
  leadId: string,
  itemId: string,
  state: QualificationState,
): StoredRequest {
  const request: SetQualificationRequest = { state };
  return {
    method: 'PUT',
    path: `${leadPath(leadId)}/qualification/${encodeURIComponent(itemId)}`,
    body: request,
  };
}

export function buildStageRequest(
  leadId: string,
  to: Stage,
  reasonCode: string | undefined,
  reasonText: string | undefined,
): StoredRequest {
  const request: MoveStageRequest = { to };
  if (reasonCode) request.reasonCode = reasonCode;
  if (reasonText) request.reasonText = reasonText;
  return { method: 'POST', path: `${leadPath(leadId)}/stage`, body: request };
}

/** A capture (contract: CaptureLeadRequest); 409 means the person is a lead already, which is what the user wanted. */
export function buildCaptureRequest(draft: CaptureDraft): StoredRequest {
  return { method: 'POST', path: `${apiBasePath}/leads/capture`, body: draft, acceptStatuses: [409] };
}

export function summarizeText(text: string, max = 60): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}
