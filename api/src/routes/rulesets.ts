import {
  BacktestQuerySchema,
  CompareQuerySchema,
  HistoryQuerySchema,
  type HistoryResponse,
  RulesetDiffQuerySchema,
  RulesetIdParamSchema,
  RulesetVersionParamSchema,
  SaveRulesetDraftRequestSchema,
} from '@leadlight/contract';
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { getActiveRuleset } from '../db/active-ruleset';
import type { DbOrTx } from '../db/client';
import { listEntityHistoryPage, parseHistoryCursor } from '../db/history';
import {
  findActiveRulesetVersion,
  listRulesetVersions,
  type RulesetVersionRow,
  readRulesetDefinition,
} from '../db/rulesets';
import { notFound } from '../lib/errors';
import { requireRole } from '../middleware/auth';
import { validate } from '../middleware/validate';
import { access } from '../route-table';
import { getAlertNotifier } from '../services/alerts-notifier';
import {
  activateRulesetVersion,
  approveRulesetVersion,
  backtestRulesetVersion,
  checkRulesetDraft,
  compareWithActiveRuleset,
  createRulesetDraft,
  editRulesetDraft,
  type RulesetContext,
  requireRulesetVersion,
  retireRulesetVersion,
  toRulesetKey,
  toRulesetVersion,
  toRulesetVersionSummary,
} from '../services/rulesets';
import { diffJson } from '../services/rulesets-diff';

function createRulesetContext(c: Context<AppEnv>) {
  const user = c.get('user');
  return {
    actor: { id: user.id, role: user.role, team: user.team },
    now: c.get('clock').now(),
  } satisfies RulesetContext;
}

/** A state change of one version (approve, retire): one transaction, answered with the version as it now is. */
type RulesetTransition = (
  db: DbOrTx,
  rulesetId: string,
  version: number,
  context: ReturnType<typeof createRulesetContext>,
) => RulesetVersionRow;

function respondWithTransition(
  c: Context<AppEnv>,
  params: { id: string; version: number },
  transition: RulesetTransition,
) {
  const context = createRulesetContext(c);
  const db = c.get('db');
  const row = db.transaction((tx) => transition(tx, params.id, params.version, context));
  return c.json({ ruleset: toRulesetVersion(db, row) });
}

/**
 * Rulesets with sign-off. Marketers (and admins) write drafts; anyone may read, backtest and compare them; a sales
 * user and a marketing user other than the author approve; admins activate (every lead rescored in one transaction)
 * and retire.
 */
export const rulesetRoutes = new Hono<AppEnv>()
  .get('/', requireRole({ roles: access.everyone }), (c) => {
    const db = c.get('db');
    return c.json({ items: listRulesetVersions(db).map((row) => toRulesetVersionSummary(db, row)) });
  })
  .get('/active', requireRole({ roles: access.everyone }), (c) => {
    const db = c.get('db');
    const row = findActiveRulesetVersion(db);
    if (row) {
      return c.json({
        key: toRulesetKey(row.rulesetId, row.version),
        stored: true,
        definition: readRulesetDefinition(row),
      });
    }
    const { ruleset } = getActiveRuleset(db);
    return c.json({ key: toRulesetKey(ruleset.id, ruleset.version), stored: false, definition: ruleset });
  })
  .post(
    '/validate',
    requireRole({ roles: access.marketing }),
    validate('json', SaveRulesetDraftRequestSchema),
    (c) => {
      const result = checkRulesetDraft(c.get('db'), c.req.valid('json').definition);
      return c.json(result.ok ? { ok: true, errors: [] } : { ok: false, errors: result.errors });
    },
  )
  .post(
    '/',
    requireRole({ roles: access.marketing }),
    validate('json', SaveRulesetDraftRequestSchema),
    (c) => {
      const { definition } = c.req.valid('json');
      const context = createRulesetContext(c);
      const db = c.get('db');
      const row = db.transaction((tx) => createRulesetDraft(tx, definition, context));
      return c.json({ ruleset: toRulesetVersion(db, row) }, 201);
    },
  )
  .get(
    '/:id/versions',
    requireRole({ roles: access.everyone }),
    validate('param', RulesetIdParamSchema),
    (c) => {
      const { id } = c.req.valid('param');
      const db = c.get('db');
      const rows = listRulesetVersions(db, id);
      if (rows.length === 0) throw notFound('Ruleset', { rulesetId: id });
      return c.json({ items: rows.map((row) => toRulesetVersionSummary(db, row)) });
    },
  )
  .get(
    '/:id/versions/:version',
    requireRole({ roles: access.everyone }),
    validate('param', RulesetVersionParamSchema),
    (c) => {
      const { id, version } = c.req.valid('param');
      const db = c.get('db');
      return c.json({ ruleset: toRulesetVersion(db, requireRulesetVersion(db, id, version)) });
    },
  )
  .put(
    '/:id/versions/:version',
    requireRole({ roles: access.marketing }),
    validate('param', RulesetVersionParamSchema),
    validate('json', SaveRulesetDraftRequestSchema),
    (c) => {
      const { id, version } = c.req.valid('param');
      const { definition } = c.req.valid('json');
      const context = createRulesetContext(c);
      const db = c.get('db');
      const row = db.transaction((tx) => editRulesetDraft(tx, id, version, definition, context));
      return c.json({ ruleset: toRulesetVersion(db, row) });
    },
  )
  .get(
    '/:id/versions/:version/history',
    requireRole({ roles: access.everyone }),
    validate('param', RulesetVersionParamSchema),
    validate('query', HistoryQuerySchema),
    (c) => {
      const { id, version } = c.req.valid('param');
      const { cursor, limit } = c.req.valid('query');
      const db = c.get('db');
      requireRulesetVersion(db, id, version);
      // Paged: every entry holds whole definitions, so an often-edited version's history grows heavy.
      const body: HistoryResponse = listEntityHistoryPage(db, 'ruleset', toRulesetKey(id, version), {
        limit,
        beforeSeq: parseHistoryCursor(cursor),
      });
      return c.json(body);
    },
  )
  .get(
    '/:id/versions/:version/backtest',
    requireRole({ roles: access.everyone }),
    validate('param', RulesetVersionParamSchema),
    validate('query', BacktestQuerySchema),
    (c) => {
      const { id, version } = c.req.valid('param');
      const { threshold } = c.req.valid('query');
      const result = backtestRulesetVersion(c.get('db'), id, version, {
        now: c.get('clock').now(),
        threshold,
      });
      return c.json({ key: toRulesetKey(id, version), result });
    },
  )
  .get(
    '/:id/versions/:version/compare',
    requireRole({ roles: access.everyone }),
    validate('param', RulesetVersionParamSchema),
    validate('query', CompareQuerySchema),
    (c) => {
      const { id, version } = c.req.valid('param');
      const { limit } = c.req.valid('query');
      return c.json(compareWithActiveRuleset(c.get('db'), id, version, { now: c.get('clock').now(), limit }));
    },
  )
  .post(
    '/:id/versions/:version/approve',
    requireRole({ roles: access.everyone }),
    validate('param', RulesetVersionParamSchema),
    (c) => respondWithTransition(c, c.req.valid('param'), approveRulesetVersion),
  )
  .post(
    '/:id/versions/:version/activate',
    requireRole({ roles: access.admins }),
    validate('param', RulesetVersionParamSchema),
    (c) => {
      const { id, version } = c.req.valid('param');
      const context = createRulesetContext(c);
      const db = c.get('db');
      const result = db.transaction((tx) => activateRulesetVersion(tx, id, version, context));
      getAlertNotifier(db).notify(result.recipientIds);
      return c.json({
        ruleset: toRulesetVersion(db, result.row),
        previous: result.previous,
        rescoredLeads: result.rescored,
        alerts: result.alerts,
      });
    },
  )
  .post(
    '/:id/versions/:version/retire',
    requireRole({ roles: access.admins }),
    validate('param', RulesetVersionParamSchema),
    (c) => respondWithTransition(c, c.req.valid('param'), retireRulesetVersion),
  )
  .get(
    '/:id/diff',
    requireRole({ roles: access.everyone }),
    validate('param', RulesetIdParamSchema),
    validate('query', RulesetDiffQuerySchema),
    (c) => {
      const { id } = c.req.valid('param');
      const { from, to } = c.req.valid('query');
      const db = c.get('db');
      const before = requireRulesetVersion(db, id, from);
      const after = requireRulesetVersion(db, id, to);
      return c.json({
        from: toRulesetKey(id, from),
        to: toRulesetKey(id, to),
        changes: diffJson(before.definition, after.definition),
      });
    },
  );
