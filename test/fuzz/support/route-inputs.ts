import {
  CaptureLeadRequestSchema,
  CreateFollowUpRequestSchema,
  CreateLeadRequestSchema,
  CreateNoteRequestSchema,
  CreateTokenRequestSchema,
  CreateUserRequestSchema,
  HistoryQuerySchema,
  IdParamSchema,
  IdSchema,
  ListLeadsQuerySchema,
  LookupQuerySchema,
  MoveStageRequestSchema,
  QualificationItemParamSchema,
  QueueQuerySchema,
  ReviewDecisionRequestSchema,
  ReviewQueueQuerySchema,
  SetQualificationRequestSchema,
  UpdateLeadRequestSchema,
  UpdateNoteRequestSchema,
} from '@leadlight/contract';

/** The contract schemas a route validates its parts with: the oracle for "the server accepted what the schema forbids". */
export interface RouteSchemas {
  param?: Schema;
  query?: Schema;
  json?: Schema;
}

/** The part of a zod schema the oracle uses (the test package does not depend on zod itself). */
interface Schema {
  safeParse(value: unknown): { success: boolean };
}

const noteParams = IdParamSchema.extend({ noteId: IdSchema });

/**
 * Keyed by "METHOD /path" as in the route table. A route missing here is still fuzzed with the generic invariants
 * (no 5xx, JSON errors, no stack, roles), just without the schema oracle; the test lists such routes.
 */
export const routeSchemas: Readonly<Record<string, RouteSchemas>> = {
  'GET /api/v1/health': {},
  'GET /api/v1/me': {},
  'GET /api/v1/lookup': { query: LookupQuerySchema },
  'GET /api/v1/leads': { query: ListLeadsQuerySchema },
  'POST /api/v1/leads': { json: CreateLeadRequestSchema },
  'POST /api/v1/leads/capture': { json: CaptureLeadRequestSchema },
  'GET /api/v1/leads/:id': { param: IdParamSchema },
  'PATCH /api/v1/leads/:id': { param: IdParamSchema, json: UpdateLeadRequestSchema },
  'GET /api/v1/leads/:id/history': { param: IdParamSchema, query: HistoryQuerySchema },
  'GET /api/v1/leads/:id/card': { param: IdParamSchema },
  'GET /api/v1/leads/:id/notes': { param: IdParamSchema },
  'POST /api/v1/leads/:id/notes': { param: IdParamSchema, json: CreateNoteRequestSchema },
  'PATCH /api/v1/leads/:id/notes/:noteId': { param: noteParams, json: UpdateNoteRequestSchema },
  'GET /api/v1/leads/:id/follow-ups': { param: IdParamSchema },
  'POST /api/v1/leads/:id/follow-ups': { param: IdParamSchema, json: CreateFollowUpRequestSchema },
  'GET /api/v1/leads/:id/qualification': { param: IdParamSchema },
  'PUT /api/v1/leads/:id/qualification/:itemId': {
    param: QualificationItemParamSchema,
    json: SetQualificationRequestSchema,
  },
  'POST /api/v1/leads/:id/stage': { param: IdParamSchema, json: MoveStageRequestSchema },
  'GET /api/v1/queue': { query: QueueQuerySchema },
  'GET /api/v1/review': { query: ReviewQueueQuerySchema },
  'POST /api/v1/review/:id/reconsider': { param: IdParamSchema, json: ReviewDecisionRequestSchema },
  'POST /api/v1/review/:id/confirm': { param: IdParamSchema, json: ReviewDecisionRequestSchema },
  'GET /api/v1/users': {},
  'POST /api/v1/users': { json: CreateUserRequestSchema },
  'GET /api/v1/users/:id/tokens': { param: IdParamSchema },
  'POST /api/v1/users/:id/tokens': { param: IdParamSchema, json: CreateTokenRequestSchema },
  'DELETE /api/v1/tokens/:id': { param: IdParamSchema },
  'POST /api/v1/imports/:id/cancel': { param: IdParamSchema },
};

/** What kind of object a path parameter names, so the generator can pick existing ones. */
export function paramKind(
  path: string,
  name: string,
):
  | 'lead'
  | 'note'
  | 'user'
  | 'token'
  | 'item'
  | 'ruleset'
  | 'version'
  | 'import'
  | 'ingestKey'
  | 'alert'
  | 'other' {
  if (name === 'noteId') return 'note';
  if (name === 'itemId') return 'item';
  if (name === 'version') return 'version';
  if (name === 'seq') return 'alert';
  if (name !== 'id') return 'other';
  if (
    path.startsWith('/api/v1/leads/') ||
    path.startsWith('/api/v1/review/') ||
    path.startsWith('/api/v1/privacy/leads/')
  )
    return 'lead';
  if (path.startsWith('/api/v1/users/')) return 'user';
  if (path.startsWith('/api/v1/tokens/')) return 'token';
  if (path.startsWith('/api/v1/rulesets/')) return 'ruleset';
  if (path.startsWith('/api/v1/imports/')) return 'import';
  if (path.startsWith('/api/v1/ingest/keys/')) return 'ingestKey';
  return 'other';
}

const seniorities = ['vp', 'director', 'individual', 'c_level'];
/** A well-formed user id that names nobody. */
export const ghostUserId = '00000000-0000-4000-8000-000000000000';

/**
 * Known product bugs the fuzz would otherwise hit on every run; their cases are skipped (fc.pre) and counted. Remove
 * an entry once the API is fixed. Reported to the lead engineer with route, input, observed and expected answer.
 */
export interface KnownBugInput {
  /** The JSON body sent, when it was JSON. */
  body: unknown;
  contentType: string;
}

export const knownBugs: readonly {
  description: string;
  matches(key: string, input: KnownBugInput): boolean;
}[] = [];
/** Filled by the fuzz world with the ids of the users it created. */
export const knownUserIds = new Set<string>();

/** Valid bodies per route, as templates the generator mutates; `n` varies identities so some creates succeed. */
export function validBodyFor(
  key: string,
  n: number,
  ids: { users: string[]; rulesetDefinition: object },
): unknown {
  const domain = `fuzz-${n % 40}.example-corp.com`;
  switch (key) {
    case 'POST /api/v1/leads':
      return {
        person: { fullName: `Fuzz Person ${n}`, title: 'Head of Sales', seniority: seniorities[n % 4] },
        company: { name: `Fuzz Co ${n % 40}`, domain, size: (n % 7) * 150, industry: 'software' },
        identities: { emails: [`p${n % 60}@${domain}`], phones: [] },
        source: { channel: 'web_form', campaign: 'fuzz' },
        tags: ['fuzz'],
        totals: { visits: n % 13 },
        ...(n % 5 === 0
          ? { owner: n % 10 === 0 ? ghostUserId : (ids.users[n % ids.users.length] ?? null) }
          : {}),
      };
    case 'POST /api/v1/leads/capture':
      return {
        site: 'linkedin',
        pageUrl: `https://www.linkedin.com/in/fuzz-${n % 50}/`,
        fullName: `Captured ${n}`,
        companyName: `Fuzz Co ${n % 40}`,
        companyDomain: domain,
        email: `c${n % 50}@${domain}`,
        linkedinUrl: `https://www.linkedin.com/in/fuzz-${n % 50}/`,
      };
    case 'PATCH /api/v1/leads/:id':
      return {
        version: 1 + (n % 6),
        person: { fullName: `Renamed ${n}`, seniority: seniorities[n % 4] },
        tags: ['fuzz', `t${n % 5}`],
        ...(n % 3 === 0
          ? { ownerId: n % 9 === 0 ? ghostUserId : (ids.users[n % ids.users.length] ?? null) }
          : {}),
      };
    case 'POST /api/v1/leads/:id/notes':
    case 'PATCH /api/v1/leads/:id/notes/:noteId':
      return { body: `Called, left a message (${n})` };
    case 'POST /api/v1/leads/:id/follow-ups':
      return {
        channel: ['call', 'email', 'meeting', 'voicemail', 'linkedin_message'][n % 5],
        outcome: ['no_answer', 'connected', 'replied', 'left_voicemail'][n % 4],
        note: 'fuzz',
      };
    case 'PUT /api/v1/leads/:id/qualification/:itemId':
      return { state: ['unknown', 'claimed', 'verified'][n % 3], value: `v${n}` };
    case 'POST /api/v1/leads/:id/stage':
      return {
        to: ['mql', 'sal', 'sql', 'nurture', 'disqualified', 'lost', 'inquiry'][n % 7],
        reasonCode: n % 2 === 0 ? 'no_budget' : undefined,
        reasonText: 'fuzz',
      };
    case 'POST /api/v1/review/:id/reconsider':
    case 'POST /api/v1/review/:id/confirm':
      return n % 2 === 0 ? {} : { note: 'checked' };
    case 'POST /api/v1/users':
      return { name: `User ${n}`, email: `u${n % 30}@leadlight.test`, role: ['rep', 'marketer'][n % 2] };
    case 'POST /api/v1/users/:id/tokens':
    case 'POST /api/v1/ingest/keys':
      return { label: `label ${n}` };
    case 'POST /api/v1/rulesets/validate':
      return { definition: ids.rulesetDefinition };
    // Every stored draft or edit makes later ruleset lists and history pages heavier (each history entry holds
    // whole definitions): a valid one only now and then keeps the run's cost flat.
    case 'POST /api/v1/rulesets':
    case 'PUT /api/v1/rulesets/:id/versions/:version':
      return { definition: n % 10 === 0 ? ids.rulesetDefinition : {} };
    case 'POST /api/v1/privacy/leads/:id/erase':
      return n % 2 === 0 ? {} : { reason: `request #${n}` };
    default:
      return {};
  }
}

/** Query keys each route understands, so generated query strings hit real parameters as well as unknown ones. */
export const queryKeys: Readonly<Record<string, readonly string[]>> = {
  'GET /api/v1/lookup': ['email', 'linkedin', 'phone', 'domain', 'name', 'company'],
  'GET /api/v1/leads': [
    'stage',
    'owner',
    'source',
    'campaign',
    'tag',
    'flag',
    'q',
    'sort',
    'cursor',
    'limit',
  ],
  'GET /api/v1/leads/:id/history': ['cursor', 'limit'],
  'GET /api/v1/queue': ['stage', 'sla', 'owner', 'q', 'cursor', 'limit'],
  'GET /api/v1/review': ['state', 'cursor', 'limit'],
  'GET /api/v1/rulesets/:id/versions/:version/history': ['cursor', 'limit'],
  'GET /api/v1/imports/:id/rows': ['kind', 'format', 'cursor', 'limit'],
  'GET /api/v1/exports/leads': ['format', 'stage', 'sort', 'q'],
  'GET /api/v1/rulesets/:id/diff': ['from', 'to'],
  'GET /api/v1/rulesets/:id/versions/:version/backtest': ['threshold'],
  'GET /api/v1/rulesets/:id/versions/:version/compare': ['limit'],
  'GET /api/v1/stats/waterfall': ['period', 'by', 'from', 'to'],
  'GET /api/v1/stats/sla': ['by'],
};
