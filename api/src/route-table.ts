import type { Role } from '@leadlight/contract';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteSpec {
  method: HttpMethod;
  /** Full path as Hono matches it, with `:params`. */
  path: string;
  /** Roles allowed past `requireRole`, or 'public' (no token needed), or 'ingest-key' (own authentication). */
  access: readonly Role[] | 'public' | 'ingest-key';
  summary: string;
}

const everyone = ['rep', 'marketer', 'admin'] as const satisfies readonly Role[];
const sales = ['rep', 'admin'] as const satisfies readonly Role[];
const marketing = ['marketer', 'admin'] as const satisfies readonly Role[];
const admins = ['admin'] as const satisfies readonly Role[];

/** Role sets the route files pass to requireRole; the table below says which route uses which. */
export const access = { everyone, sales, marketing, admins } as const;

/**
 * Every route of the API. The role × route matrix test (route-table.test.ts) walks the routes Hono actually has and
 * fails for a route missing here or answering other roles than listed, so a new route cannot skip the check.
 */
export const routeTable: readonly RouteSpec[] = [
  { method: 'GET', path: '/api/v1/health', access: 'public', summary: 'Liveness and version' },
  { method: 'GET', path: '/api/v1/me', access: everyone, summary: 'The caller' },

  {
    method: 'GET',
    path: '/api/v1/lookup',
    access: everyone,
    summary: 'Find a lead by an identity (overlay)',
  },

  { method: 'GET', path: '/api/v1/leads', access: everyone, summary: 'List leads (filters, sort, cursor)' },
  { method: 'POST', path: '/api/v1/leads', access: marketing, summary: 'Create a lead (gate applies)' },
  {
    method: 'POST',
    path: '/api/v1/leads/capture',
    access: everyone,
    summary: 'Capture a prospect from a page',
  },
  { method: 'GET', path: '/api/v1/leads/:id', access: everyone, summary: 'Read one lead' },
  { method: 'PATCH', path: '/api/v1/leads/:id', access: everyone, summary: 'Update a lead (version check)' },
  { method: 'GET', path: '/api/v1/leads/:id/history', access: everyone, summary: 'History of a lead' },
  { method: 'GET', path: '/api/v1/leads/:id/card', access: everyone, summary: 'The overlay card of a lead' },

  { method: 'GET', path: '/api/v1/leads/:id/notes', access: everyone, summary: 'Notes of a lead' },
  { method: 'POST', path: '/api/v1/leads/:id/notes', access: everyone, summary: 'Add a note (idempotent)' },
  { method: 'PATCH', path: '/api/v1/leads/:id/notes/:noteId', access: everyone, summary: 'Edit own note' },
  {
    method: 'GET',
    path: '/api/v1/leads/:id/follow-ups',
    access: everyone,
    summary: 'Follow-ups and attempts',
  },
  {
    method: 'POST',
    path: '/api/v1/leads/:id/follow-ups',
    access: sales,
    summary: 'Log a touch (idempotent)',
  },
  { method: 'GET', path: '/api/v1/leads/:id/qualification', access: everyone, summary: 'Checklist answers' },
  {
    method: 'PUT',
    path: '/api/v1/leads/:id/qualification/:itemId',
    access: sales,
    summary: 'Answer a checklist item',
  },
  {
    method: 'POST',
    path: '/api/v1/leads/:id/stage',
    access: sales,
    summary: 'Move stage (ruleset validates)',
  },

  { method: 'GET', path: '/api/v1/queue', access: sales, summary: "A rep's queue" },
  { method: 'GET', path: '/api/v1/review', access: marketing, summary: 'Review queue' },
  {
    method: 'POST',
    path: '/api/v1/review/:id/reconsider',
    access: marketing,
    summary: 'Back to inquiry, rescored',
  },
  {
    method: 'POST',
    path: '/api/v1/review/:id/confirm',
    access: marketing,
    summary: 'Confirm junk / rejection',
  },

  { method: 'GET', path: '/api/v1/users', access: admins, summary: 'List users' },
  { method: 'POST', path: '/api/v1/users', access: admins, summary: 'Create a user with a first token' },
  { method: 'GET', path: '/api/v1/users/:id/tokens', access: admins, summary: "List a user's tokens" },
  { method: 'POST', path: '/api/v1/users/:id/tokens', access: admins, summary: 'Issue a token (shown once)' },
  { method: 'DELETE', path: '/api/v1/tokens/:id', access: admins, summary: 'Revoke a token' },

  {
    method: 'POST',
    path: '/api/v1/imports',
    access: marketing,
    summary: 'Upload a CSV import (job; dry run)',
  },
  { method: 'GET', path: '/api/v1/imports', access: marketing, summary: 'Recent imports' },
  {
    method: 'GET',
    path: '/api/v1/imports/:id',
    access: marketing,
    summary: 'An import job and its progress',
  },
  {
    method: 'GET',
    path: '/api/v1/imports/:id/rows',
    access: marketing,
    summary: 'Rejected, review, duplicate rows (JSON or CSV)',
  },
  {
    method: 'POST',
    path: '/api/v1/imports/:id/cancel',
    access: marketing,
    summary: 'Stop a running import after its current chunk',
  },
  { method: 'GET', path: '/api/v1/exports/leads', access: marketing, summary: 'Export leads (CSV or JSON)' },
  {
    method: 'GET',
    path: '/api/v1/privacy/leads/:id',
    access: admins,
    summary: 'Everything held about a person',
  },
  { method: 'POST', path: '/api/v1/privacy/leads/:id/erase', access: admins, summary: 'Erase a person' },
  { method: 'GET', path: '/api/v1/privacy/erasures', access: admins, summary: 'Erasures done (who, when)' },

  { method: 'GET', path: '/api/v1/rulesets', access: everyone, summary: 'Every ruleset version' },
  {
    method: 'POST',
    path: '/api/v1/rulesets',
    access: marketing,
    summary: 'Create a draft (422: errors by path)',
  },
  { method: 'GET', path: '/api/v1/rulesets/active', access: everyone, summary: 'The active ruleset' },
  { method: 'POST', path: '/api/v1/rulesets/validate', access: marketing, summary: 'Validate a definition' },
  {
    method: 'GET',
    path: '/api/v1/rulesets/:id/versions',
    access: everyone,
    summary: 'Versions of a ruleset',
  },
  { method: 'GET', path: '/api/v1/rulesets/:id/versions/:version', access: everyone, summary: 'One version' },
  {
    method: 'PUT',
    path: '/api/v1/rulesets/:id/versions/:version',
    access: marketing,
    summary: 'Edit a draft (voids approvals)',
  },
  {
    method: 'GET',
    path: '/api/v1/rulesets/:id/versions/:version/history',
    access: everyone,
    summary: 'History of a version',
  },
  {
    method: 'GET',
    path: '/api/v1/rulesets/:id/versions/:version/backtest',
    access: everyone,
    summary: 'Backtest on leads with outcomes',
  },
  {
    method: 'GET',
    path: '/api/v1/rulesets/:id/versions/:version/compare',
    access: everyone,
    summary: 'Compare with the active ruleset',
  },
  {
    method: 'POST',
    path: '/api/v1/rulesets/:id/versions/:version/approve',
    access: everyone,
    summary: 'Approve (not the author)',
  },
  {
    method: 'POST',
    path: '/api/v1/rulesets/:id/versions/:version/activate',
    access: admins,
    summary: 'Activate, rescoring every lead',
  },
  {
    method: 'POST',
    path: '/api/v1/rulesets/:id/versions/:version/retire',
    access: admins,
    summary: 'Retire a version',
  },
  {
    method: 'GET',
    path: '/api/v1/rulesets/:id/diff',
    access: everyone,
    summary: 'Diff two versions by path',
  },

  {
    method: 'GET',
    path: '/api/v1/stats/waterfall',
    access: everyone,
    summary: 'Waterfall and conversion per period',
  },
  {
    method: 'GET',
    path: '/api/v1/stats/sla',
    access: everyone,
    summary: 'Ignored MQLs and time to first touch',
  },

  {
    method: 'POST',
    path: '/api/v1/ingest/events',
    access: 'ingest-key',
    summary: 'Engagement events (ingest key)',
  },
  { method: 'GET', path: '/api/v1/ingest/keys', access: admins, summary: 'List ingest keys' },
  {
    method: 'POST',
    path: '/api/v1/ingest/keys',
    access: admins,
    summary: 'Issue an ingest key (shown once)',
  },
  { method: 'DELETE', path: '/api/v1/ingest/keys/:id', access: admins, summary: 'Revoke an ingest key' },

  { method: 'GET', path: '/api/v1/alerts', access: everyone, summary: 'My alerts (long-poll with wait)' },
  { method: 'POST', path: '/api/v1/alerts/:seq/read', access: everyone, summary: 'Mark an alert read' },

  { method: 'GET', path: '/api/v1/openapi.json', access: 'public', summary: 'This API as OpenAPI 3.1' },
  { method: 'GET', path: '/api/v1/docs', access: 'public', summary: 'API documentation page' },
];

export function findRouteSpec(method: string, path: string): RouteSpec | undefined {
  return routeTable.find((route) => route.method === method && route.path === path);
}
