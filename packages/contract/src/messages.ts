import { z } from 'zod';
import { IsoDateTimeSchema, QualificationStateSchema, StageSchema } from './lead';
import { ProspectSchema, ProspectSiteSchema } from './prospect';

/*
 * The one message protocol of the browser extension. Content scripts, the popup and extension pages send
 * `ExtensionRequest`s to the background (the only part that holds the API token and talks to the API); the
 * background sends `TabMessage`s to content scripts. Every request is validated with these schemas in the
 * background before anything happens, so a content script can never make the background do more than this.
 */

const LeadIdSchema = z.string().trim().min(1).max(100);

/** The one-click follow-ups of the overlay; the background maps each to the API's kind + outcome. */
export const quickFollowUps = [
  'called_no_answer',
  'left_voicemail',
  'emailed',
  'connected',
  'meeting_booked',
] as const;
export const QuickFollowUpSchema = z.enum(quickFollowUps);
export type QuickFollowUp = z.infer<typeof QuickFollowUpSchema>;

/** What the overlay prefills from the page and the user may edit before capturing a lead. */
export const CaptureDraftSchema = z.strictObject({
  site: ProspectSiteSchema,
  pageUrl: z.string().max(2000),
  fullName: z.string().trim().max(200).optional(),
  title: z.string().trim().max(300).optional(),
  companyName: z.string().trim().max(200).optional(),
  companyDomain: z.string().trim().max(253).optional(),
  email: z.string().trim().max(320).optional(),
  linkedinUrl: z.string().trim().max(500).optional(),
  phone: z.string().trim().max(50).optional(),
  tags: z.array(z.string().trim().min(1).max(60)).max(50).default([]),
});
export type CaptureDraft = z.infer<typeof CaptureDraftSchema>;
export type CaptureDraftInput = z.input<typeof CaptureDraftSchema>;

/** A server URL the user typed: http(s) only, no credentials, no path tricks. */
export const ServerUrlSchema = z
  .url({ protocol: /^https?$/ })
  .max(500)
  .refine((value) => {
    const url = new URL(value);
    return url.username === '' && url.password === '';
  }, 'The server URL must not contain a user name or password');

export const apiCallMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * True when a URL parser keeps every segment of the path where it is: no empty segment, no dot segment — also
 * percent-encoded, since WHATWG URLs resolve '%2e%2e' and '.%2E' like '..' — and no encoded slash or backslash
 * (a server that decodes before routing would see another path than the one checked here).
 */
function isConfinedPathname(path: string): boolean {
  const pathname = path.split('?')[0] ?? '';
  if (pathname.includes('//')) return false;
  return pathname.split('/').every((segment) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return false; // malformed percent-encoding: no telling what a server makes of it
    }
    return decoded !== '.' && decoded !== '..' && !/[/\\]/.test(decoded);
  });
}

/** An API path the dashboard may call: under /api/v1, no dot segments, no scheme or host of its own. */
export const ApiCallPathSchema = z
  .string()
  .max(4000)
  .regex(/^\/api\/v1\/[A-Za-z0-9._~%!$&'()*+,;=:@/?-]*$/, 'Only paths under /api/v1/ may be called')
  .refine(
    isConfinedPathname,
    'The path must not contain empty or dot segments (plain or percent-encoded) or encoded slashes',
  );

/**
 * The dashboard's way to the API: extension pages only (never content scripts), so the token stays in the background.
 * `upload` sends a CSV as multipart/form-data (file + optional mapping JSON), as the import route expects.
 */
export const ApiCallRequestSchema = z.strictObject({
  type: z.literal('api.call'),
  method: z.enum(apiCallMethods),
  path: ApiCallPathSchema,
  body: z.unknown().optional(),
  idempotencyKey: z.string().min(1).max(255).optional(),
  upload: z
    .strictObject({
      fileName: z.string().min(1).max(255),
      csv: z.string().max(64 * 1024 * 1024),
      mapping: z.string().max(100_000).optional(),
    })
    .optional(),
});
export type ApiCallRequest = z.infer<typeof ApiCallRequestSchema>;

/** The API's answer as it came: status, and the JSON body (or `{ text }` for a CSV or other text answer). */
export const ApiCallResultSchema = z.strictObject({ status: z.number().int(), body: z.unknown() });
export type ApiCallResult = z.infer<typeof ApiCallResultSchema>;

export const ExtensionRequestSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('prospect.lookup'), prospect: ProspectSchema }),
  z.strictObject({ type: z.literal('lead.capture'), draft: CaptureDraftSchema }),
  z.strictObject({
    type: z.literal('note.add'),
    leadId: LeadIdSchema,
    body: z.string().trim().min(1).max(10_000),
  }),
  z.strictObject({ type: z.literal('followUp.add'), leadId: LeadIdSchema, followUp: QuickFollowUpSchema }),
  z.strictObject({
    type: z.literal('qualification.set'),
    leadId: LeadIdSchema,
    itemId: z.string().trim().min(1).max(60),
    state: QualificationStateSchema,
  }),
  z.strictObject({
    type: z.literal('stage.move'),
    leadId: LeadIdSchema,
    to: StageSchema,
    reasonCode: z.string().trim().min(1).max(60).optional(),
    reasonText: z.string().trim().max(2000).optional(),
  }),
  z.strictObject({ type: z.literal('dashboard.open'), leadId: LeadIdSchema.optional() }),
  z.strictObject({ type: z.literal('outbox.get') }),
  z.strictObject({ type: z.literal('outbox.retry') }),
  z.strictObject({ type: z.literal('outbox.discard'), entryId: z.string().min(1).max(100) }),
  z.strictObject({ type: z.literal('session.get') }),
  z.strictObject({
    type: z.literal('session.test'),
    serverUrl: ServerUrlSchema,
    token: z.string().trim().min(1).max(500),
  }),
  z.strictObject({
    type: z.literal('session.signIn'),
    serverUrl: ServerUrlSchema,
    token: z.string().trim().min(1).max(500),
  }),
  z.strictObject({ type: z.literal('session.signOut') }),
  z.strictObject({ type: z.literal('alerts.get') }),
  ApiCallRequestSchema,
]);
export type ExtensionRequest = z.infer<typeof ExtensionRequestSchema>;
export type ExtensionRequestType = ExtensionRequest['type'];
/** Requests a content script may send; the others come only from extension pages (popup, dashboard). */
export const contentScriptRequestTypes = [
  'prospect.lookup',
  'lead.capture',
  'note.add',
  'followUp.add',
  'qualification.set',
  'stage.move',
  'dashboard.open',
  'outbox.get',
] as const satisfies readonly ExtensionRequestType[];

export const ContributionViewSchema = z.strictObject({
  label: z.string(),
  points: z.number(),
});
export const HistoryEntryViewSchema = z.strictObject({
  at: IsoDateTimeSchema,
  summary: z.string(),
  by: z.string().optional(),
  kind: z.string().optional(),
});
export const ChecklistItemViewSchema = z.strictObject({
  id: z.string(),
  label: z.string(),
  state: QualificationStateSchema,
});
export const slaStates = ['none', 'ok', 'due_soon', 'breached'] as const;
export const SlaStateSchema = z.enum(slaStates);

/** Everything the overlay shows about a known lead: the background builds it from the API's lookup answer. */
export const LeadCardSchema = z.strictObject({
  leadId: z.string(),
  name: z.string().optional(),
  companyName: z.string().optional(),
  stage: StageSchema,
  score: z.number().nullable(),
  grade: z.string().nullable(),
  contributions: z.array(ContributionViewSchema),
  flags: z.array(z.string()),
  nextAction: z.string().nullable(),
  attempts: z.strictObject({ made: z.number().int().nonnegative(), required: z.number().int().positive() }),
  sla: z.strictObject({ state: SlaStateSchema, dueAt: IsoDateTimeSchema.optional() }),
  checklist: z.array(ChecklistItemViewSchema),
  history: z.array(HistoryEntryViewSchema),
});
export type LeadCard = z.infer<typeof LeadCardSchema>;

export const outboxEntryKinds = ['note', 'followUp', 'capture', 'qualification', 'stage'] as const;
export const OutboxEntryKindSchema = z.enum(outboxEntryKinds);
export type OutboxEntryKind = z.infer<typeof OutboxEntryKindSchema>;

export const OutboxStateSchema = z.strictObject({
  /** Entries waiting for delivery, per kind. */
  waiting: z.record(OutboxEntryKindSchema, z.number().int().nonnegative()),
  waitingTotal: z.number().int().nonnegative(),
  /** Entries the API refused for good (not retried): kept so nothing is lost silently. */
  failed: z.array(
    z.strictObject({ id: z.string(), kind: OutboxEntryKindSchema, summary: z.string(), error: z.string() }),
  ),
  nextAttemptAt: IsoDateTimeSchema.nullable(),
  lastError: z.string().nullable(),
});
export type OutboxState = z.infer<typeof OutboxStateSchema>;

export const SessionStateSchema = z.strictObject({
  isSignedIn: z.boolean(),
  serverUrl: z.string().nullable(),
  user: z
    .strictObject({ name: z.string().optional(), email: z.string().optional(), role: z.string() })
    .nullable(),
});
export type SessionState = z.infer<typeof SessionStateSchema>;

export const AlertViewSchema = z.strictObject({
  id: z.string(),
  leadId: z.string(),
  title: z.string(),
  message: z.string(),
  at: IsoDateTimeSchema,
});
export type AlertView = z.infer<typeof AlertViewSchema>;

/** The outcome of a write: delivered now, or kept in the outbox until the API is reachable again. */
export const WriteResultSchema = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('sent'), card: LeadCardSchema.optional() }),
  z.strictObject({ status: z.literal('queued'), entryId: z.string() }),
  z.strictObject({ status: z.literal('rejected'), reasons: z.array(z.string()) }),
]);
export type WriteResult = z.infer<typeof WriteResultSchema>;

export const LookupResultSchema = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('found'), card: LeadCardSchema }),
  z.strictObject({ status: z.literal('not_found') }),
  z.strictObject({ status: z.literal('signed_out') }),
  z.strictObject({ status: z.literal('unreachable'), message: z.string() }),
]);
export type LookupResult = z.infer<typeof LookupResultSchema>;

export const CaptureResultSchema = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('created'), leadId: z.string() }),
  z.strictObject({ status: z.literal('duplicate'), leadId: z.string() }),
  z.strictObject({ status: z.literal('rejected'), reasons: z.array(z.string()) }),
  z.strictObject({ status: z.literal('queued'), entryId: z.string() }),
]);
export type CaptureResult = z.infer<typeof CaptureResultSchema>;

/** What each request answers when it succeeds. */
export interface ExtensionResponses {
  'prospect.lookup': LookupResult;
  'lead.capture': CaptureResult;
  'note.add': WriteResult;
  'followUp.add': WriteResult;
  'qualification.set': WriteResult;
  'stage.move': WriteResult;
  'dashboard.open': null;
  'outbox.get': OutboxState;
  'outbox.retry': OutboxState;
  'outbox.discard': OutboxState;
  'session.get': SessionState;
  'session.test': SessionState;
  'session.signIn': SessionState;
  'session.signOut': SessionState;
  'alerts.get': AlertView[];
  'api.call': ApiCallResult;
}

export const messageErrorCodes = [
  'invalid_message',
  'forbidden_sender',
  'signed_out',
  'api_error',
  'internal',
] as const;
export const MessageErrorSchema = z.strictObject({
  code: z.enum(messageErrorCodes),
  message: z.string(),
});
export type MessageError = z.infer<typeof MessageErrorSchema>;

/** The envelope of every answer: failures are values, so a caller never has to guess from an exception. */
export type ExtensionReply<T extends ExtensionRequestType> =
  | { ok: true; data: ExtensionResponses[T] }
  | { ok: false; error: MessageError };

/** Messages the background (or popup) sends to a tab's content script. */
export const TabMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('overlay.openNotes') }),
  z.strictObject({ type: z.literal('overlay.getProspect') }),
  z.strictObject({ type: z.literal('outbox.changed'), state: OutboxStateSchema }),
  z.strictObject({ type: z.literal('session.changed') }),
]);
export type TabMessage = z.infer<typeof TabMessageSchema>;
