import type {
  BacktestResult,
  ExtensionRequest,
  RulesetVersion,
  RulesetVersionSummary,
  User,
} from '@leadlight/contract';
import { validateRuleset } from '@leadlight/rules';
import defaultRuleset from '@leadlight/rules/rulesets/default-b2b.json';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { parseHash, type Route } from '../routes';
import { toFieldId } from './rules/ruleset-draft';
import { RulesScreen } from './rules-screen';

/*
 * The Rules screen against an in-memory stand-in for the rulesets routes, answering the background's `api.call`
 * messages with bodies shaped by the contract (the screen parses every answer with the contract's schemas, so a
 * wrong shape here fails the test). Drafts go through validateRuleset as on the server; sign-off follows the
 * service's rules (one sales + one marketing approval, not the author's). The real API is exercised end to end in
 * test/e2e/dashboard-rules.test.ts.
 */

const now = '2026-12-01T09:00:00.000Z';
const users: Record<string, User> = {
  marketer: {
    id: 'u-mkt',
    name: 'Morgan Lee',
    email: 'm@x.test',
    role: 'marketer',
    team: 'marketing',
    createdAt: now,
    disabledAt: null,
  },
  rep: {
    id: 'u-rep',
    name: 'Sam Rivera',
    email: 's@x.test',
    role: 'rep',
    team: 'sales',
    createdAt: now,
    disabledAt: null,
  },
  admin: {
    id: 'u-adm',
    name: 'Alex Kim',
    email: 'a@x.test',
    role: 'admin',
    team: 'sales',
    createdAt: now,
    disabledAt: null,
  },
};

const backtestResult: BacktestResult = {
  leads: 9240,
  converted: 3561,
  threshold: 40,
  mqlCount: 2100,
  mqlShare: 0.2273,
  precision: 0.6123,
  recall: 0.3611,
  f1: 0.4543,
  mqlConversionRate: 0.6123,
  restConversionRate: 0.3178,
  confusion: { truePositive: 1286, falsePositive: 814, trueNegative: 4865, falseNegative: 2275 },
  deciles: Array.from({ length: 10 }, (_, index) => ({
    decile: index + 1,
    count: 924,
    converted: 600 - index * 40,
    conversionRate: (600 - index * 40) / 924,
    lift: (600 - index * 40) / 924 / (3561 / 9240),
    minScore: 90 - index * 10,
    maxScore: 99 - index * 10,
  })),
  auc: 0.7312,
  revenueCaptured: null,
  revenueTotal: null,
};

let me: User;
let store: RulesetVersion[];
let requests: { method: string; path: string; body: unknown }[];
let nextPutError: unknown = null;
/** The API's next answer to POST /rulesets is this refusal. */
let nextPostRefusal: { status: number; code: string; message: string; details?: unknown } | null = null;
/** The background's request timed out while the server went on activating (a large database). */
let isActivationSlow = false;

function summarize(version: RulesetVersion): RulesetVersionSummary {
  const { definition: _definition, ...summary } = version;
  return summary;
}

function withApprovals(version: RulesetVersion): RulesetVersion {
  const teams = new Set(version.approvals.map((approval) => approval.team));
  return {
    ...version,
    missingApprovals: (['sales', 'marketing'] as const).filter((team) => !teams.has(team)),
  };
}

function answer(status: number, body: unknown) {
  return Promise.resolve({ ok: true, data: { status, body } });
}

function refuse(status: number, code: string, message: string, details?: unknown) {
  return answer(status, { error: { code, message, details } });
}

function route(method: string, fullPath: string, body: unknown) {
  const url = new URL(fullPath, 'http://api.test');
  const path = url.pathname.replace(/^\/api\/v1/, '');
  requests.push({ method, path: path + url.search, body });
  if (path === '/me') return answer(200, { user: me });
  if (method === 'GET' && path === '/rulesets') return answer(200, { items: store.map(summarize) });
  if (path === '/rulesets/active') {
    const active = store.find((version) => version.state === 'active');
    return answer(200, { key: active?.key, stored: true, definition: active?.definition });
  }
  if (method === 'POST' && path === '/rulesets') {
    if (nextPostRefusal) {
      const { status, code, message, details } = nextPostRefusal;
      nextPostRefusal = null;
      return refuse(status, code, message, details);
    }
    const definition = (body as { definition: Record<string, unknown> }).definition;
    // As the service does: the next version of the id the definition names, 1 for a new id.
    const rulesetId = String(definition.id);
    const version =
      Math.max(0, ...store.filter((item) => item.rulesetId === rulesetId).map((item) => item.version)) + 1;
    const result = validateRuleset({ ...definition, version });
    if (!result.ok)
      return refuse(422, 'invalid_ruleset', 'The ruleset has errors', { errors: result.errors });
    const created = withApprovals({
      ...structuredClone(store[0] as RulesetVersion),
      rulesetId,
      name: result.ruleset.name,
      key: `${rulesetId}@${version}`,
      version,
      state: 'draft',
      authorId: me.id,
      approvals: [],
      definition: result.ruleset,
    });
    store.push(created);
    return answer(201, { ruleset: created });
  }
  const match = /^\/rulesets\/default-b2b\/versions\/(\d+)(?:\/(\w+))?$/.exec(path);
  if (path === '/rulesets/default-b2b/versions') return answer(200, { items: store.map(summarize) });
  if (path === '/rulesets/default-b2b/diff') {
    return answer(200, {
      from: `default-b2b@${url.searchParams.get('from')}`,
      to: `default-b2b@${url.searchParams.get('to')}`,
      changes: [{ path: 'rules[id=fit-manager].points', kind: 'changed', before: 8, after: 30 }],
    });
  }
  const index = store.findIndex((item) => item.version === Number(match?.[1]));
  const current = store[index];
  if (!match || !current) return refuse(404, 'not_found', 'No such route');
  const action = match[2];
  const save = (next: RulesetVersion) => {
    store[index] = withApprovals(next);
    return answer(200, { ruleset: store[index] });
  };
  if (!action && method === 'GET') return answer(200, { ruleset: current });
  if (!action && method === 'PUT') {
    if (nextPutError) {
      const details = nextPutError;
      nextPutError = null;
      return refuse(422, 'invalid_ruleset', 'The ruleset has errors', details);
    }
    const result = validateRuleset({
      ...(body as { definition: object }).definition,
      version: current.version,
    });
    if (!result.ok)
      return refuse(422, 'invalid_ruleset', 'The ruleset has errors', { errors: result.errors });
    return save({ ...current, state: 'draft', approvals: [], definition: result.ruleset });
  }
  if (action === 'backtest') return answer(200, { key: current.key, result: { ...backtestResult } });
  if (action === 'history') return answer(200, { items: [], nextCursor: null });
  if (action === 'compare') {
    return answer(200, {
      base: 'default-b2b@1',
      candidate: current.key,
      changedTotal: 2,
      comparison: {
        a: backtestResult,
        b: { ...backtestResult, mqlCount: 2102 },
        delta: {
          mqlCount: 2,
          mqlShare: 0.0002,
          precision: 0,
          recall: 0.001,
          f1: 0,
          auc: 0,
          revenueCaptured: null,
        },
        changed: [
          {
            index: 4,
            leadId: 'lead-42',
            from: 'inquiry',
            to: 'mql',
            totalA: 35,
            totalB: 57,
            converted: true,
          },
          {
            index: 9,
            leadId: 'lead-77',
            from: 'inquiry',
            to: 'mql',
            totalA: 38,
            totalB: 60,
            converted: false,
          },
        ],
      },
    });
  }
  if (action === 'approve') {
    if (current.authorId === me.id)
      return refuse(422, 'own_approval', "The author's own approval does not count");
    const approvals = [
      ...current.approvals,
      { userId: me.id, userName: me.name, team: me.team, approvedAt: now },
    ];
    const teams = new Set(approvals.map((approval) => approval.team));
    return save({ ...current, approvals, state: teams.size === 2 ? 'approved' : 'draft' });
  }
  if (action === 'activate') {
    if (current.state !== 'approved')
      return refuse(409, 'ruleset_not_approved', 'Only an approved version can be activated');
    for (const item of store) if (item.state === 'active') item.state = 'retired';
    store[index] = { ...current, state: 'active', activatedAt: now };
    if (isActivationSlow) {
      return Promise.resolve({
        ok: false,
        error: { code: 'api_error', message: 'The server did not answer in time' },
      });
    }
    return answer(200, { ruleset: store[index], previous: 'default-b2b@1', rescoredLeads: 9250, alerts: 0 });
  }
  if (action === 'retire') return save({ ...current, state: 'retired', retiredAt: now });
  return refuse(404, 'not_found', 'No such route');
}

beforeEach(() => {
  fakeBrowser.reset();
  requests = [];
  nextPutError = null;
  nextPostRefusal = null;
  isActivationSlow = false;
  me = users.marketer as User;
  const active = validateRuleset(defaultRuleset);
  if (!active.ok) throw new Error('the shipped ruleset is invalid');
  const base = {
    rulesetId: 'default-b2b',
    name: 'Default B2B',
    createdAt: now,
    updatedAt: now,
    activatedAt: null,
    retiredAt: null,
    approvals: [],
  };
  store = [
    withApprovals({
      ...base,
      key: 'default-b2b@1',
      version: 1,
      state: 'active',
      authorId: null,
      definition: active.ruleset,
      missingApprovals: [],
    }),
    withApprovals({
      ...base,
      key: 'default-b2b@2',
      version: 2,
      state: 'draft',
      authorId: 'u-mkt',
      definition: { ...active.ruleset, version: 2 },
      missingApprovals: [],
    }),
  ];
  fakeBrowser.runtime.onMessage.addListener((message: unknown) => {
    const request = message as ExtensionRequest;
    if (request.type === 'api.call') return route(request.method, request.path, request.body);
    return Promise.resolve({ ok: false, error: { code: 'internal', message: 'not in this test' } });
  });
});

afterEach(cleanup);

function renderScreen(hash: string, role: string) {
  const navigated: string[] = [];
  const route = parseHash(hash) as Route;
  render(
    <RulesScreen route={route} user={{ name: me.name, role }} navigate={(next) => navigated.push(next)} />,
  );
  return navigated;
}

function field(path: string) {
  return document.getElementById(toFieldId(path)) as HTMLInputElement;
}

describe('rules screen', { timeout: 30_000 }, () => {
  it('lists every version and drafts a new one from the active ruleset', async () => {
    const navigated = renderScreen('#/rules', 'marketer');
    expect((await screen.findByTestId('active-ruleset')).textContent).toContain('default-b2b@1');
    expect(screen.getByTestId('version-default-b2b@2').textContent).toContain('missing sales, marketing');
    fireEvent.click(screen.getByTestId('new-draft'));
    await waitFor(() => expect(navigated).toEqual(['#/rules/default-b2b/3']));
    expect(requests.find((request) => request.method === 'POST')?.body).toEqual({
      definition: (store[0] as RulesetVersion).definition,
    });
  });

  it('starts a new ruleset: the active definition under the new id and name, then opens the draft', async () => {
    const navigated = renderScreen('#/rules', 'marketer');
    fireEvent.click(await screen.findByTestId('new-ruleset'));
    const form = screen.getByTestId('new-ruleset-form');
    expect(document.activeElement).toBe(within(form).getByLabelText('Ruleset id'));
    fireEvent.input(within(form).getByLabelText('Ruleset id'), { target: { value: 'product-line-b' } });
    fireEvent.input(within(form).getByLabelText('Name'), { target: { value: 'Product line B' } });
    fireEvent.click(within(form).getByTestId('create-ruleset'));
    await waitFor(() => expect(navigated).toEqual(['#/rules/product-line-b/1']));
    const active = (store[0] as RulesetVersion).definition;
    expect(requests.find((request) => request.method === 'POST')?.body).toEqual({
      definition: { ...active, id: 'product-line-b', name: 'Product line B' },
    });
    expect(store.at(-1)).toMatchObject({ key: 'product-line-b@1', name: 'Product line B', state: 'draft' });
  });

  it('refuses an invalid or taken ruleset id at the field without calling the API', async () => {
    renderScreen('#/rules', 'admin');
    fireEvent.click(await screen.findByTestId('new-ruleset'));
    const form = screen.getByTestId('new-ruleset-form');
    const idInput = within(form).getByLabelText('Ruleset id');
    fireEvent.input(idInput, { target: { value: 'Product Line B' } });
    fireEvent.click(within(form).getByTestId('create-ruleset'));
    expect((await screen.findByTestId('errors-id')).textContent).toContain(
      'use lowercase letters, digits, - and _',
    );
    expect(screen.getByTestId('errors-name').textContent).toBe('Name the ruleset.');
    expect(idInput.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(idInput);

    fireEvent.input(idInput, { target: { value: 'default-b2b' } });
    fireEvent.input(within(form).getByLabelText('Name'), { target: { value: 'Again' } });
    fireEvent.click(within(form).getByTestId('create-ruleset'));
    expect((await screen.findByTestId('errors-id')).textContent).toContain('"default-b2b" exists already');
    expect(requests.filter((request) => request.method === 'POST')).toEqual([]);
  });

  it.each([
    {
      status: 422,
      code: 'invalid_ruleset',
      message: 'The ruleset has errors',
      details: { errors: [{ path: 'id', message: 'an id the server refuses' }] },
    },
    { status: 409, code: 'ruleset_exists', message: 'A ruleset with this id exists already' },
  ])('shows the API’s $status refusal of a new ruleset', async (refusal) => {
    const navigated = renderScreen('#/rules', 'marketer');
    fireEvent.click(await screen.findByTestId('new-ruleset'));
    const form = screen.getByTestId('new-ruleset-form');
    fireEvent.input(within(form).getByLabelText('Ruleset id'), { target: { value: 'product-line-b' } });
    fireEvent.input(within(form).getByLabelText('Name'), { target: { value: 'Product line B' } });
    nextPostRefusal = refusal;
    fireEvent.click(within(form).getByTestId('create-ruleset'));
    expect((await screen.findByTestId('new-ruleset-error')).textContent).toBe(refusal.message);
    if (refusal.status === 422) {
      expect(screen.getByTestId('errors-id').textContent).toBe('an id the server refuses');
    }
    expect(requests.filter((request) => request.method === 'POST')).toHaveLength(1);
    expect(navigated).toEqual([]);
    expect((screen.getByTestId('create-ruleset') as HTMLButtonElement).disabled).toBe(false);
  });

  it('offers no drafting to a rep and shows versions read-only', async () => {
    me = users.rep as User;
    renderScreen('#/rules/default-b2b/2', 'rep');
    await screen.findByTestId('ruleset-form');
    expect(screen.queryByTestId('save-draft')).toBeNull();
    expect(field('rules.0.points').closest('fieldset[disabled]')).not.toBeNull();
    cleanup();

    renderScreen('#/rules', 'rep');
    await screen.findByTestId('ruleset-versions');
    expect(screen.queryByTestId('new-draft')).toBeNull();
    expect(screen.queryByTestId('new-ruleset')).toBeNull();
  });

  it('saves an edit with PUT, and shows the server’s 422 errors at their fields', async () => {
    renderScreen('#/rules/default-b2b/2', 'marketer');
    await screen.findByTestId('ruleset-form');
    fireEvent.input(field('rules.0.points'), { target: { value: '31' } });
    nextPutError = { errors: [{ path: 'rules.0.label', message: 'a label the server refuses' }] };
    fireEvent.click(screen.getByTestId('save-draft'));
    expect((await screen.findByTestId('errors-rules.0.label')).textContent).toContain(
      'a label the server refuses',
    );
    expect(screen.getByTestId('error-summary').textContent).toContain('rules.0.label');
    expect(screen.getByTestId('save-error').textContent).toContain('1 to fix');

    fireEvent.click(screen.getByTestId('save-draft'));
    expect((await screen.findByTestId('save-status')).textContent).toBe('Saved.');
    const put = requests.filter((request) => request.method === 'PUT').at(-1);
    const sent = put?.body as { definition: { rules: { points: number }[] } } | undefined;
    expect(sent?.definition.rules[0]?.points).toBe(31);
    expect(((store[1] as RulesetVersion).definition.rules[0] as { points: number }).points).toBe(31);
  });

  it('shows the API’s backtest: confusion matrix, precision, recall, AUC, MQL volume and lift by decile', async () => {
    renderScreen('#/rules/default-b2b/2', 'marketer');
    fireEvent.click(await screen.findByTestId('tab-backtest'));
    fireEvent.input(screen.getByLabelText('MQL threshold'), { target: { value: '45' } });
    fireEvent.click(screen.getByTestId('run-backtest'));
    await screen.findByTestId('backtest-result');
    expect(requests.at(-1)?.path).toBe('/rulesets/default-b2b/versions/2/backtest?threshold=45');
    const value = (name: string) => screen.getByTestId(`bt-${name}`).getAttribute('data-value');
    expect(value('mql-count')).toBe('2100');
    expect(value('precision')).toBe('0.6123');
    expect(value('recall')).toBe('0.3611');
    expect(value('auc')).toBe('0.7312');
    expect(value('tp')).toBe('1286');
    expect(value('fp')).toBe('814');
    expect(value('tn')).toBe('4865');
    expect(value('fn')).toBe('2275');
    expect(screen.getByTestId('bt-precision').textContent).toBe('61.2%');
    expect(screen.getByTestId('bt-revenue-captured').textContent).toBe('–');
    expect(within(screen.getByTestId('lift-table')).getAllByRole('row')).toHaveLength(11);
    expect(screen.getByTestId('decile-1').textContent).toContain('1.68');
    expect(screen.getByTestId('lift-chart').getAttribute('role')).toBe('img');
  });

  it('holds the backtest back while edits are unsaved', async () => {
    renderScreen('#/rules/default-b2b/2', 'marketer');
    await screen.findByTestId('ruleset-form');
    fireEvent.input(field('thresholds.mql'), { target: { value: '41' } });
    fireEvent.click(screen.getByTestId('tab-backtest'));
    expect(screen.getByTestId('backtest-unsaved')).toBeTruthy();
    expect((screen.getByTestId('run-backtest') as HTMLButtonElement).disabled).toBe(true);
  });

  it('compares with the active ruleset and links the changed leads', async () => {
    renderScreen('#/rules/default-b2b/2', 'marketer');
    fireEvent.click(await screen.findByTestId('tab-compare'));
    fireEvent.click(screen.getByTestId('run-compare'));
    expect((await screen.findByTestId('compare-changed-total')).textContent).toBe('2');
    const links = within(screen.getByTestId('compare-examples')).getAllByRole('link');
    expect(links.map((link) => link.getAttribute('href'))).toEqual(['#/leads/lead-42', '#/leads/lead-77']);
  });

  it('runs the sign-off: the author cannot approve, sales and marketing do, an admin activates', async () => {
    renderScreen('#/rules/default-b2b/2', 'marketer');
    fireEvent.click(await screen.findByTestId('tab-approvals'));
    await waitFor(() =>
      expect(screen.getByTestId('approve-hint').textContent).toContain('your own approval'),
    );
    expect((screen.getByTestId('approve') as HTMLButtonElement).disabled).toBe(true);
    cleanup();

    me = users.rep as User;
    renderScreen('#/rules/default-b2b/2', 'rep');
    fireEvent.click(await screen.findByTestId('tab-approvals'));
    await waitFor(() => expect((screen.getByTestId('approve') as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByTestId('approve'));
    await waitFor(() => expect(screen.getByTestId('approval-sales').textContent).toContain('Sam Rivera'));
    expect(screen.getByTestId('approval-marketing').textContent).toContain('Missing');
    expect(screen.getByTestId('approval-state').textContent).toContain('still needs marketing');
    expect(screen.queryByTestId('activate')).toBeNull();
    cleanup();

    me = { ...(users.marketer as User), id: 'u-mkt2', name: 'Jo Marketing' };
    renderScreen('#/rules/default-b2b/2', 'marketer');
    fireEvent.click(await screen.findByTestId('tab-approvals'));
    await waitFor(() => expect((screen.getByTestId('approve') as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByTestId('approve'));
    await waitFor(() => expect(screen.getByTestId('version-state').textContent).toBe('approved'));
    cleanup();

    me = users.admin as User;
    renderScreen('#/rules/default-b2b/2', 'admin');
    fireEvent.click(await screen.findByTestId('tab-approvals'));
    fireEvent.click(await screen.findByTestId('activate'));
    fireEvent.click(screen.getByTestId('confirm-activate'));
    expect((await screen.findByTestId('rules-notice')).textContent).toContain('9250 leads rescored');
    await waitFor(() => expect(screen.getByTestId('version-state').textContent).toBe('active'));
    expect(store.map((item) => item.state)).toEqual(['retired', 'active']);
  });

  it('waits out an activation that outlasts the request, reading the version until it is active', async () => {
    const draft = store[1] as RulesetVersion;
    store[1] = withApprovals({
      ...draft,
      state: 'approved',
      approvals: [
        { userId: 'u-rep', userName: 'Sam Rivera', team: 'sales', approvedAt: now },
        { userId: 'u-mkt2', userName: 'Jo Marketing', team: 'marketing', approvedAt: now },
      ],
    });
    isActivationSlow = true;
    me = users.admin as User;
    renderScreen('#/rules/default-b2b/2', 'admin');
    fireEvent.click(await screen.findByTestId('tab-approvals'));
    fireEvent.click(await screen.findByTestId('activate'));
    fireEvent.click(screen.getByTestId('confirm-activate'));
    expect((await screen.findByTestId('rules-notice', {}, { timeout: 15_000 })).textContent).toBe(
      'Activated: every lead was rescored.',
    );
    expect(screen.queryByTestId('approvals-error')).toBeNull();
  });

  it('lets an admin retire a draft after confirming, and offers a new draft from it', async () => {
    me = users.admin as User;
    renderScreen('#/rules/default-b2b/2', 'admin');
    fireEvent.click(await screen.findByTestId('tab-approvals'));
    fireEvent.click(await screen.findByTestId('retire'));
    expect(store[1]?.state).toBe('draft');
    fireEvent.click(screen.getByTestId('confirm-retire'));
    await waitFor(() => expect(screen.getByTestId('version-state').textContent).toBe('retired'));
    expect(store[1]?.state).toBe('retired');
    expect(screen.queryByTestId('retire')).toBeNull();
    fireEvent.click(screen.getByTestId('tab-definition'));
    expect(screen.getByTestId('draft-from-this')).toBeTruthy();
  });

  it('moves between tabs with the arrow keys', async () => {
    renderScreen('#/rules/default-b2b/2', 'marketer');
    const definitionTab = await screen.findByTestId('tab-definition');
    fireEvent.keyDown(definitionTab, { key: 'ArrowRight' });
    expect(screen.getByTestId('tab-backtest').getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(screen.getByTestId('tab-backtest'));
    fireEvent.keyDown(screen.getByTestId('tab-backtest'), { key: 'End' });
    expect(screen.getByTestId('tab-history').getAttribute('aria-selected')).toBe('true');
  });

  it('shows the diff between two versions and rolls back as a new draft', async () => {
    const navigated = renderScreen('#/rules/default-b2b/2', 'marketer');
    fireEvent.click(await screen.findByTestId('tab-history'));
    await screen.findByTestId('version-table');
    expect((screen.getByTestId('diff-from') as HTMLSelectElement).value).toBe('1');
    fireEvent.click(screen.getByTestId('show-diff'));
    const diff = await screen.findByTestId('diff-table');
    expect(diff.textContent).toContain('rules[id=fit-manager].points');
    expect(requests.at(-1)?.path).toBe('/rulesets/default-b2b/diff?from=1&to=2');

    fireEvent.click(screen.getByTestId('restore-1'));
    await waitFor(() => expect(navigated).toEqual(['#/rules/default-b2b/3']));
    expect(store[2]?.state).toBe('draft');
    expect(store[2]?.definition.rules).toEqual((store[0] as RulesetVersion).definition.rules);
  });

  it('shows an API failure instead of a blank screen', async () => {
    renderScreen('#/rules/default-b2b/9', 'marketer');
    expect((await screen.findByRole('alert')).textContent).toBe('No such route');
  });
});
