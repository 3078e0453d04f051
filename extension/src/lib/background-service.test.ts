// @vitest-environment node
import type { Prospect } from '@leadlight/contract';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { checkSender, createBackgroundService, readRefusalReasons } from './background-service';
import { lookupCacheItem, lookupCacheTtlMs } from './lookup-cache';
import { settingsItem } from './storage';
import { type ApiDouble, startApiDouble } from './testing/api-double';

const tabSender = () => ({
  id: fakeBrowser.runtime.id,
  tab: { id: 3 } as never,
  url: 'https://www.linkedin.com/in/ada',
});
const popupSender = () => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') });

const ada: Prospect = {
  site: 'gmail',
  pageUrl: 'https://mail.google.com/mail/u/0/#inbox/1',
  fullName: 'Ada Lovelace',
  email: 'ada@example.com',
};

let api: ApiDouble;

beforeEach(async () => {
  fakeBrowser.reset();
  api = await startApiDouble();
});

afterEach(async () => {
  await api.stop();
});

async function signIn() {
  await settingsItem.setValue({ serverUrl: api.url, token: api.token, user: { role: 'rep' } });
}

describe('who may send what', () => {
  it('refuses messages from another extension', async () => {
    const service = createBackgroundService();
    const reply = await service.handleMessage(
      { type: 'session.get' },
      { id: 'someone-else', url: 'chrome-extension://someone-else/x.html' },
    );
    expect(reply).toEqual({ ok: false, error: expect.objectContaining({ code: 'forbidden_sender' }) });
  });

  it('refuses session and outbox-management requests from content scripts', () => {
    expect(checkSender(tabSender(), 'session.signIn')?.code).toBe('forbidden_sender');
    expect(checkSender(tabSender(), 'session.get')?.code).toBe('forbidden_sender');
    expect(checkSender(tabSender(), 'outbox.discard')?.code).toBe('forbidden_sender');
    expect(checkSender(tabSender(), 'note.add')).toBeNull();
    expect(checkSender(popupSender(), 'session.signIn')).toBeNull();
  });

  it('accepts our own pages opened in a tab (popup, dashboard), told apart by their URL', () => {
    expect(checkSender({ ...popupSender(), tab: { id: 4 } as never }, 'session.signIn')).toBeNull();
  });

  it('refuses a sender with our id but neither a tab nor an extension page', () => {
    expect(
      checkSender({ id: fakeBrowser.runtime.id, url: 'https://evil.example/' }, 'session.get')?.code,
    ).toBe('forbidden_sender');
  });

  it('validates every payload against the contract', async () => {
    const service = createBackgroundService();
    const cases: unknown[] = [
      { type: 'note.add', leadId: 'lead-1', body: '   ' },
      { type: 'note.add', leadId: 'lead-1', body: 'hi', extra: true },
      { type: 'stage.move', leadId: 'lead-1', to: 'heaven' },
      { type: 'session.signIn', serverUrl: 'javascript:alert(1)', token: 'x' },
      { type: 'session.signIn', serverUrl: 'https://user:pw@example.com', token: 'x' },
      { type: 'launch.missiles' },
      null,
    ];
    for (const message of cases) {
      const reply = await service.handleMessage(message, popupSender());
      expect(reply, JSON.stringify(message)).toEqual({
        ok: false,
        error: expect.objectContaining({ code: 'invalid_message' }),
      });
    }
  });
});

describe('session', () => {
  it('signs in after checking the token with the server, and never hands the token back', async () => {
    const service = createBackgroundService();
    const wrong = await service.handleMessage(
      { type: 'session.signIn', serverUrl: api.url, token: 'nope' },
      popupSender(),
    );
    expect(wrong).toEqual({
      ok: false,
      error: { code: 'api_error', message: 'The server did not accept this token' },
    });
    expect((await settingsItem.getValue()).token).toBeNull();

    const reply = await service.handleMessage(
      { type: 'session.signIn', serverUrl: `${api.url}/`, token: api.token },
      popupSender(),
    );
    expect(reply).toEqual({
      ok: true,
      data: {
        isSignedIn: true,
        serverUrl: api.url,
        user: { name: 'Rita Rep', email: 'rita@example.com', role: 'rep' },
      },
    });
    expect(JSON.stringify(reply)).not.toContain(api.token);
    expect(await settingsItem.getValue()).toMatchObject({ serverUrl: api.url, token: api.token });

    const session = await service.handleMessage({ type: 'session.get' }, popupSender());
    expect(JSON.stringify(session)).not.toContain(api.token);

    await service.handleMessage({ type: 'session.signOut' }, popupSender());
    expect((await settingsItem.getValue()).token).toBeNull();
  });

  it('reports an unreachable server when testing the connection', async () => {
    await api.stop();
    const service = createBackgroundService();
    const reply = await service.handleMessage(
      { type: 'session.test', serverUrl: api.url, token: api.token },
      popupSender(),
    );
    expect(reply).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'api_error', message: expect.stringMatching(/Cannot reach/) }),
    });
  });
});

describe('lookup and capture', () => {
  it('answers signed_out without a token and sends nothing', async () => {
    const service = createBackgroundService();
    const reply = await service.handleMessage({ type: 'prospect.lookup', prospect: ada }, tabSender());
    expect(reply).toEqual({ ok: true, data: { status: 'signed_out' } });
    expect(api.requests).toHaveLength(0);
  });

  it('turns a 404 into not_found, then captures the prospect and finds it', async () => {
    await signIn();
    const service = createBackgroundService();
    expect(await service.handleMessage({ type: 'prospect.lookup', prospect: ada }, tabSender())).toEqual({
      ok: true,
      data: { status: 'not_found' },
    });

    const captured = await service.handleMessage(
      {
        type: 'lead.capture',
        draft: {
          site: 'gmail',
          pageUrl: ada.pageUrl,
          fullName: 'Ada Lovelace',
          email: 'ada@example.com',
          tags: ['webinar'],
        },
      },
      tabSender(),
    );
    expect(captured).toEqual({ ok: true, data: { status: 'created', leadId: 'lead-1' } });
    const create = api.requests.find((request) => request.path === '/api/v1/leads/capture');
    expect(create?.body).toEqual({
      site: 'gmail',
      pageUrl: ada.pageUrl,
      fullName: 'Ada Lovelace',
      email: 'ada@example.com',
      tags: ['webinar'],
    });

    const found = await service.handleMessage({ type: 'prospect.lookup', prospect: ada }, tabSender());
    expect(found).toEqual({
      ok: true,
      data: {
        status: 'found',
        card: expect.objectContaining({
          leadId: 'lead-1',
          name: 'Ada Lovelace',
          stage: 'inquiry',
          score: 72,
          grade: 'B',
          sla: { state: 'breached', dueAt: '2026-01-01T10:00:00.000Z' },
          attempts: { made: 0, required: 5 },
        }),
      },
    });
  });

  it('answers duplicate with the existing lead, and shows the gate reasons of a refusal', async () => {
    await signIn();
    api.leads.set('lead-9', {
      id: 'lead-9',
      fullName: 'Ada',
      email: 'ada@example.com',
      stage: 'mql',
      notes: [],
      followUps: [],
    });
    const service = createBackgroundService();

    const duplicate = await service.handleMessage(
      {
        type: 'lead.capture',
        draft: { site: 'page', pageUrl: 'https://example.com', email: 'ada@example.com', tags: [] },
      },
      tabSender(),
    );
    expect(duplicate).toEqual({ ok: true, data: { status: 'duplicate', leadId: 'lead-9' } });

    const refused = await service.handleMessage(
      {
        type: 'lead.capture',
        draft: { site: 'page', pageUrl: 'https://example.com', companyName: 'Acme', tags: [] },
      },
      tabSender(),
    );
    expect(refused).toEqual({
      ok: true,
      data: {
        status: 'rejected',
        reasons: ['The lead did not pass the gate', 'No way to reach this person'],
      },
    });
    // Refused inline (the API keeps it in its review queue): nothing is left waiting or failed in the outbox.
    expect(await service.outbox.getState()).toMatchObject({ waitingTotal: 0, failed: [] });
  });

  it('reports an unreachable server on lookup instead of throwing', async () => {
    await signIn();
    await api.stop();
    const service = createBackgroundService();
    const reply = await service.handleMessage({ type: 'prospect.lookup', prospect: ada }, tabSender());
    expect(reply).toMatchObject({ ok: true, data: { status: 'unreachable' } });
  });
});

describe('lookup cache (revisits answered without a round trip, never older than the user’s own change)', () => {
  const dashboardSender = () => ({
    id: fakeBrowser.runtime.id,
    url: fakeBrowser.runtime.getURL('/dashboard.html#/leads'),
    tab: { id: 5 } as never,
  });
  let clock: number;
  const lookupRequests = () => api.requests.filter((request) => request.path.startsWith('/api/v1/lookup?'));
  const lookUp = (service: ReturnType<typeof createBackgroundService>) =>
    service.handleMessage({ type: 'prospect.lookup', prospect: ada }, tabSender());
  const stageOf = (reply: unknown) =>
    (reply as { ok: true; data: { status: string; card?: { stage: string } } }).data.card?.stage;

  /** Signed in as the user the API double answers /me with: session.signIn then keeps the same cache key. */
  const signInAsRita = () =>
    settingsItem.setValue({
      serverUrl: api.url,
      token: api.token,
      user: { name: 'Rita Rep', email: 'rita@example.com', role: 'rep' },
    });

  beforeEach(async () => {
    clock = Date.parse('2026-12-01T10:00:00.000Z');
    await signInAsRita();
    api.leads.set('lead-1', {
      id: 'lead-1',
      fullName: 'Ada Lovelace',
      email: 'ada@example.com',
      stage: 'mql',
      notes: [],
      followUps: [],
    });
  });

  it('asks the server once for the same prospect within the TTL, and again after it', async () => {
    const service = createBackgroundService({ now: () => clock });
    const first = await lookUp(service);
    expect(stageOf(first)).toBe('mql');
    clock += lookupCacheTtlMs - 1;
    expect(await lookUp(service)).toEqual(first);
    expect(lookupRequests()).toHaveLength(1);
    // A worker stopped and started again keeps the answers (session storage), once stored after the answer.
    await vi.waitFor(async () => expect(await lookupCacheItem.getValue()).toHaveLength(1));
    expect(await lookUp(createBackgroundService({ now: () => clock }))).toEqual(first);
    expect(lookupRequests()).toHaveLength(1);
    clock += 1;
    await lookUp(service);
    expect(lookupRequests()).toHaveLength(2);
  });

  it('asks again after each overlay write: the stage moved, a note, a follow-up, a capture', async () => {
    const service = createBackgroundService({ now: () => clock });
    await lookUp(service);
    expect(lookupRequests()).toHaveLength(1);

    const moved = await service.handleMessage(
      { type: 'stage.move', leadId: 'lead-1', to: 'sql' },
      tabSender(),
    );
    expect(moved).toEqual({ ok: true, data: { status: 'sent' } });
    expect(stageOf(await lookUp(service))).toBe('sql'); // not the cached mql
    expect(lookupRequests()).toHaveLength(2);

    await service.handleMessage(
      { type: 'note.add', leadId: 'lead-1', body: 'Called about pricing' },
      tabSender(),
    );
    const afterNote = await lookUp(service);
    expect(lookupRequests()).toHaveLength(3);
    expect(JSON.stringify(afterNote)).toContain('Note: Called about pricing');

    await service.handleMessage({ type: 'followUp.add', leadId: 'lead-1', followUp: 'emailed' }, tabSender());
    await lookUp(service);
    expect(lookupRequests()).toHaveLength(4);

    await service.handleMessage(
      {
        type: 'lead.capture',
        draft: { site: 'gmail', pageUrl: ada.pageUrl, email: 'ada@example.com', tags: [] },
      },
      tabSender(),
    );
    await lookUp(service);
    expect(lookupRequests()).toHaveLength(5);
    // …and with nothing written since, the next one is a revisit again.
    await lookUp(service);
    expect(lookupRequests()).toHaveLength(5);
  });

  it('asks again after a write waits in the outbox, and after the outbox delivers it', async () => {
    const service = createBackgroundService({ now: () => clock });
    await lookUp(service);
    api.failNextWrite(503, { error: { code: 'unavailable', message: 'Try later' } });
    const queued = await service.handleMessage(
      { type: 'stage.move', leadId: 'lead-1', to: 'sal' },
      tabSender(),
    );
    expect(queued).toMatchObject({ ok: true, data: { status: 'queued' } });
    expect(stageOf(await lookUp(service))).toBe('mql'); // the server has not applied it yet
    expect(lookupRequests()).toHaveLength(2);
    await service.handleAlarm({ name: 'leadlight-outbox-retry' }); // the retry delivers it
    expect(stageOf(await lookUp(service))).toBe('sal');
    expect(lookupRequests()).toHaveLength(3);
  });

  it('asks again after a dashboard write (any api.call but GET), not after a dashboard read', async () => {
    const service = createBackgroundService({ now: () => clock });
    await lookUp(service);
    await service.handleMessage({ type: 'api.call', method: 'GET', path: '/api/v1/me' }, dashboardSender());
    await lookUp(service);
    expect(lookupRequests()).toHaveLength(1);

    const written = await service.handleMessage(
      {
        type: 'api.call',
        method: 'POST',
        path: '/api/v1/leads/lead-1/stage',
        body: { to: 'disqualified', reasonCode: 'no_budget' },
      },
      dashboardSender(),
    );
    expect(written).toMatchObject({ ok: true, data: { status: 201 } });
    expect(stageOf(await lookUp(service))).toBe('disqualified');
    expect(lookupRequests()).toHaveLength(2);
  });

  it('forgets every answer on sign-out and on sign-in', async () => {
    const service = createBackgroundService({ now: () => clock });
    await lookUp(service);
    await service.handleMessage({ type: 'session.signOut' }, popupSender());
    expect(await lookUp(service)).toEqual({ ok: true, data: { status: 'signed_out' } });
    expect(lookupRequests()).toHaveLength(1);
    // Signed in again as the same user, behind the service's back: only the sign-out's clear makes this ask again.
    await signInAsRita();
    await lookUp(service);
    expect(lookupRequests()).toHaveLength(2);

    await lookUp(service);
    expect(lookupRequests()).toHaveLength(2);
    // The same user signs in again through the popup: same cache key, answers forgotten all the same.
    await service.handleMessage(
      { type: 'session.signIn', serverUrl: api.url, token: api.token },
      popupSender(),
    );
    expect(await settingsItem.getValue()).toMatchObject({ user: { email: 'rita@example.com' } });
    await lookUp(service);
    expect(lookupRequests()).toHaveLength(3);
  });

  it('keeps no failed lookup: an unreachable server is asked again once it is back', async () => {
    const service = createBackgroundService({ now: () => clock });
    await api.stop();
    expect(await lookUp(service)).toMatchObject({ ok: true, data: { status: 'unreachable' } });
    await api.start();
    expect(stageOf(await lookUp(service))).toBe('mql');
    expect(lookupRequests()).toHaveLength(1);
    await lookUp(service);
    expect(lookupRequests()).toHaveLength(1);
  });
});

describe('readRefusalReasons', () => {
  it('reads gate reasons, validation issues, or falls back to the message', () => {
    expect(
      readRefusalReasons(
        { error: { message: 'm', details: { reasons: ['a', { kind: 'junk', reason: 'b' }] } } },
        'f',
      ),
    ).toEqual(['a', 'b']);
    const issues = [{ path: ['email'], message: 'Not an email' }];
    expect(readRefusalReasons({ error: { message: 'm', details: { issues } } }, 'f')).toEqual([
      'Not an email',
    ]);
    expect(readRefusalReasons({ error: { message: 'm', details: [{ message: 'c' }] } }, 'f')).toEqual(['c']);
    expect(readRefusalReasons({ error: { message: 'm' } }, 'f')).toEqual(['m']);
    expect(readRefusalReasons(null, 'f')).toEqual(['f']);
  });
});

describe('api.call (the dashboard’s pass-through: extension pages only)', () => {
  const dashboardSender = () => ({
    id: fakeBrowser.runtime.id,
    url: fakeBrowser.runtime.getURL('/dashboard.html#/leads'),
    tab: { id: 5 } as never,
  });
  const noteCall = {
    type: 'api.call',
    method: 'POST',
    path: '/api/v1/leads/lead-1/notes',
    body: { body: 'from a content script' },
  } as const;

  it('is not a content-script type', () => {
    expect(checkSender(tabSender(), 'api.call')?.code).toBe('forbidden_sender');
    expect(checkSender(popupSender(), 'api.call')).toBeNull();
    expect(checkSender(dashboardSender(), 'api.call')).toBeNull();
  });

  it('refuses every api.call from a content script before anything reaches the API', async () => {
    await signIn();
    const service = createBackgroundService();
    const calls = [
      noteCall,
      { type: 'api.call', method: 'GET', path: '/api/v1/me' },
      { type: 'api.call', method: 'GET', path: '/api/v1/users' },
      { type: 'api.call', method: 'DELETE', path: '/api/v1/tokens/t-1' },
      {
        type: 'api.call',
        method: 'POST',
        path: '/api/v1/imports',
        upload: { fileName: 'leads.csv', csv: 'email\nada@example.com\n' },
      },
    ];
    for (const call of calls) {
      const reply = await service.handleMessage(call, tabSender());
      expect(reply, call.path).toEqual({
        ok: false,
        error: { code: 'forbidden_sender', message: 'A content script may not send api.call' },
      });
    }
    // Also a page of another extension, and a tab claiming our id with a web URL.
    const foreign = await service.handleMessage(noteCall, {
      id: 'someone-else',
      url: 'chrome-extension://someone-else/dashboard.html',
    });
    expect(foreign).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    const webFrame = await service.handleMessage(noteCall, {
      id: fakeBrowser.runtime.id,
      url: 'https://evil.example/dashboard.html',
      tab: { id: 9 } as never,
    });
    expect(webFrame).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    expect(api.requests).toEqual([]);
  });

  it('validates the path before the sender: an escaping path is invalid even from the dashboard', async () => {
    await signIn();
    const service = createBackgroundService();
    for (const path of [
      '/api/v1/%2e%2e/%2e%2e/admin',
      '/api/v1/../admin',
      'https://evil.example/api/v1/me',
    ]) {
      const reply = await service.handleMessage({ type: 'api.call', method: 'GET', path }, dashboardSender());
      expect(reply, path).toMatchObject({ ok: false, error: { code: 'invalid_message' } });
    }
    expect(api.requests).toEqual([]);
  });

  it('answers the dashboard with the API’s status and body, with the token added in the background', async () => {
    await signIn();
    const service = createBackgroundService();
    const reply = await service.handleMessage(
      { type: 'api.call', method: 'GET', path: '/api/v1/me' },
      dashboardSender(),
    );
    expect(reply).toEqual({
      ok: true,
      data: { status: 200, body: { user: expect.objectContaining({ email: 'rita@example.com' }) } },
    });
    expect(JSON.stringify(reply)).not.toContain(api.token);
    expect(api.requests.map((request) => [request.method, request.path])).toEqual([['GET', '/api/v1/me']]);
    expect(api.requests[0]?.headers.authorization).toBe(`Bearer ${api.token}`);
  });

  it('answers signed_out without a token and sends nothing', async () => {
    const service = createBackgroundService();
    const reply = await service.handleMessage(
      { type: 'api.call', method: 'GET', path: '/api/v1/me' },
      dashboardSender(),
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'signed_out' } });
    expect(api.requests).toEqual([]);
  });
});
