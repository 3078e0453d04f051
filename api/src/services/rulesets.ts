import type {
  BacktestResult,
  CompareResponse,
  LeadWithOutcome,
  Role,
  Ruleset,
  RulesetState,
  RulesetVersion,
  RulesetVersionSummary,
  Team,
} from '@leadlight/contract';
import { backtest, compareRulesets, validateRuleset } from '@leadlight/rules';
import { type ActiveRuleset, compileActiveRuleset, getActiveRuleset } from '../db/active-ruleset';
import type { Db, DbOrTx } from '../db/client';
import { appendHistory } from '../db/history';
import { loadLead } from '../db/leads';
import {
  deleteRulesetApprovals,
  findActiveRulesetVersion,
  findLatestRulesetVersionNumber,
  findRulesetVersion,
  insertRulesetApproval,
  insertRulesetVersion,
  listAllLeadIds,
  listLeadIdsWithOutcome,
  listRulesetApprovals,
  type RulesetVersionRow,
  readRulesetDefinition,
  updateRulesetVersion,
} from '../db/rulesets';
import { conflict, notFound, unprocessable } from '../lib/errors';
import { hashSha256 } from '../lib/ids';
import { rescoreLeadAndAlert } from './alerts';
import { buildScoringLead } from './lead-writes';

/** Who changes a ruleset and when; `actor` null for the system (demo seeding). */
export interface RulesetContext {
  actor: { id: string; role: Role; team: Team } | null;
  now: Date;
}

const requiredTeams: readonly Team[] = ['sales', 'marketing'];

export function toRulesetKey(rulesetId: string, version: number): string {
  return `${rulesetId}@${version}`;
}

export function toRulesetVersionSummary(db: DbOrTx, row: RulesetVersionRow): RulesetVersionSummary {
  const approvals = listRulesetApprovals(db, row.rulesetId, row.version);
  const approvedTeams = new Set(approvals.map((approval) => approval.team));
  return {
    key: toRulesetKey(row.rulesetId, row.version),
    rulesetId: row.rulesetId,
    version: row.version,
    name: row.name,
    state: row.state,
    authorId: row.authorId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    activatedAt: row.activatedAt,
    retiredAt: row.retiredAt,
    approvals,
    missingApprovals: requiredTeams.filter((team) => !approvedTeams.has(team)),
  };
}

export function toRulesetVersion(db: DbOrTx, row: RulesetVersionRow): RulesetVersion {
  return { ...toRulesetVersionSummary(db, row), definition: readRulesetDefinition(row) };
}

export function requireRulesetVersion(db: DbOrTx, rulesetId: string, version: number): RulesetVersionRow {
  const row = findRulesetVersion(db, rulesetId, version);
  if (!row) throw notFound('Ruleset version', { key: toRulesetKey(rulesetId, version) });
  return row;
}

/**
 * Validates a definition with the rules package, `version` forced to the server's number. Errors come back as a 422
 * listing every problem by path ("rules.3.when.path"), so an editor can point at each one.
 */
export function parseRulesetDefinition(json: unknown, version: number): Ruleset {
  const result = validateWithVersion(json, version);
  if (!result.ok) {
    throw unprocessable('invalid_ruleset', 'The ruleset has errors', { errors: result.errors });
  }
  return result.ruleset;
}

function validateWithVersion(json: unknown, version: number) {
  const candidate =
    json !== null && typeof json === 'object' && !Array.isArray(json) ? { ...json, version } : json;
  return validateRuleset(candidate);
}

/**
 * The verdict drafting would give, without storing anything: the same forced version, so "valid" here means a draft
 * of it is accepted (a definition without `version` is fine; the server numbers versions).
 */
export function checkRulesetDraft(db: DbOrTx, json: unknown): ReturnType<typeof validateRuleset> {
  return validateWithVersion(json, nextVersionNumber(db, readRulesetId(json)));
}

function hashDefinition(definition: Ruleset): string {
  return hashSha256(JSON.stringify(definition));
}

function nextVersionNumber(db: DbOrTx, rulesetId: string | undefined): number {
  return rulesetId === undefined ? 1 : findLatestRulesetVersionNumber(db, rulesetId) + 1;
}

function readRulesetId(json: unknown): string | undefined {
  if (json === null || typeof json !== 'object') return undefined;
  const id = (json as { id?: unknown }).id;
  return typeof id === 'string' ? id : undefined;
}

function recordRulesetHistory(
  db: DbOrTx,
  row: { rulesetId: string; version: number },
  action: string,
  context: RulesetContext,
  before: unknown,
  after: unknown,
): void {
  appendHistory(db, {
    entityType: 'ruleset',
    entityId: toRulesetKey(row.rulesetId, row.version),
    action,
    actorId: context.actor?.id ?? null,
    at: context.now.toISOString(),
    before,
    after,
  });
}

/** Stores a new draft: the next version of the ruleset id named in the definition. */
export function createRulesetDraft(db: DbOrTx, json: unknown, context: RulesetContext): RulesetVersionRow {
  const rulesetId = readRulesetId(json);
  const version = nextVersionNumber(db, rulesetId);
  const definition = parseRulesetDefinition(json, version);
  const now = context.now.toISOString();
  const row: RulesetVersionRow = {
    rulesetId: definition.id,
    version,
    name: definition.name,
    state: 'draft',
    definition,
    definitionHash: hashDefinition(definition),
    authorId: context.actor?.id ?? null,
    createdAt: now,
    updatedAt: now,
    activatedAt: null,
    activatedBy: null,
    retiredAt: null,
  };
  insertRulesetVersion(db, row);
  recordRulesetHistory(db, row, 'ruleset.drafted', context, null, { state: 'draft', definition });
  return row;
}

const editableStates: ReadonlySet<RulesetState> = new Set(['draft', 'approved']);

/** Replaces a draft's definition. Any approval it had is voided: people approved the text they read. */
export function editRulesetDraft(
  db: DbOrTx,
  rulesetId: string,
  version: number,
  json: unknown,
  context: RulesetContext,
): RulesetVersionRow {
  const row = requireRulesetVersion(db, rulesetId, version);
  if (!editableStates.has(row.state)) {
    throw conflict('ruleset_not_editable', `A ${row.state} version cannot be edited; create a new draft`, {
      state: row.state,
    });
  }
  const definition = parseRulesetDefinition(json, version);
  if (definition.id !== rulesetId) {
    throw unprocessable('invalid_ruleset', 'The definition names another ruleset', {
      errors: [{ path: 'id', message: `must be "${rulesetId}" (the version being edited)` }],
    });
  }
  const voided = listRulesetApprovals(db, rulesetId, version);
  deleteRulesetApprovals(db, rulesetId, version);
  const now = context.now.toISOString();
  updateRulesetVersion(db, rulesetId, version, {
    name: definition.name,
    state: 'draft',
    definition,
    definitionHash: hashDefinition(definition),
    updatedAt: now,
  });
  recordRulesetHistory(
    db,
    row,
    'ruleset.edited',
    context,
    { state: row.state, definition: row.definition, approvals: voided },
    { state: 'draft', definition, voidedApprovals: voided.map((approval) => approval.userId) },
  );
  return requireRulesetVersion(db, rulesetId, version);
}

/**
 * Records the caller's approval. Activation needs one approval from a sales user and one from a marketing user;
 * the author's own approval does not count, so it is refused. With both teams in, the version becomes `approved`.
 */
export function approveRulesetVersion(
  db: DbOrTx,
  rulesetId: string,
  version: number,
  context: RulesetContext & { actor: NonNullable<RulesetContext['actor']> },
): RulesetVersionRow {
  const row = requireRulesetVersion(db, rulesetId, version);
  if (!editableStates.has(row.state)) {
    throw conflict('ruleset_not_approvable', `A ${row.state} version cannot be approved`, {
      state: row.state,
    });
  }
  if (row.authorId === context.actor.id) {
    throw unprocessable('own_approval', "The author's own approval does not count; ask a colleague", {
      authorId: row.authorId,
    });
  }
  insertRulesetApproval(db, {
    rulesetId,
    version,
    userId: context.actor.id,
    team: context.actor.team,
    approvedAt: context.now.toISOString(),
  });
  const teams = new Set(listRulesetApprovals(db, rulesetId, version).map((approval) => approval.team));
  const state: RulesetState = requiredTeams.every((team) => teams.has(team)) ? 'approved' : 'draft';
  if (state !== row.state)
    updateRulesetVersion(db, rulesetId, version, { state, updatedAt: context.now.toISOString() });
  recordRulesetHistory(
    db,
    row,
    'ruleset.approved',
    context,
    { state: row.state },
    {
      state,
      team: context.actor.team,
    },
  );
  return requireRulesetVersion(db, rulesetId, version);
}

export interface ActivationResult {
  row: RulesetVersionRow;
  previous: string | null;
  rescored: number;
  alerts: number;
  recipientIds: string[];
}

/** Makes `row` the active version and rescores every lead with it; run inside one transaction. */
function switchActiveVersion(
  db: DbOrTx,
  row: RulesetVersionRow,
  context: RulesetContext,
  action: 'ruleset.activated' | 'ruleset.seeded',
): ActivationResult {
  const now = context.now.toISOString();
  const previous = findActiveRulesetVersion(db);
  if (previous) {
    updateRulesetVersion(db, previous.rulesetId, previous.version, {
      state: 'retired',
      retiredAt: now,
      updatedAt: now,
    });
    recordRulesetHistory(
      db,
      previous,
      'ruleset.retired',
      context,
      { state: 'active' },
      {
        state: 'retired',
        replacedBy: toRulesetKey(row.rulesetId, row.version),
      },
    );
  }
  updateRulesetVersion(db, row.rulesetId, row.version, {
    state: 'active',
    activatedAt: now,
    activatedBy: context.actor?.id ?? null,
    retiredAt: null,
    updatedAt: now,
  });
  const ruleset = getActiveRuleset(db);
  const writeContext = {
    actor: context.actor === null ? null : { id: context.actor.id, role: context.actor.role },
    now: context.now,
    ruleset,
  };
  let alerts = 0;
  const recipients = new Set<string>();
  const leadIds = listAllLeadIds(db);
  for (const leadId of leadIds) {
    const outcome = rescoreLeadAndAlert(db, leadId, writeContext);
    alerts += outcome.alerts.length;
    for (const id of outcome.recipientIds) recipients.add(id);
  }
  const previousKey = previous ? toRulesetKey(previous.rulesetId, previous.version) : null;
  recordRulesetHistory(
    db,
    row,
    action,
    context,
    { state: row.state, previous: previousKey },
    {
      state: 'active',
      rescoredLeads: leadIds.length,
    },
  );
  return {
    row: requireRulesetVersion(db, row.rulesetId, row.version),
    previous: previousKey,
    rescored: leadIds.length,
    alerts,
    recipientIds: [...recipients],
  };
}

/**
 * Activates an approved version (admins): the previous active version is retired and every lead is rescored, all in
 * the caller's transaction, so readers see either the old ruleset and scores or the new ones.
 */
export function activateRulesetVersion(
  db: DbOrTx,
  rulesetId: string,
  version: number,
  context: RulesetContext,
): ActivationResult {
  const row = requireRulesetVersion(db, rulesetId, version);
  if (row.state !== 'approved') {
    const missing = toRulesetVersionSummary(db, row).missingApprovals;
    throw conflict(
      'ruleset_not_approved',
      `Only an approved version can be activated (this one is ${row.state})`,
      {
        state: row.state,
        missingApprovals: missing,
      },
    );
  }
  return switchActiveVersion(db, row, context, 'ruleset.activated');
}

/** Retires a draft or approved version nobody will activate. The active one is replaced by activating another. */
export function retireRulesetVersion(
  db: DbOrTx,
  rulesetId: string,
  version: number,
  context: RulesetContext,
): RulesetVersionRow {
  const row = requireRulesetVersion(db, rulesetId, version);
  if (row.state === 'active') {
    throw conflict('ruleset_active', 'The active version is retired by activating another one', {
      state: row.state,
    });
  }
  if (row.state === 'retired') {
    throw conflict('ruleset_retired', 'This version is already retired', { state: row.state });
  }
  const now = context.now.toISOString();
  updateRulesetVersion(db, rulesetId, version, { state: 'retired', retiredAt: now, updatedAt: now });
  recordRulesetHistory(db, row, 'ruleset.retired', context, { state: row.state }, { state: 'retired' });
  return requireRulesetVersion(db, rulesetId, version);
}

/**
 * Stores `definition` as the active ruleset without the sign-off (the demo and first installs: somebody has to
 * start), retiring any active one and rescoring every lead, in one transaction. Returns the stored version.
 */
export function seedActiveRuleset(db: Db, definition: unknown, context: RulesetContext): ActivationResult {
  return db.transaction((tx) => {
    const draft = createRulesetDraft(tx, definition, context);
    return switchActiveVersion(tx, draft, context, 'ruleset.seeded');
  });
}

/** The stored leads with a known outcome, as the rules package's backtest input. */
export function loadLeadsWithOutcomes(db: DbOrTx): LeadWithOutcome[] {
  const result: LeadWithOutcome[] = [];
  for (const { id, hasConverted } of listLeadIdsWithOutcome(db)) {
    const record = loadLead(db, id);
    if (record) result.push({ lead: buildScoringLead(db, record), converted: hasConverted });
  }
  return result;
}

function compileVersion(row: RulesetVersionRow): ActiveRuleset {
  return compileActiveRuleset(readRulesetDefinition(row));
}

export function backtestRulesetVersion(
  db: DbOrTx,
  rulesetId: string,
  version: number,
  options: { now: Date; threshold?: number | undefined },
): BacktestResult {
  const row = requireRulesetVersion(db, rulesetId, version);
  const leads = loadLeadsWithOutcomes(db);
  return backtest(compileVersion(row).compiled, leads, {
    now: options.now,
    ...(options.threshold === undefined ? {} : { threshold: options.threshold }),
  });
}

/** What activating this version would change against the active ruleset, on the stored leads with outcomes. */
export function compareWithActiveRuleset(
  db: DbOrTx,
  rulesetId: string,
  version: number,
  options: { now: Date; limit: number },
): CompareResponse {
  const row = requireRulesetVersion(db, rulesetId, version);
  const active = getActiveRuleset(db);
  const leads = loadLeadsWithOutcomes(db);
  const comparison = compareRulesets(active.compiled, compileVersion(row).compiled, leads, {
    now: options.now,
  });
  return {
    base: toRulesetKey(active.ruleset.id, active.ruleset.version),
    candidate: toRulesetKey(rulesetId, version),
    comparison: { ...comparison, changed: comparison.changed.slice(0, options.limit) },
    changedTotal: comparison.changed.length,
  };
}
