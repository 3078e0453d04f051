import { routeTable } from '@leadlight/api/src/route-table';
import {
  LeadResponseSchema,
  NoteListResponseSchema,
  type Role,
  UserListResponseSchema,
} from '@leadlight/contract';
import fc from 'fast-check';
import { createFuzzWorld, type FuzzWorld, roleOf } from './fuzz-world';
import {
  type AuthCase,
  authArbitrary,
  type BodyCase,
  bodyArbitrary,
  contentTypeArbitrary,
  extraHeadersArbitrary,
  idempotencyKeyArbitrary,
  paramArbitrary,
  queryArbitrary,
} from './request-arbitraries';
import { type CheckedResponse, findResponseProblem, readResponse } from './response-checks';
import { knownBugs, knownUserIds, paramKind, queryKeys, routeSchemas, validBodyFor } from './route-inputs';
import { findResponseSchemaProblem } from './route-responses';

/** Routes whose POST honours Idempotency-Key (the header is validated there, ignored elsewhere). */
const idempotentRoutes = new Set(['POST /api/v1/leads/:id/notes', 'POST /api/v1/leads/:id/follow-ups']);
const jsonMediaType = /^application\/([\w.-]+\+)?json$/i;

interface FuzzCase {
  auth: AuthCase;
  params: Record<string, string>;
  query: [string, string][];
  body: BodyCase | null;
  contentType: string;
  idempotencyKey: string | null;
  extraHeaders: [string, string][];
}

type Route = (typeof routeTable)[number];
export const routeKey = (route: { method: string; path: string }) => `${route.method} ${route.path}`;
const paramNames = (path: string) => [...path.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1] as string);

function caseArbitrary(world: FuzzWorld, route: Route): fc.Arbitrary<FuzzCase> {
  const key = routeKey(route);
  const params: Record<string, fc.Arbitrary<string>> = {};
  for (const name of paramNames(route.path)) {
    const kind = paramKind(route.path, name);
    const existing =
      kind === 'item' ? ['budget', 'authority', 'need', 'timeline'] : kind === 'other' ? [] : world.ids[kind];
    params[name] = paramArbitrary(existing);
  }
  const users = Object.values(world.userIds);
  return fc.record({
    auth: authArbitrary(world.tokens),
    params: fc.record(params),
    query: queryArbitrary(queryKeys[key] ?? []),
    body:
      route.method === 'GET'
        ? fc.constant(null)
        : bodyArbitrary((n) => validBodyFor(key, n, { users, rulesetDefinition: world.rulesetDefinition })),
    contentType: contentTypeArbitrary,
    idempotencyKey: idempotencyKeyArbitrary,
    extraHeaders: extraHeadersArbitrary,
  });
}

function bodyText(body: BodyCase): string {
  return body.kind === 'json' ? (JSON.stringify(body.value) ?? 'null') : body.text;
}

function buildRequest(world: FuzzWorld, route: Route, fuzz: FuzzCase): Request {
  const path = route.path.replace(/:([A-Za-z]+)/g, (_, name: string) =>
    encodeURIComponent(fuzz.params[name] ?? ''),
  );
  const search = new URLSearchParams(fuzz.query).toString();
  const headers = new Headers();
  for (const [name, value] of fuzz.extraHeaders) headers.set(name, value);
  if (fuzz.auth.kind === 'actor') {
    headers.set('authorization', `${fuzz.auth.scheme} ${world.tokens[fuzz.auth.actor]}`);
  } else if (fuzz.auth.header !== null) {
    headers.set('authorization', fuzz.auth.header);
  }
  if (fuzz.idempotencyKey !== null) headers.set('idempotency-key', fuzz.idempotencyKey);
  let body: string | undefined;
  if (fuzz.body !== null) {
    body = bodyText(fuzz.body);
    headers.set('content-type', fuzz.contentType);
  }
  return new Request(`http://localhost${path}${search === '' ? '' : `?${search}`}`, {
    method: route.method,
    headers,
    body,
  });
}

/** The JSON body as Hono's validator sees it: `{}` for a non-JSON media type, a parse error for broken JSON. */
function modelJsonBody(fuzz: FuzzCase): { ok: true; value: unknown } | { ok: false } {
  const mediaType = fuzz.contentType.trim().split(';')[0]?.trim() ?? '';
  if (fuzz.body === null || !jsonMediaType.test(mediaType)) return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(bodyText(fuzz.body).replace(/^\uFEFF/, '')) };
  } catch {
    return { ok: false };
  }
}

/** Whether the contract schemas (and the Idempotency-Key rule) refuse this request; undefined = no oracle. */
function isRefusedBySchema(key: string, fuzz: FuzzCase): boolean | undefined {
  const schemas = routeSchemas[key];
  if (schemas === undefined) return undefined;
  if (schemas.param && !schemas.param.safeParse(fuzz.params).success) return true;
  if (schemas.query) {
    const grouped = new Map<string, string[]>();
    for (const [name, value] of fuzz.query) grouped.set(name, [...(grouped.get(name) ?? []), value]);
    const query = Object.fromEntries(
      [...grouped].map(([name, values]) => [name, values.length === 1 ? values[0] : values]),
    );
    if (!schemas.query.safeParse(query).success) return true;
  }
  if (schemas.json) {
    const body = modelJsonBody(fuzz);
    if (!body.ok || !schemas.json.safeParse(body.value).success) return true;
  }
  const idempotencyKey = fuzz.idempotencyKey?.trim();
  if (
    idempotentRoutes.has(key) &&
    idempotencyKey !== undefined &&
    !/^[\x21-\x7e]{1,255}$/.test(idempotencyKey)
  ) {
    return true;
  }
  return false;
}

function errorCode(response: CheckedResponse): string | undefined {
  if (response.status < 400) return undefined;
  return (JSON.parse(response.text) as { error: { code: string } }).error.code;
}

/** Checks one response against everything the request lets us predict; returns the broken rule or null. */
function judge(route: Route, fuzz: FuzzCase, response: CheckedResponse, isUnchanged: boolean): string | null {
  const problem = findResponseProblem(response);
  if (problem !== null) return problem;
  if (!Array.isArray(route.access)) return null;
  const code = errorCode(response);
  if (fuzz.auth.kind === 'bad') {
    if (response.status !== 401) return `a bad token got ${response.status}, not 401`;
    return isUnchanged ? null : 'a request with a bad token changed data';
  }
  const role: Role = roleOf(fuzz.auth.actor);
  if (!(route.access as readonly Role[]).includes(role)) {
    if (response.status !== 403 && code !== 'route_not_found')
      return `role ${role} got ${response.status}, not 403`;
    return isUnchanged ? null : `role ${role} changed data on a route it may not use`;
  }
  // A replay answers what the key's first request got (the request hash covers method, path and body, not the
  // Content-Type): the schema's verdict on this request does not apply, but nothing may change.
  if (response.headers.get('idempotent-replayed') === 'true') {
    return isUnchanged ? null : 'an idempotent replay changed data';
  }
  const isRefused = isRefusedBySchema(routeKey(route), fuzz);
  if (isRefused === true) {
    if (response.status < 400) return `the schema refuses this request, the API answered ${response.status}`;
    return isUnchanged ? null : 'a request the schema refuses changed data';
  }
  if (isRefused === false && code === 'invalid_request') {
    return `the schema accepts this request, the API refused it: ${response.text.slice(0, 300)}`;
  }
  return null;
}

/** After a run: every stored lead, its notes and the users still read back valid by the contract. */
async function findStoredProblem(world: FuzzWorld): Promise<string | null> {
  const leadIds = world.ctx.db.$client.prepare('SELECT id FROM leads').pluck().all() as string[];
  for (const id of leadIds) {
    const lead = await world.ctx.request('GET', `/api/v1/leads/${encodeURIComponent(id)}`);
    const parsedLead = LeadResponseSchema.safeParse(await lead.json());
    if (lead.status !== 200 || !parsedLead.success) {
      return `stored lead ${id} reads back as ${lead.status}: ${JSON.stringify(parsedLead.error?.issues)}`;
    }
    const notes = await world.ctx.request('GET', `/api/v1/leads/${encodeURIComponent(id)}/notes`);
    const parsedNotes = NoteListResponseSchema.safeParse(await notes.json());
    if (!parsedNotes.success) return `notes of ${id}: ${JSON.stringify(parsedNotes.error.issues)}`;
  }
  const users = UserListResponseSchema.safeParse(
    await (await world.ctx.request('GET', '/api/v1/users')).json(),
  );
  return users.success ? null : `users: ${JSON.stringify(users.error.issues)}`;
}

export interface RouteFuzzResult {
  key: string;
  numRuns: number;
  /** fast-check's report (seed, path, counterexample) or a stored-data problem; null when every case held. */
  failure: string | null;
  cpuMs: number;
  leadsStored: number;
  /** Generated cases not sent because they match a known, reported bug (see knownBugs). */
  skippedAsKnownBug: number;
  /** Successful JSON answers checked against the route's response schema (route-responses.ts). */
  responsesChecked: number;
  /** Of those, answers that match a known, reported response bug (knownResponseBugs) instead of the schema. */
  responsesOfKnownBug: number;
}

/** A world is reused across routes until it holds this many leads (a small database keeps cases cheap). */
const maxLeadsPerWorld = 150;
let sharedWorld: FuzzWorld | undefined;

function countLeads(world: FuzzWorld): number {
  return world.ctx.db.$client.prepare('SELECT count(*) FROM leads').pluck().get() as number;
}

/** Runs `numRuns` generated requests against one route, then checks what they left in the database. */
export async function fuzzRoute(key: string, numRuns: number): Promise<RouteFuzzResult> {
  const route = routeTable.find((candidate) => routeKey(candidate) === key);
  if (route === undefined) throw new Error(`no route ${key}`);
  const cpuAtStart = process.cpuUsage();
  if (sharedWorld === undefined || countLeads(sharedWorld) > maxLeadsPerWorld)
    sharedWorld = await createFuzzWorld();
  const world = sharedWorld;
  for (const id of Object.values(world.userIds)) knownUserIds.add(id);
  let skippedAsKnownBug = 0;
  let responsesChecked = 0;
  let responsesOfKnownBug = 0;
  const property = fc.asyncProperty(caseArbitrary(world, route), async (fuzz) => {
    const body = fuzz.body?.kind === 'json' ? fuzz.body.value : undefined;
    if (knownBugs.some((bug) => bug.matches(key, { body, contentType: fuzz.contentType }))) {
      skippedAsKnownBug += 1;
      fc.pre(false);
    }
    const request = buildRequest(world, route, fuzz);
    const before = world.fingerprint();
    const response = await readResponse(await world.ctx.app.request(request));
    const schemaCheck = findResponseSchemaProblem(key, response);
    if (schemaCheck.checked) responsesChecked += 1;
    if (schemaCheck.isKnownBug) responsesOfKnownBug += 1;
    const verdict = schemaCheck.problem ?? judge(route, fuzz, response, world.fingerprint() === before);
    if (verdict !== null) {
      throw new Error(
        `${route.method} ${request.url}: ${verdict}\n→ ${response.status} ${response.text.slice(0, 300)}`,
      );
    }
  });
  const details = await fc.check(property, { numRuns, maxSkipsPerRun: 1000 });
  const failure = details.failed
    ? `${fc.defaultReportMessage(details) ?? 'failed'}\n${details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)}`
    : await findStoredProblem(world);
  const cpu = process.cpuUsage(cpuAtStart);
  const leadsStored = countLeads(world);
  return {
    key,
    numRuns: details.numRuns,
    failure,
    cpuMs: (cpu.user + cpu.system) / 1000,
    leadsStored,
    skippedAsKnownBug,
    responsesChecked,
    responsesOfKnownBug,
  };
}
