import * as contract from '@leadlight/contract';
import { Hono } from 'hono';
import { html } from 'hono/html';
import { z } from 'zod';
import type { AppEnv } from '../app-env';
import { type RouteSpec, routeTable } from '../route-table';
import { apiVersion as version } from '../version';

/** What the zod schemas of packages/contract say about one operation; routes without an entry are still listed. */
interface OperationSchemas {
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  response?: z.ZodType;
  /** Success status when not 200. */
  status?: number;
  /** A second success status with the same body, e.g. 202 for work still under way. */
  pending?: { status: number; description: string };
}

const c = contract;
/** Keyed "METHOD /path" like the route table; the names become component names. */
const operationSchemas: Record<string, OperationSchemas> = {
  'GET /api/v1/health': { response: c.HealthResponseSchema },
  'GET /api/v1/me': { response: c.MeResponseSchema },
  'GET /api/v1/lookup': { query: c.LookupQuerySchema, response: c.LookupResponseSchema },
  'GET /api/v1/leads/:id/card': { response: c.LeadCardResponseSchema },
  'GET /api/v1/leads': { query: c.ListLeadsQuerySchema, response: c.LeadListResponseSchema },
  'POST /api/v1/leads': { body: c.CreateLeadRequestSchema, response: c.LeadResponseSchema, status: 201 },
  'POST /api/v1/leads/capture': {
    body: c.CaptureLeadRequestSchema,
    response: c.LeadResponseSchema,
    status: 201,
  },
  'GET /api/v1/leads/:id': { response: c.LeadResponseSchema },
  'PATCH /api/v1/leads/:id': { body: c.UpdateLeadRequestSchema, response: c.LeadResponseSchema },
  'GET /api/v1/leads/:id/history': { query: c.HistoryQuerySchema, response: c.HistoryResponseSchema },
  'GET /api/v1/leads/:id/notes': { response: c.NoteListResponseSchema },
  'POST /api/v1/leads/:id/notes': {
    body: c.CreateNoteRequestSchema,
    response: c.NoteResponseSchema,
    status: 201,
  },
  'PATCH /api/v1/leads/:id/notes/:noteId': {
    body: c.UpdateNoteRequestSchema,
    response: c.NoteResponseSchema,
  },
  'GET /api/v1/leads/:id/follow-ups': { response: c.FollowUpListResponseSchema },
  'POST /api/v1/leads/:id/follow-ups': {
    body: c.CreateFollowUpRequestSchema,
    response: c.FollowUpResponseSchema,
    status: 201,
  },
  'GET /api/v1/leads/:id/qualification': { response: c.QualificationResponseSchema },
  'PUT /api/v1/leads/:id/qualification/:itemId': {
    body: c.SetQualificationRequestSchema,
    response: c.SetQualificationResponseSchema,
  },
  'POST /api/v1/leads/:id/stage': { body: c.MoveStageRequestSchema, response: c.MoveStageResponseSchema },
  'GET /api/v1/queue': { query: c.QueueQuerySchema, response: c.MyQueueResponseSchema },
  'GET /api/v1/review': { query: c.ReviewQueueQuerySchema, response: c.ReviewQueueResponseSchema },
  'POST /api/v1/review/:id/reconsider': { body: c.ReviewDecisionRequestSchema },
  'POST /api/v1/review/:id/confirm': { body: c.ReviewDecisionRequestSchema },
  'GET /api/v1/users': { response: c.UserListResponseSchema },
  'POST /api/v1/users': {
    body: c.CreateUserRequestSchema,
    response: c.CreateUserResponseSchema,
    status: 201,
  },
  'GET /api/v1/users/:id/tokens': { response: c.TokenListResponseSchema },
  'POST /api/v1/users/:id/tokens': {
    body: c.CreateTokenRequestSchema,
    response: c.IssuedTokenSchema,
    status: 201,
  },
  'GET /api/v1/imports': { response: c.ImportJobListResponseSchema },
  'GET /api/v1/imports/:id': { response: c.ImportJobResponseSchema },
  'GET /api/v1/imports/:id/rows': { query: c.ImportRowsQuerySchema, response: c.ImportRowListResponseSchema },
  'POST /api/v1/imports/:id/cancel': {
    response: c.ImportCancelResponseSchema,
    pending: {
      status: 202,
      description: 'Asked of another process (the CLI), which stops after its current chunk',
    },
  },
  'GET /api/v1/exports/leads': { query: c.ExportLeadsQuerySchema },
  'GET /api/v1/privacy/leads/:id': { response: c.PersonalDataExportSchema },
  'POST /api/v1/privacy/leads/:id/erase': {
    body: c.EraseLeadRequestSchema,
    response: c.ErasureResponseSchema,
  },
  'GET /api/v1/privacy/erasures': { response: c.ErasureListResponseSchema },

  'GET /api/v1/rulesets': { response: c.RulesetListResponseSchema },
  'POST /api/v1/rulesets': {
    body: c.SaveRulesetDraftRequestSchema,
    response: c.RulesetVersionResponseSchema,
    status: 201,
  },
  'GET /api/v1/rulesets/active': { response: c.ActiveRulesetResponseSchema },
  'POST /api/v1/rulesets/validate': {
    body: c.SaveRulesetDraftRequestSchema,
    response: c.ValidateRulesetResponseSchema,
  },
  'GET /api/v1/rulesets/:id/versions': { response: c.RulesetListResponseSchema },
  'GET /api/v1/rulesets/:id/versions/:version': {
    params: c.RulesetVersionParamSchema,
    response: c.RulesetVersionResponseSchema,
  },
  'PUT /api/v1/rulesets/:id/versions/:version': {
    params: c.RulesetVersionParamSchema,
    body: c.SaveRulesetDraftRequestSchema,
    response: c.RulesetVersionResponseSchema,
  },
  'GET /api/v1/rulesets/:id/versions/:version/history': {
    params: c.RulesetVersionParamSchema,
    query: c.HistoryQuerySchema,
    response: c.HistoryResponseSchema,
  },
  'GET /api/v1/rulesets/:id/versions/:version/backtest': {
    params: c.RulesetVersionParamSchema,
    query: c.BacktestQuerySchema,
    response: c.BacktestResponseSchema,
  },
  'GET /api/v1/rulesets/:id/versions/:version/compare': {
    params: c.RulesetVersionParamSchema,
    query: c.CompareQuerySchema,
    response: c.CompareResponseSchema,
  },
  'POST /api/v1/rulesets/:id/versions/:version/approve': {
    params: c.RulesetVersionParamSchema,
    response: c.RulesetVersionResponseSchema,
  },
  'POST /api/v1/rulesets/:id/versions/:version/activate': { params: c.RulesetVersionParamSchema },
  'POST /api/v1/rulesets/:id/versions/:version/retire': {
    params: c.RulesetVersionParamSchema,
    response: c.RulesetVersionResponseSchema,
  },
  'GET /api/v1/rulesets/:id/diff': { query: c.RulesetDiffQuerySchema, response: c.RulesetDiffResponseSchema },
  'GET /api/v1/stats/waterfall': { query: c.WaterfallQuerySchema, response: c.WaterfallResponseSchema },
  'GET /api/v1/stats/sla': { query: c.SlaStatsQuerySchema, response: c.SlaStatsResponseSchema },
  'POST /api/v1/ingest/events': { body: c.IngestRequestSchema, response: c.IngestResponseSchema },
  'GET /api/v1/ingest/keys': { response: c.IngestKeyListResponseSchema },
  'POST /api/v1/ingest/keys': {
    body: c.CreateIngestKeyRequestSchema,
    response: c.IssuedIngestKeySchema,
    status: 201,
  },
  'GET /api/v1/alerts': { query: c.AlertFeedQuerySchema, response: c.AlertFeedResponseSchema },
  'POST /api/v1/alerts/:seq/read': { params: c.AlertParamSchema, response: c.AlertResponseSchema },
};

type JsonSchema = Record<string, unknown>;

/** The exported name of a contract schema ("LeadResponseSchema" → "LeadResponse"): the component's name. */
const schemaNames = new Map<unknown, string>(
  Object.entries(contract)
    .filter(([name, value]) => name.endsWith('Schema') && value instanceof z.ZodType)
    .map(([name, value]) => [value, name.slice(0, -'Schema'.length)]),
);

function nameOf(schema: z.ZodType): string {
  const name = schemaNames.get(schema);
  if (name === undefined) throw new Error('OpenAPI: every schema must be exported by @leadlight/contract');
  return name;
}

/**
 * Converts schemas with zod's own JSON Schema output (draft 2020-12, what OpenAPI 3.1 uses), one component per
 * named schema. Zod puts recursive pieces (rule conditions) in a `__shared` document; they are hoisted into
 * components of their own so every $ref is a plain "#/components/schemas/…" pointer.
 */
function convertComponents(schemas: Iterable<z.ZodType>, io: 'input' | 'output', suffix: string) {
  const registry = z.registry<{ id: string }>();
  for (const schema of new Set(schemas)) registry.add(schema, { id: `${nameOf(schema)}${suffix}` });
  const result = z.toJSONSchema(registry, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id === '__shared' ? `__shared${suffix}` : id}`,
  });
  const text = JSON.stringify(result.schemas).replace(
    /#\/components\/schemas\/__shared[A-Za-z]*#\/\$defs\/([A-Za-z0-9_]+)/g,
    (_match, def: string) => `#/components/schemas/Shared_${def}${suffix}`,
  );
  const converted = JSON.parse(text) as Record<string, JsonSchema>;
  const components: Record<string, JsonSchema> = {};
  for (const [id, schema] of Object.entries(converted)) {
    const { $schema: _ignored, $defs, ...rest } = schema;
    if (id === '__shared') {
      for (const [def, defSchema] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) {
        components[`Shared_${def}${suffix}`] = defSchema;
      }
    } else components[id] = rest;
  }
  return components;
}

/** Query and path parameters from a (strict) object schema's input JSON Schema. */
function toParameters(schema: z.ZodType | undefined, location: 'query' | 'path', names?: readonly string[]) {
  const json = schema
    ? (z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema)
    : { properties: {}, required: [] };
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  const keys = names ?? Object.keys(properties);
  return keys.map((name) => ({
    name,
    in: location,
    required: location === 'path' || required.has(name),
    schema: properties[name] ?? { type: 'string' },
    ...(typeof properties[name]?.description === 'string'
      ? { description: properties[name].description }
      : {}),
  }));
}

function toOpenApiPath(path: string): string {
  return path.replace(/:([A-Za-z]+)/g, '{$1}');
}

function describeAccess(route: RouteSpec): string {
  if (route.access === 'public') return 'Public: no token needed.';
  if (route.access === 'ingest-key') return 'Authenticated by an ingest key (not a user token).';
  return `Roles: ${route.access.join(', ')}.`;
}

const errorResponse = {
  description: 'Error',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiErrorBody' } } },
};

/** The OpenAPI 3.1 document: one operation per route-table entry, schemas from packages/contract. */
export function buildOpenApiDocument(): JsonSchema {
  const specs = routeTable.map((route) => ({
    route,
    schemas: operationSchemas[`${route.method} ${route.path}`] ?? {},
  }));
  const requestSchemas = specs.flatMap(({ schemas }) => (schemas.body ? [schemas.body] : []));
  const responseSchemas = [
    contract.ApiErrorBodySchema,
    ...specs.flatMap(({ schemas }) => (schemas.response ? [schemas.response] : [])),
  ];
  // Request bodies are converted as input (defaults optional) under "<Name>Input"; responses as output.
  const components = {
    ...convertComponents(responseSchemas, 'output', ''),
    ...convertComponents(requestSchemas, 'input', 'Input'),
  };

  const paths: Record<string, Record<string, unknown>> = {};
  for (const { route, schemas } of specs) {
    const pathNames = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1] as string);
    const content = schemas.response
      ? {
          content: {
            'application/json': { schema: { $ref: `#/components/schemas/${nameOf(schemas.response)}` } },
          },
        }
      : {};
    const operation: Record<string, unknown> = {
      operationId: `${route.method.toLowerCase()}${route.path.replace(/^\/api\/v1/, '').replace(/[/:{}.-]+([a-z])?/g, (_m, letter?: string) => (letter ?? '').toUpperCase())}`,
      summary: route.summary,
      description: describeAccess(route),
      tags: [route.path.split('/')[3] ?? 'api'],
      'x-access': route.access,
      security:
        route.access === 'public'
          ? []
          : route.access === 'ingest-key'
            ? [{ ingestKey: [] }]
            : [{ bearerToken: [] }],
      parameters: [
        ...toParameters(schemas.params, 'path', pathNames),
        ...toParameters(schemas.query, 'query'),
      ],
      responses: {
        [String(schemas.status ?? 200)]: { description: 'Success', ...content },
        ...(schemas.pending
          ? { [String(schemas.pending.status)]: { description: schemas.pending.description, ...content } }
          : {}),
        default: errorResponse,
      },
    };
    if (schemas.body) {
      operation.requestBody = {
        required: true,
        content: {
          'application/json': { schema: { $ref: `#/components/schemas/${nameOf(schemas.body)}Input` } },
        },
      };
    }
    const openApiPath = toOpenApiPath(route.path);
    paths[openApiPath] ??= {};
    (paths[openApiPath] as Record<string, unknown>)[route.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Leadlight API',
      version,
      description:
        'Lead qualification: leads, follow-ups, stages with reasons, rulesets with sign-off. Errors are always `{ error: { code, message, details } }`.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        bearerToken: { type: 'http', scheme: 'bearer', description: 'A user API token (ll_…)' },
        ingestKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'An ingest key (lli_…), for engagement events only',
        },
      },
      schemas: components,
    },
    paths,
  };
}

let cachedDocument: JsonSchema | undefined;

function getOpenApiDocument(): JsonSchema {
  cachedDocument ??= buildOpenApiDocument();
  return cachedDocument;
}

function renderDocsPage() {
  const groups = new Map<string, RouteSpec[]>();
  for (const route of routeTable) {
    const tag = route.path.split('/')[3] ?? 'api';
    groups.set(tag, [...(groups.get(tag) ?? []), route]);
  }
  const access = (route: RouteSpec) =>
    route.access === 'public'
      ? 'public'
      : route.access === 'ingest-key'
        ? 'ingest key'
        : route.access.join(', ');
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Leadlight API ${version}</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1d2330; }
table { border-collapse: collapse; width: 100%; margin-bottom: 2rem; }
th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #dde1e8; vertical-align: top; }
code { font: 13px ui-monospace, monospace; }
.method { font-weight: 700; width: 5rem; }
</style>
</head>
<body>
<h1>Leadlight API <small>${version}</small></h1>
<p>Every route below is under <code>/api/v1</code> and answers JSON. Send <code>Authorization: Bearer &lt;token&gt;</code>
except on public routes; errors are <code>{ "error": { "code", "message", "details" } }</code>.
The machine-readable document (OpenAPI 3.1, schemas included) is <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</p>
${[...groups.entries()].map(
  ([tag, routes]) => html`<h2>${tag}</h2>
<table>
<thead><tr><th>Method</th><th>Path</th><th>What</th><th>Who</th></tr></thead>
<tbody>
${routes.map(
  (route) =>
    html`<tr><td class="method">${route.method}</td><td><code>${route.path}</code></td><td>${route.summary}</td><td>${access(route)}</td></tr>
`,
)}</tbody>
</table>
`,
)}
</body>
</html>`;
}

/** The API's own description: generated from the route table and the contract's zod schemas, so it cannot drift. */
export const openapiRoutes = new Hono<AppEnv>()
  .get('/openapi.json', (context) => context.json(getOpenApiDocument()))
  .get('/docs', (context) => context.html(renderDocsPage()));
