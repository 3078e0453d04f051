import {
  type BacktestResponse,
  type CompareResponse,
  type HistoryResponse,
  HistoryResponseSchema,
  type LeadView,
  type Ruleset,
  type RulesetVersion,
  type RulesetVersionSummary,
} from '@leadlight/contract';
import { describe, expect, it } from 'vitest';
import { getActiveRuleset, loadDefaultRuleset } from '../db/active-ruleset';
import { insertUser, issueToken } from '../db/users';
import { seedActiveRuleset } from '../services/rulesets';
import { createLeadViaApi, strongLead, weakLead, withIdentity } from '../testing/leads';
import { createTestContext, readJson, type TestContext, testNow } from '../testing/test-context';

type ErrorBody = { error: { code: string; message: string; details: Record<string, unknown> } };
type VersionBody = { ruleset: RulesetVersion };

/** The shipped default, as a fresh object to edit. */
function baseDefinition(): Ruleset {
  return structuredClone(loadDefaultRuleset().ruleset);
}

/** A second marketing user and their token: the author's own approval never counts. */
function addMarketer(ctx: TestContext): string {
  const context = { actorId: null, now: testNow };
  const user = insertUser(
    ctx.db,
    { name: 'Second marketer', email: 'marketer2@leadlight.test', role: 'marketer' },
    context,
  );
  return issueToken(ctx.db, user.id, 'test', context).secret;
}

async function createDraft(ctx: TestContext, definition: unknown): Promise<RulesetVersion> {
  const response = await ctx.request('POST', '/api/v1/rulesets', { as: 'marketer', body: { definition } });
  const body = await readJson<VersionBody>(response);
  expect(response.status, JSON.stringify(body)).toBe(201);
  return body.ruleset;
}

const versionPath = (ruleset: { rulesetId: string; version: number }) =>
  `/api/v1/rulesets/${ruleset.rulesetId}/versions/${ruleset.version}`;

/** Approved by the rep (sales) and a marketer other than the author (marketing). */
async function approveByBothTeams(ctx: TestContext, ruleset: RulesetVersion, marketerToken: string) {
  expect((await ctx.request('POST', `${versionPath(ruleset)}/approve`, { as: 'rep' })).status).toBe(200);
  const response = await ctx.request('POST', `${versionPath(ruleset)}/approve`, { token: marketerToken });
  expect(response.status).toBe(200);
  return (await readJson<VersionBody>(response)).ruleset;
}

describe('ruleset drafts', () => {
  it('creates numbered drafts of a ruleset and lists them', async () => {
    const ctx = createTestContext();
    const first = await createDraft(ctx, baseDefinition());
    expect(first).toMatchObject({
      key: 'default-b2b@1',
      state: 'draft',
      authorId: ctx.users.marketer.id,
      approvals: [],
      missingApprovals: ['sales', 'marketing'],
    });
    // The client's version number is ignored: the server numbers versions.
    const second = await createDraft(ctx, { ...baseDefinition(), version: 99, name: 'Second try' });
    expect(second.version).toBe(2);
    expect(second.definition.version).toBe(2);
    const list = await readJson<{ items: RulesetVersionSummary[] }>(
      await ctx.request('GET', '/api/v1/rulesets', { as: 'rep' }),
    );
    expect(list.items.map((item) => item.key)).toEqual(['default-b2b@2', 'default-b2b@1']);
    const versions = await readJson<{ items: RulesetVersionSummary[] }>(
      await ctx.request('GET', '/api/v1/rulesets/default-b2b/versions', { as: 'rep' }),
    );
    expect(versions.items).toHaveLength(2);
    expect((await ctx.request('GET', '/api/v1/rulesets/nope/versions')).status).toBe(404);
    const one = await readJson<VersionBody>(await ctx.request('GET', versionPath(second), { as: 'rep' }));
    expect(one.ruleset.definition.name).toBe('Second try');
  });

  it('refuses an invalid definition with every error by path (422), storing nothing', async () => {
    const ctx = createTestContext();
    const definition = baseDefinition() as unknown as Record<string, unknown>;
    const rules = definition.rules as Record<string, unknown>[];
    rules[0] = { ...rules[0], when: { op: 'equals', path: 'person.shoeSize', value: 'x' } };
    definition.thresholds = { mql: 'high' };
    const response = await ctx.request('POST', '/api/v1/rulesets', { as: 'marketer', body: { definition } });
    expect(response.status).toBe(422);
    const body = await readJson<ErrorBody>(response);
    expect(body.error.code).toBe('invalid_ruleset');
    const paths = (body.error.details.errors as { path: string }[]).map((error) => error.path);
    expect(paths).toContain('thresholds.mql');
    expect(
      (await ctx.request('POST', '/api/v1/rulesets', { as: 'marketer', body: { definition: 'nope' } }))
        .status,
    ).toBe(422);
    expect(
      (await ctx.request('POST', '/api/v1/rulesets', { as: 'marketer', body: { rules: [] } })).status,
    ).toBe(400);
    const list = await readJson<{ items: unknown[] }>(await ctx.request('GET', '/api/v1/rulesets'));
    expect(list.items).toEqual([]);
    expect(
      (await ctx.request('POST', '/api/v1/rulesets', { as: 'rep', body: { definition: baseDefinition() } }))
        .status,
    ).toBe(403);
  });

  it('validates without storing', async () => {
    const ctx = createTestContext();
    const ok = await ctx.request('POST', '/api/v1/rulesets/validate', {
      as: 'marketer',
      body: { definition: baseDefinition() },
    });
    expect(await readJson(ok)).toEqual({ ok: true, errors: [] });
    const bad = await readJson<{ ok: boolean; errors: { path: string }[] }>(
      await ctx.request('POST', '/api/v1/rulesets/validate', {
        as: 'marketer',
        body: { definition: { id: 'X' } },
      }),
    );
    expect(bad.ok).toBe(false);
    expect(bad.errors.length).toBeGreaterThan(0);
  });

  it('gives the verdict drafting gives: the server numbers versions, so a definition without one is valid', async () => {
    // Found by test/fuzz/rulesets-api.test.ts: validate said "version: expected number" while drafting accepted it.
    const ctx = createTestContext();
    const { version: _dropped, ...unnumbered } = baseDefinition();
    const verdict = await ctx.request('POST', '/api/v1/rulesets/validate', {
      as: 'marketer',
      body: { definition: unnumbered },
    });
    expect(await readJson(verdict)).toEqual({ ok: true, errors: [] });
    const draft = await createDraft(ctx, unnumbered);
    expect(draft.definition.version).toBe(draft.version);
  });

  it('edits a draft, voiding its approvals, and diffs versions by path', async () => {
    const ctx = createTestContext();
    const marketerToken = addMarketer(ctx);
    const draft = await createDraft(ctx, baseDefinition());
    const approved = await approveByBothTeams(ctx, draft, marketerToken);
    expect(approved.state).toBe('approved');
    expect(approved.missingApprovals).toEqual([]);

    const edited = baseDefinition();
    edited.thresholds.mql += 10;
    const rule = edited.rules.find((candidate) => candidate.id === 'fit-executive');
    if (rule?.kind !== 'fit') throw new Error('the default ruleset changed');
    rule.points += 5;
    const response = await ctx.request('PUT', versionPath(draft), {
      as: 'marketer',
      body: { definition: edited },
    });
    expect(response.status).toBe(200);
    const after = (await readJson<VersionBody>(response)).ruleset;
    expect(after).toMatchObject({ state: 'draft', approvals: [], missingApprovals: ['sales', 'marketing'] });
    expect(after.definition.thresholds.mql).toBe(baseDefinition().thresholds.mql + 10);

    const history = await readJson<{ items: { action: string; after: { voidedApprovals?: string[] } }[] }>(
      await ctx.request('GET', `${versionPath(draft)}/history`),
    );
    expect(history.items.map((entry) => entry.action)).toEqual([
      'ruleset.edited',
      'ruleset.approved',
      'ruleset.approved',
      'ruleset.drafted',
    ]);
    expect(history.items[0]?.after.voidedApprovals).toHaveLength(2);

    const second = await createDraft(ctx, { ...edited, name: 'Stricter' });
    const diff = await readJson<{
      changes: { path: string; kind: string; before?: unknown; after?: unknown }[];
    }>(await ctx.request('GET', '/api/v1/rulesets/default-b2b/diff?from=1&to=2'));
    expect(second.version).toBe(2);
    expect(diff.changes).toEqual(
      expect.arrayContaining([
        { path: 'name', kind: 'changed', before: 'Default B2B', after: 'Stricter' },
        { path: 'version', kind: 'changed', before: 1, after: 2 },
      ]),
    );
    const unchanged = await readJson<{ changes: unknown[] }>(
      await ctx.request('GET', '/api/v1/rulesets/default-b2b/diff?from=1&to=1'),
    );
    expect(unchanged.changes).toEqual([]);
    const fromDefault = await readJson<{ changes: { path: string }[] }>(
      await ctx.request('PUT', versionPath(second), {
        as: 'marketer',
        body: { definition: { ...baseDefinition(), name: 'Stricter' } },
      }),
    );
    expect(fromDefault).toBeDefined();
    const reverted = await readJson<{ changes: { path: string; before?: unknown; after?: unknown }[] }>(
      await ctx.request('GET', '/api/v1/rulesets/default-b2b/diff?from=1&to=2'),
    );
    expect(reverted.changes.map((change) => change.path).sort()).toEqual([
      'name',
      'rules[id=fit-executive].points',
      'thresholds.mql',
      'version',
    ]);
    expect((await ctx.request('GET', '/api/v1/rulesets/default-b2b/diff?from=1&to=9')).status).toBe(404);
    expect((await ctx.request('GET', '/api/v1/rulesets/default-b2b/diff?from=1')).status).toBe(400);
  });

  it('refuses an edit naming another ruleset id, and edits of retired versions', async () => {
    const ctx = createTestContext();
    const draft = await createDraft(ctx, baseDefinition());
    const renamed = await ctx.request('PUT', versionPath(draft), {
      as: 'marketer',
      body: { definition: { ...baseDefinition(), id: 'other' } },
    });
    expect(renamed.status).toBe(422);
    expect((await ctx.request('POST', `${versionPath(draft)}/retire`, { as: 'marketer' })).status).toBe(403);
    const retired = await ctx.request('POST', `${versionPath(draft)}/retire`, { as: 'admin' });
    expect((await readJson<VersionBody>(retired)).ruleset.state).toBe('retired');
    const edit = await ctx.request('PUT', versionPath(draft), {
      as: 'marketer',
      body: { definition: baseDefinition() },
    });
    expect(edit.status).toBe(409);
    expect((await readJson<ErrorBody>(edit)).error.code).toBe('ruleset_not_editable');
    expect((await ctx.request('POST', `${versionPath(draft)}/retire`, { as: 'admin' })).status).toBe(409);
    expect((await ctx.request('POST', `${versionPath(draft)}/approve`, { as: 'rep' })).status).toBe(409);
    expect(
      (
        await ctx.request('PUT', '/api/v1/rulesets/default-b2b/versions/7', {
          as: 'marketer',
          body: { definition: baseDefinition() },
        })
      ).status,
    ).toBe(404);
  });
});

describe('ruleset sign-off and activation', () => {
  it("needs a sales and a marketing approval, never the author's own", async () => {
    const ctx = createTestContext();
    const marketerToken = addMarketer(ctx);
    const draft = await createDraft(ctx, baseDefinition());
    const own = await ctx.request('POST', `${versionPath(draft)}/approve`, { as: 'marketer' });
    expect(own.status).toBe(422);
    expect((await readJson<ErrorBody>(own)).error.code).toBe('own_approval');

    const bySales = await readJson<VersionBody>(
      await ctx.request('POST', `${versionPath(draft)}/approve`, { as: 'rep' }),
    );
    expect(bySales.ruleset).toMatchObject({ state: 'draft', missingApprovals: ['marketing'] });
    expect(bySales.ruleset.approvals).toEqual([
      { userId: ctx.users.rep.id, userName: 'Test rep', team: 'sales', approvedAt: testNow },
    ]);
    // Approving twice changes nothing: the admin is on the sales team too, so marketing is still missing.
    await ctx.request('POST', `${versionPath(draft)}/approve`, { as: 'rep' });
    await ctx.request('POST', `${versionPath(draft)}/approve`, { as: 'admin' });
    const early = await ctx.request('POST', `${versionPath(draft)}/activate`, { as: 'admin' });
    expect(early.status).toBe(409);
    expect(await readJson<ErrorBody>(early)).toMatchObject({
      error: { code: 'ruleset_not_approved', details: { missingApprovals: ['marketing'] } },
    });
    const approved = await readJson<VersionBody>(
      await ctx.request('POST', `${versionPath(draft)}/approve`, { token: marketerToken }),
    );
    expect(approved.ruleset.state).toBe('approved');
    expect(approved.ruleset.approvals).toHaveLength(3);
  });

  it('activates (admins only), rescoring every lead in one go and retiring the previous version', async () => {
    const ctx = createTestContext();
    const marketerToken = addMarketer(ctx);
    const strong = await createLeadViaApi(ctx, strongLead);
    const weak = await createLeadViaApi(ctx, weakLead);
    expect(strong.rulesetId).toBe('default-b2b@1');

    const first = await approveByBothTeams(ctx, await createDraft(ctx, baseDefinition()), marketerToken);
    expect((await ctx.request('POST', `${versionPath(first)}/activate`, { as: 'marketer' })).status).toBe(
      403,
    );
    const activated = await ctx.request('POST', `${versionPath(first)}/activate`, { as: 'admin' });
    expect(activated.status).toBe(200);
    expect(await readJson(activated)).toMatchObject({
      previous: null,
      rescoredLeads: 2,
      ruleset: { state: 'active' },
    });

    // A stricter version: every fit rule worth 10 more, MQL threshold far lower.
    const looser = baseDefinition();
    looser.thresholds.mql = 1;
    const second = await approveByBothTeams(ctx, await createDraft(ctx, looser), marketerToken);
    const response = await ctx.request('POST', `${versionPath(second)}/activate`, { as: 'admin' });
    expect(await readJson(response)).toMatchObject({ previous: 'default-b2b@1', rescoredLeads: 2 });

    const weakAfter = await readJson<{ lead: LeadView }>(
      await ctx.request('GET', `/api/v1/leads/${weak.id}`),
    );
    expect(weakAfter.lead.rulesetId).toBe('default-b2b@2');
    expect(weakAfter.lead.stage).toBe('mql');
    expect(getActiveRuleset(ctx.db).ruleset.thresholds.mql).toBe(1);
    const active = await readJson<{ key: string; stored: boolean }>(
      await ctx.request('GET', '/api/v1/rulesets/active', { as: 'rep' }),
    );
    expect(active).toMatchObject({ key: 'default-b2b@2', stored: true });
    const firstAfter = await readJson<VersionBody>(await ctx.request('GET', versionPath(first)));
    expect(firstAfter.ruleset.state).toBe('retired');
    expect((await ctx.request('POST', `${versionPath(second)}/retire`, { as: 'admin' })).status).toBe(409);
    expect((await ctx.request('POST', `${versionPath(second)}/activate`, { as: 'admin' })).status).toBe(409);

    // A new lead is scored with the active version.
    const another = await createLeadViaApi(ctx, withIdentity(weakLead, 2));
    expect(another.rulesetId).toBe('default-b2b@2');
    const history = await readJson<{ items: { action: string }[] }>(
      await ctx.request('GET', `${versionPath(second)}/history`),
    );
    expect(history.items[0]?.action).toBe('ruleset.activated');
  });

  it('answers the shipped default as active until one is activated', async () => {
    const ctx = createTestContext();
    const active = await readJson<{ key: string; stored: boolean; definition: Ruleset }>(
      await ctx.request('GET', '/api/v1/rulesets/active', { as: 'rep' }),
    );
    expect(active).toMatchObject({ key: 'default-b2b@1', stored: false });
    expect(active.definition.rules.length).toBeGreaterThan(0);
  });
});

describe('seedActiveRuleset (demo)', () => {
  it('stores a definition as the active version and rescores the leads, with history', async () => {
    const ctx = createTestContext();
    const lead = await createLeadViaApi(ctx, weakLead);
    const definition = { ...baseDefinition(), thresholds: { ...baseDefinition().thresholds, mql: 2 } };
    const result = seedActiveRuleset(ctx.db, definition, { actor: null, now: ctx.clock.now() });
    expect(result).toMatchObject({ previous: null, rescored: 1, row: { state: 'active', version: 1 } });
    const view = await readJson<{ lead: LeadView }>(await ctx.request('GET', `/api/v1/leads/${lead.id}`));
    expect(view.lead.stage).toBe('mql');
    const history = await readJson<{ items: { action: string }[] }>(
      await ctx.request('GET', '/api/v1/rulesets/default-b2b/versions/1/history'),
    );
    expect(history.items.map((entry) => entry.action)).toEqual(['ruleset.seeded', 'ruleset.drafted']);
    expect(() => seedActiveRuleset(ctx.db, { id: 'broken' }, { actor: null, now: ctx.clock.now() })).toThrow(
      /ruleset has errors/,
    );
  });
});

describe('backtest and compare', () => {
  /** Leads with known outcomes, as an import of history would store them. */
  async function seedOutcomes(ctx: TestContext) {
    for (let index = 0; index < 6; index += 1) {
      const lead = await createLeadViaApi(ctx, withIdentity(index % 2 === 0 ? strongLead : weakLead, index));
      ctx.db.$client
        .prepare('update leads set has_converted = ? where id = ?')
        .run(index % 2 === 0 ? 1 : 0, lead.id);
    }
    await createLeadViaApi(ctx, withIdentity(weakLead, 99)); // no outcome: not part of backtests
  }

  it('backtests a draft on the stored leads with outcomes, with an optional threshold', async () => {
    const ctx = createTestContext();
    await seedOutcomes(ctx);
    const draft = await createDraft(ctx, baseDefinition());
    const response = await ctx.request('GET', `${versionPath(draft)}/backtest`, { as: 'rep' });
    expect(response.status).toBe(200);
    const { key, result } = await readJson<BacktestResponse>(response);
    expect(key).toBe('default-b2b@1');
    expect(result).toMatchObject({ leads: 6, converted: 3, mqlCount: 3, precision: 1, recall: 1, auc: 1 });
    expect(result.threshold).toBe(baseDefinition().thresholds.mql);
    const lowered = await readJson<BacktestResponse>(
      await ctx.request('GET', `${versionPath(draft)}/backtest?threshold=-1000`),
    );
    expect(lowered.result).toMatchObject({ threshold: -1000, mqlCount: 6, precision: 0.5 });
    expect((await ctx.request('GET', `${versionPath(draft)}/backtest?threshold=abc`)).status).toBe(400);
    expect((await ctx.request('GET', '/api/v1/rulesets/default-b2b/versions/5/backtest')).status).toBe(404);
  });

  it('compares a draft with the active ruleset: leads that change stage and metric deltas', async () => {
    const ctx = createTestContext();
    await seedOutcomes(ctx);
    const loose = baseDefinition();
    loose.thresholds.mql = -1000;
    const draft = await createDraft(ctx, loose);
    const response = await ctx.request('GET', `${versionPath(draft)}/compare?limit=2`, { as: 'rep' });
    expect(response.status).toBe(200);
    const body = await readJson<CompareResponse>(response);
    expect(body).toMatchObject({ base: 'default-b2b@1', candidate: 'default-b2b@1', changedTotal: 3 });
    expect(body.comparison.changed).toHaveLength(2);
    expect(body.comparison.changed[0]).toMatchObject({ from: 'inquiry', to: 'mql', converted: false });
    expect(body.comparison.delta).toMatchObject({ mqlCount: 3, precision: -0.5, recall: 0 });
  });
});

describe('GET /api/v1/rulesets/:id/versions/:version/history', () => {
  /** A draft with `edits` edits: its history holds 1 + edits entries (drafted, then edited each time). */
  async function createEditedDraft(ctx: TestContext, edits: number): Promise<RulesetVersion> {
    const draft = await createDraft(ctx, baseDefinition());
    for (let index = 1; index <= edits; index += 1) {
      const edited = baseDefinition();
      edited.thresholds.mql += index;
      const response = await ctx.request('PUT', versionPath(draft), {
        as: 'marketer',
        body: { definition: edited },
      });
      expect(response.status).toBe(200);
    }
    return draft;
  }

  async function readHistory(ctx: TestContext, path: string): Promise<HistoryResponse> {
    const response = await ctx.request('GET', path, { as: 'rep' });
    const body = await readJson<HistoryResponse>(response);
    expect(response.status, JSON.stringify(body)).toBe(200);
    expect(HistoryResponseSchema.safeParse(body).error).toBeUndefined();
    return body;
  }

  it('pages newest first with limit and cursor, every entry once, and ends with a null cursor', async () => {
    const ctx = createTestContext();
    const draft = await createEditedDraft(ctx, 4);
    const all = await readHistory(ctx, `${versionPath(draft)}/history`);
    expect(all.items.map((entry) => entry.action)).toEqual([
      'ruleset.edited',
      'ruleset.edited',
      'ruleset.edited',
      'ruleset.edited',
      'ruleset.drafted',
    ]);
    expect(all.nextCursor).toBeNull();

    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor === null ? '?limit=2' : `?limit=2&cursor=${encodeURIComponent(cursor)}`;
      const page: HistoryResponse = await readHistory(ctx, `${versionPath(draft)}/history${query}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((entry) => entry.seq));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== null);
    expect(pages).toBe(3);
    expect(seen).toEqual(all.items.map((entry) => entry.seq));

    // An exact fit ends without an empty extra page.
    const exact = await readHistory(ctx, `${versionPath(draft)}/history?limit=5`);
    expect(exact.items).toHaveLength(5);
    expect(exact.nextCursor).toBeNull();
  });

  it('keeps each version to its own entries', async () => {
    const ctx = createTestContext();
    const first = await createEditedDraft(ctx, 2);
    const second = await createDraft(ctx, baseDefinition());
    const page = await readHistory(ctx, `${versionPath(second)}/history?limit=1`);
    expect(page.items.map((entry) => [entry.entityId, entry.action])).toEqual([
      [`${second.rulesetId}@${second.version}`, 'ruleset.drafted'],
    ]);
    expect(page.nextCursor).toBeNull();
    expect((await readHistory(ctx, `${versionPath(first)}/history`)).items).toHaveLength(3);
  });

  it('refuses a cursor it did not give and a limit outside 1–200 (400), and unknown versions (404)', async () => {
    const ctx = createTestContext();
    const draft = await createEditedDraft(ctx, 1);
    for (const cursor of ['abc', '0', '-3', '1.5', '1e3', ' 7', '99999999999999999999']) {
      const response = await ctx.request(
        'GET',
        `${versionPath(draft)}/history?cursor=${encodeURIComponent(cursor)}`,
      );
      expect(response.status, cursor).toBe(400);
      expect((await readJson<ErrorBody>(response)).error.code, cursor).toBe('invalid_cursor');
    }
    for (const limit of ['0', '201', 'x', '2.5']) {
      const response = await ctx.request('GET', `${versionPath(draft)}/history?limit=${limit}`);
      expect(response.status, limit).toBe(400);
      expect((await readJson<ErrorBody>(response)).error.code, limit).toBe('invalid_request');
    }
    expect((await ctx.request('GET', `${versionPath(draft)}/history?limit=200`)).status).toBe(200);
    expect((await ctx.request('GET', `${versionPath(draft)}/history?sort=asc`)).status).toBe(400);
    const missing = await ctx.request('GET', '/api/v1/rulesets/default-b2b/versions/99/history');
    expect(missing.status).toBe(404);
  });
});
