import {
  ActiveRulesetResponseSchema,
  AlertFeedResponseSchema,
  AlertResponseSchema,
  ApiTokenSchema,
  BacktestResponseSchema,
  CompareResponseSchema,
  CreateUserResponseSchema,
  ErasureListResponseSchema,
  ErasureResponseSchema,
  FollowUpListResponseSchema,
  FollowUpResponseSchema,
  HealthResponseSchema,
  HistoryResponseSchema,
  ImportCancelResponseSchema,
  ImportJobListResponseSchema,
  ImportJobResponseSchema,
  ImportRowListResponseSchema,
  IngestKeyListResponseSchema,
  IngestKeySchema,
  IngestResponseSchema,
  IssuedIngestKeySchema,
  IssuedTokenSchema,
  LeadCardResponseSchema,
  LeadExportResponseSchema,
  LeadListResponseSchema,
  LeadResponseSchema,
  LookupResponseSchema,
  MeResponseSchema,
  MoveStageResponseSchema,
  MyQueueResponseSchema,
  NoteListResponseSchema,
  NoteResponseSchema,
  PersonalDataExportSchema,
  QualificationResponseSchema,
  ReviewQueueResponseSchema,
  RulesetDiffResponseSchema,
  RulesetListResponseSchema,
  RulesetVersionResponseSchema,
  RulesetVersionSchema,
  SetQualificationResponseSchema,
  SlaStatsResponseSchema,
  TokenListResponseSchema,
  UserListResponseSchema,
  ValidateRulesetResponseSchema,
  WaterfallResponseSchema,
} from '@leadlight/contract';

/** The part of a zod schema the oracle uses (the test package does not depend on zod itself). */
export interface ResponseSchema {
  safeParse(value: unknown): { success: boolean; error?: { issues: readonly unknown[] } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `{ [key]: <schema> }` and nothing else: the answers whose envelope the contract does not name on its own. */
function wrapped(key: string, schema: ResponseSchema): ResponseSchema {
  return {
    safeParse(value) {
      if (!isRecord(value) || Object.keys(value).join(',') !== key) {
        return { success: false, error: { issues: [`expected exactly { ${key} }`] } };
      }
      return schema.safeParse(value[key]);
    },
  };
}

/**
 * The activation answer: `{ ruleset, previous, rescoredLeads, alerts }` has no schema in the contract, so only its
 * ruleset (a RulesetVersion) and the counts are checked.
 */
const activationResponse: ResponseSchema = {
  safeParse(value) {
    if (!isRecord(value)) return { success: false, error: { issues: ['not an object'] } };
    const ruleset = RulesetVersionSchema.safeParse(value.ruleset);
    if (!ruleset.success) return ruleset;
    const issues = ['rescoredLeads', 'alerts']
      .filter((key) => !Number.isInteger(value[key]) || (value[key] as number) < 0)
      .map((key) => `${key} is not a count: ${JSON.stringify(value[key])}`);
    return issues.length === 0 ? { success: true } : { success: false, error: { issues } };
  },
};

/**
 * The contract schema every 2xx JSON answer of a route must pass, keyed "METHOD /path" as in the route table.
 * Written from the route files and the contract (not copied from the OpenAPI document, so the two can disagree and
 * be caught). A CSV answer (format=csv) is not JSON and is not checked here.
 */
export const responseSchemas: Readonly<Record<string, ResponseSchema>> = {
  'GET /api/v1/health': HealthResponseSchema,
  'GET /api/v1/me': MeResponseSchema,
  'GET /api/v1/lookup': LookupResponseSchema,
  'GET /api/v1/leads/:id/card': LeadCardResponseSchema,
  'GET /api/v1/leads': LeadListResponseSchema,
  'POST /api/v1/leads': LeadResponseSchema,
  'POST /api/v1/leads/capture': LeadResponseSchema,
  'GET /api/v1/leads/:id': LeadResponseSchema,
  'PATCH /api/v1/leads/:id': LeadResponseSchema,
  'GET /api/v1/leads/:id/history': HistoryResponseSchema,
  'GET /api/v1/leads/:id/notes': NoteListResponseSchema,
  'POST /api/v1/leads/:id/notes': NoteResponseSchema,
  'PATCH /api/v1/leads/:id/notes/:noteId': NoteResponseSchema,
  'GET /api/v1/leads/:id/follow-ups': FollowUpListResponseSchema,
  'POST /api/v1/leads/:id/follow-ups': FollowUpResponseSchema,
  'GET /api/v1/leads/:id/qualification': QualificationResponseSchema,
  // The lead as rescored by the answer, beside the checklist as it now stands.
  'PUT /api/v1/leads/:id/qualification/:itemId': SetQualificationResponseSchema,
  'POST /api/v1/leads/:id/stage': MoveStageResponseSchema,
  'GET /api/v1/queue': MyQueueResponseSchema,
  'GET /api/v1/review': ReviewQueueResponseSchema,
  // Both answer the lead as it is after the decision (toLeadResponse), like GET /leads/:id.
  'POST /api/v1/review/:id/reconsider': LeadResponseSchema,
  'POST /api/v1/review/:id/confirm': LeadResponseSchema,
  'GET /api/v1/users': UserListResponseSchema,
  'POST /api/v1/users': CreateUserResponseSchema,
  'GET /api/v1/users/:id/tokens': TokenListResponseSchema,
  'POST /api/v1/users/:id/tokens': IssuedTokenSchema,
  'DELETE /api/v1/tokens/:id': wrapped('token', ApiTokenSchema),
  'POST /api/v1/imports': ImportJobResponseSchema,
  'GET /api/v1/imports': ImportJobListResponseSchema,
  'GET /api/v1/imports/:id': ImportJobResponseSchema,
  'GET /api/v1/imports/:id/rows': ImportRowListResponseSchema,
  // The job once stopped, `cancelled` (a finished one answers 409).
  'POST /api/v1/imports/:id/cancel': ImportCancelResponseSchema,
  'GET /api/v1/exports/leads': LeadExportResponseSchema,
  'GET /api/v1/privacy/leads/:id': PersonalDataExportSchema,
  'POST /api/v1/privacy/leads/:id/erase': ErasureResponseSchema,
  'GET /api/v1/privacy/erasures': ErasureListResponseSchema,
  'GET /api/v1/rulesets': RulesetListResponseSchema,
  'POST /api/v1/rulesets': RulesetVersionResponseSchema,
  'GET /api/v1/rulesets/active': ActiveRulesetResponseSchema,
  'POST /api/v1/rulesets/validate': ValidateRulesetResponseSchema,
  'GET /api/v1/rulesets/:id/versions': RulesetListResponseSchema,
  'GET /api/v1/rulesets/:id/versions/:version': RulesetVersionResponseSchema,
  'PUT /api/v1/rulesets/:id/versions/:version': RulesetVersionResponseSchema,
  'GET /api/v1/rulesets/:id/versions/:version/history': HistoryResponseSchema,
  'GET /api/v1/rulesets/:id/versions/:version/backtest': BacktestResponseSchema,
  'GET /api/v1/rulesets/:id/versions/:version/compare': CompareResponseSchema,
  'POST /api/v1/rulesets/:id/versions/:version/approve': RulesetVersionResponseSchema,
  'POST /api/v1/rulesets/:id/versions/:version/activate': activationResponse,
  'POST /api/v1/rulesets/:id/versions/:version/retire': RulesetVersionResponseSchema,
  'GET /api/v1/rulesets/:id/diff': RulesetDiffResponseSchema,
  'GET /api/v1/stats/waterfall': WaterfallResponseSchema,
  'GET /api/v1/stats/sla': SlaStatsResponseSchema,
  'POST /api/v1/ingest/events': IngestResponseSchema,
  'GET /api/v1/ingest/keys': IngestKeyListResponseSchema,
  'POST /api/v1/ingest/keys': IssuedIngestKeySchema,
  'DELETE /api/v1/ingest/keys/:id': wrapped('key', IngestKeySchema),
  'GET /api/v1/alerts': AlertFeedResponseSchema,
  'POST /api/v1/alerts/:seq/read': AlertResponseSchema,
};

/** Routes whose answers no contract schema describes, and why; the fuzz still holds them to the generic invariants. */
export const responsesWithoutSchema: Readonly<Record<string, string>> = {
  'GET /api/v1/openapi.json':
    'the OpenAPI document itself (generated from these schemas; api/src/routes/openapi.test.ts checks it)',
  'GET /api/v1/docs': 'an HTML page',
};

/**
 * Routes that answer something their contract schema refuses: product bugs, reported to the lead engineer with the
 * route, the answer and the schema issue (the route files are not the fuzz's to change). An answer that matches the
 * shape described here passes and is counted; any other mismatch still fails. Remove an entry once fixed.
 */
export const knownResponseBugs: Readonly<
  Record<string, { description: string; answeredToday: ResponseSchema }>
> = {};

const jsonMediaType = /^application\/([\w.-]+\+)?json\b/i;

/**
 * Why a successful answer breaks its route's response schema, or null when it keeps it (or is not JSON: a CSV
 * export or row list). Also flags a 2xx JSON answer of a route that has no schema here and no stated reason.
 */
export function findResponseSchemaProblem(
  key: string,
  response: { status: number; text: string; headers: Headers },
): { checked: boolean; problem: string | null; isKnownBug?: boolean } {
  if (response.status < 200 || response.status >= 300) return { checked: false, problem: null };
  if (response.status === 204 || !jsonMediaType.test(response.headers.get('content-type') ?? '')) {
    return { checked: false, problem: null };
  }
  const schema = responseSchemas[key];
  if (schema === undefined) {
    return responsesWithoutSchema[key] === undefined
      ? { checked: false, problem: `no response schema is mapped for ${key} (route-responses.ts)` }
      : { checked: false, problem: null };
  }
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch {
    return {
      checked: true,
      problem: `a ${response.status} JSON answer is not JSON: ${response.text.slice(0, 200)}`,
    };
  }
  const result = schema.safeParse(body);
  if (result.success) return { checked: true, problem: null };
  if (knownResponseBugs[key]?.answeredToday.safeParse(body).success) {
    return { checked: true, problem: null, isKnownBug: true };
  }
  return {
    checked: true,
    problem: `the ${response.status} answer breaks the route's response schema: ${JSON.stringify(result.error?.issues).slice(0, 1500)}`,
  };
}
