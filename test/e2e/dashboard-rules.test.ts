import {
  ActiveRulesetResponseSchema,
  BacktestResponseSchema,
  type BacktestResult,
  CompareResponseSchema,
  RulesetDiffResponseSchema,
  RulesetVersionResponseSchema,
} from '@leadlight/contract';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type DemoUser, type E2eEnvironment, startE2eEnvironment } from './harness/environment';
import { overlayBadge } from './harness/extension-ui';
import { siteCases } from './sites';

/*
 * The Rules screen in the built extension, in Chromium, against the real API on the demo database, whose active
 * ruleset is X Education's. The demo's marketer drafts a change in the form ("Occupation not given" from −9 to −20
 * points), saves it and runs the backtest, whose figures on screen must equal the API's own backtest of the same
 * version; a sales user and a second marketer (not the author) approve through the dashboard; the admin activates;
 * every lead is rescored, and Jordan Ellis (on the HubSpot test page, no occupation given) shows the new score on
 * the overlay's badge.
 */

const rulesetId = 'x-education';
const changedRuleId = 'occupation-missing';
const newPoints = -20;
const hubspot = siteCases.find((siteCase) => siteCase.site === 'hubspot');
if (!hubspot) throw new Error('sites.ts has no HubSpot page');
const jordan = hubspot.known;

describe('dashboard: rules from draft to activation', () => {
  let env: E2eEnvironment;
  let marketer: DemoUser;
  let rep: DemoUser;
  let admin: DemoUser;
  let secondMarketerToken: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    env = await startE2eEnvironment({ name: 'dashboard-rules', demo: true });
    const byRole = (role: string) => {
      const user = env.demoUsers.find((candidate) => candidate.role === role);
      if (!user) throw new Error(`the demo has no ${role}`);
      return user;
    };
    marketer = byRole('marketer');
    rep = byRole('rep');
    admin = byRole('admin');
    // The author's own approval does not count: marketing's sign-off needs a second marketer.
    secondMarketerToken = (
      await env.admin.createUser('Jo Marketing', 'jo.marketing@leadlight.test', 'marketer')
    ).token;
  }, 300_000);

  afterAll(async () => {
    await env?.close();
  });

  async function readApi(token: string, path: string): Promise<unknown> {
    const response = await fetch(`${env.api.url}/api/v1${path}`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(60_000),
    });
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
    return response.json();
  }

  async function openRules(token: string, hash: string): Promise<Page> {
    await env.signInAs(token);
    const page = await env.browser.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${hash}: ${error.message}`));
    await page.goto(`chrome-extension://${env.browser.extensionId}/dashboard.html#/rules${hash}`);
    await page.locator('main[data-screen="rules"]').waitFor({ timeout: 15_000 });
    return page;
  }

  async function readFigure(page: Page, name: string): Promise<number | null> {
    const value = await page.getByTestId(`bt-${name}`).getAttribute('data-value');
    return value === null || value === '' ? null : Number(value);
  }

  test('a marketer drafts and backtests, sales and marketing approve, an admin activates, the overlay rescores', async () => {
    const jordanId = await env.admin.findLeadId(jordan.identity);
    if (!jordanId) throw new Error('the demo has no Jordan Ellis');
    const scoreBefore = (await env.admin.getLead(jordanId)).score;
    expect(scoreBefore).not.toBeNull();
    const active = ActiveRulesetResponseSchema.parse(await readApi(marketer.token, '/rulesets/active'));
    const ruleIndex = active.definition.rules.findIndex((rule) => rule.id === changedRuleId);
    const oldRule = active.definition.rules[ruleIndex];
    if (oldRule?.kind !== 'fit') throw new Error(`the active ruleset has no fit rule ${changedRuleId}`);

    // The marketer drafts from the active ruleset and changes the occupation rule in the form.
    const editor = await openRules(marketer.token, '');
    await editor.getByTestId('active-ruleset').waitFor();
    expect(await editor.getByTestId('active-ruleset').textContent()).toContain(active.key);
    await editor.getByTestId('new-draft').click();
    await editor.waitForURL(`**/dashboard.html#/rules/${rulesetId}/2`);
    await editor.getByTestId('ruleset-form').waitFor({ timeout: 15_000 });
    const pointsField = editor.locator(`#ll-rules-field-rules-${ruleIndex}-points`);
    expect(await pointsField.inputValue()).toBe(String(oldRule.points));
    await pointsField.fill(String(newPoints));
    await editor.getByTestId('save-draft').click();
    await editor.getByTestId('save-status').filter({ hasText: 'Saved.' }).waitFor();
    await pointsField.scrollIntoViewIfNeeded();
    await env.screenshot(editor, 'dashboard-rules-editor');
    const stored = RulesetVersionResponseSchema.parse(
      await readApi(marketer.token, `/rulesets/${rulesetId}/versions/2`),
    );
    expect(stored.ruleset.definition.rules[ruleIndex]).toEqual({ ...oldRule, points: newPoints });
    expect(stored.ruleset.state).toBe('draft');

    // The backtest on screen is the API's own.
    await editor.getByTestId('tab-backtest').click();
    await editor.getByTestId('run-backtest').click();
    await editor.getByTestId('backtest-result').waitFor({ timeout: 150_000 });
    const apiBacktest = BacktestResponseSchema.parse(
      await readApi(marketer.token, `/rulesets/${rulesetId}/versions/2/backtest`),
    );
    const expected: BacktestResult = apiBacktest.result;
    expect(expected.leads).toBeGreaterThan(1000);
    expect(await editor.getByTestId('backtest-result').getAttribute('data-key')).toBe(`${rulesetId}@2`);
    const shown = {
      leads: await readFigure(editor, 'leads'),
      threshold: await readFigure(editor, 'threshold'),
      mqlCount: await readFigure(editor, 'mql-count'),
      mqlShare: await readFigure(editor, 'mql-share'),
      precision: await readFigure(editor, 'precision'),
      recall: await readFigure(editor, 'recall'),
      f1: await readFigure(editor, 'f1'),
      auc: await readFigure(editor, 'auc'),
      confusion: {
        truePositive: await readFigure(editor, 'tp'),
        falsePositive: await readFigure(editor, 'fp'),
        trueNegative: await readFigure(editor, 'tn'),
        falseNegative: await readFigure(editor, 'fn'),
      },
    };
    expect(shown).toEqual({
      leads: expected.leads,
      threshold: expected.threshold,
      mqlCount: expected.mqlCount,
      mqlShare: expected.mqlShare,
      precision: expected.precision,
      recall: expected.recall,
      f1: expected.f1,
      auc: expected.auc,
      confusion: expected.confusion,
    });
    const shownLifts = await editor
      .getByTestId('lift-table')
      .locator('tbody td[data-value]')
      .evaluateAll((cells) => cells.map((cell) => cell.getAttribute('data-value')));
    expect(shownLifts).toEqual(
      expected.deciles.map((decile) => (decile.lift === null ? '' : String(decile.lift))),
    );
    // The chart drew on its canvas (Chart.js sizes it; a failed chart leaves the default 300×150).
    const canvasBox = await editor.getByTestId('lift-chart').boundingBox();
    expect(canvasBox?.height).toBeGreaterThan(150);
    await env.screenshot(editor, 'dashboard-rules-backtest');

    // Another threshold, explored without editing the draft (the third decile's lowest score): the screen asks the
    // API with ?threshold= and shows its answer for that threshold.
    const exploreThreshold = expected.deciles[2]?.minScore;
    if (exploreThreshold === null || exploreThreshold === undefined)
      throw new Error('the backtest has no deciles');
    await editor.getByLabel('MQL threshold').fill(String(exploreThreshold));
    await editor.getByTestId('run-backtest').click();
    await editor
      .locator(`[data-testid="bt-threshold"][data-value="${exploreThreshold}"]`)
      .waitFor({ timeout: 150_000 });
    const explored = BacktestResponseSchema.parse(
      await readApi(
        marketer.token,
        `/rulesets/${rulesetId}/versions/2/backtest?threshold=${exploreThreshold}`,
      ),
    ).result;
    expect(explored.threshold).toBe(exploreThreshold);
    expect({
      mqlCount: await readFigure(editor, 'mql-count'),
      precision: await readFigure(editor, 'precision'),
      recall: await readFigure(editor, 'recall'),
      auc: await readFigure(editor, 'auc'),
      truePositive: await readFigure(editor, 'tp'),
      falsePositive: await readFigure(editor, 'fp'),
    }).toEqual({
      mqlCount: explored.mqlCount,
      precision: explored.precision,
      recall: explored.recall,
      auc: explored.auc,
      truePositive: explored.confusion.truePositive,
      falsePositive: explored.confusion.falsePositive,
    });
    await env.screenshot(editor, 'dashboard-rules-backtest-threshold');

    // The comparison with the active ruleset: Jordan's kind of lead moves; the count is the API's.
    await editor.getByTestId('tab-compare').click();
    await editor.getByTestId('run-compare').click();
    await editor.getByTestId('compare-result').waitFor({ timeout: 150_000 });
    const apiCompare = CompareResponseSchema.parse(
      await readApi(marketer.token, `/rulesets/${rulesetId}/versions/2/compare?limit=25`),
    );
    expect(Number(await editor.getByTestId('compare-changed-total').textContent())).toBe(
      apiCompare.changedTotal,
    );
    if (apiCompare.comparison.changed[0]?.leadId) {
      expect(await editor.getByTestId('compare-examples').locator('a').first().getAttribute('href')).toBe(
        `#/leads/${apiCompare.comparison.changed[0].leadId}`,
      );
    }
    await env.screenshot(editor, 'dashboard-rules-compare');

    // The author cannot approve their own draft.
    await editor.getByTestId('tab-approvals').click();
    await editor
      .getByTestId('approve-hint')
      .filter({ hasText: 'your own approval does not count' })
      .waitFor();
    expect(await editor.getByTestId('approve').isDisabled()).toBe(true);
    await editor.close();

    // Sales approves.
    const sales = await openRules(rep.token, `/${rulesetId}/2`);
    await sales.getByTestId('tab-approvals').click();
    await sales.getByTestId('approve').click();
    await sales.getByTestId('approval-sales').filter({ hasText: rep.name }).waitFor();
    expect(await sales.getByTestId('approval-marketing').textContent()).toContain('Missing');
    await sales.close();

    // Marketing approves (not the author): the version is approved.
    const marketing = await openRules(secondMarketerToken, `/${rulesetId}/2`);
    await marketing.getByTestId('tab-approvals').click();
    await marketing.getByTestId('approve').click();
    await marketing.getByTestId('approval-marketing').filter({ hasText: 'Jo Marketing' }).waitFor();
    await marketing.locator('[data-testid="rules-version"][data-state="approved"]').waitFor();
    await env.screenshot(marketing, 'dashboard-rules-approvals');
    await marketing.close();

    // The admin activates; every lead is rescored.
    const activation = await openRules(admin.token, `/${rulesetId}/2`);
    await activation.getByTestId('tab-approvals').click();
    await activation.getByTestId('activate').click();
    await activation.getByTestId('confirm-activate').click();
    await activation
      .getByTestId('rules-notice')
      .filter({ hasText: 'Activated' })
      .waitFor({ timeout: 300_000 });
    await activation.locator('[data-testid="rules-version"][data-state="active"]').waitFor();
    const nowActive = ActiveRulesetResponseSchema.parse(await readApi(admin.token, '/rulesets/active'));
    expect(nowActive.key).toBe(`${rulesetId}@2`);

    // The diff between the two versions names the changed rule.
    await activation.getByTestId('tab-history').click();
    await activation.getByTestId('version-table').waitFor();
    await activation.getByTestId('diff-from').selectOption('1');
    await activation.getByTestId('diff-to').selectOption('2');
    await activation.getByTestId('show-diff').click();
    const diffRow = activation
      .getByTestId('diff-table')
      .locator('tr', { hasText: `rules[id=${changedRuleId}].points` });
    await diffRow.waitFor();
    expect(await diffRow.textContent()).toContain(String(newPoints));
    const apiDiff = RulesetDiffResponseSchema.parse(
      await readApi(admin.token, `/rulesets/${rulesetId}/diff?from=1&to=2`),
    );
    expect(await activation.getByTestId('diff-table').locator('tbody tr').count()).toBe(
      apiDiff.changes.length,
    );
    await env.screenshot(activation, 'dashboard-rules-diff');
    await activation.close();

    // Jordan Ellis, who gave no occupation, moves by exactly the changed points, in the API and on the overlay.
    const scoreAfter = (await env.admin.getLead(jordanId)).score;
    expect(scoreAfter).toBe((scoreBefore ?? 0) + newPoints - oldRule.points);
    const page = await env.openPage(jordan.url, jordan.file);
    const badge = overlayBadge(page);
    await badge.getByTestId('badge-score').waitFor({ timeout: 30_000 });
    expect(await badge.getByTestId('badge-score').textContent()).toBe(String(Math.round(scoreAfter ?? 0)));
    await env.screenshot(page, 'dashboard-rules-overlay-after');
    await page.close();
    expect(pageErrors).toEqual([]);
  }, 900_000);
});
