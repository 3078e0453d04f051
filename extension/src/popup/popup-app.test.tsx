import type { ExtensionRequest, OutboxState, SessionState } from '@leadlight/contract';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { parseHash } from '@/dashboard/routes';
import { readDraftFromHash } from './capture-page';
import { PopupApp } from './popup-app';
import { toOriginPattern } from './sign-in-form';

const outbox: OutboxState = {
  waiting: { note: 2, followUp: 0, capture: 0, qualification: 0, stage: 0 },
  waitingTotal: 2,
  failed: [],
  nextAttemptAt: null,
  lastError: 'Cannot reach http://localhost:8787',
};

let session: SessionState;
let sent: ExtensionRequest[];
let permissionRequests: unknown[];

beforeEach(() => {
  fakeBrowser.reset();
  sent = [];
  permissionRequests = [];
  session = { isSignedIn: false, serverUrl: null, user: null };
  // The browser's permission prompt, granted.
  Object.assign(fakeBrowser.permissions, {
    request: async (permissions: unknown) => {
      permissionRequests.push(permissions);
      return true;
    },
  });
  fakeBrowser.runtime.onMessage.addListener((message: unknown) => {
    const request = message as ExtensionRequest;
    sent.push(request);
    switch (request.type) {
      case 'session.get':
        return Promise.resolve({ ok: true, data: session });
      case 'session.signIn':
        if (request.token !== 'good-token') {
          return Promise.resolve({
            ok: false,
            error: { code: 'api_error', message: 'The server did not accept this token' },
          });
        }
        session = { isSignedIn: true, serverUrl: request.serverUrl, user: { name: 'Rita Rep', role: 'rep' } };
        return Promise.resolve({ ok: true, data: session });
      case 'outbox.get':
        return Promise.resolve({ ok: true, data: outbox });
      case 'alerts.get':
        return Promise.resolve({ ok: true, data: [] });
      default:
        return Promise.resolve({ ok: false, error: { code: 'internal', message: 'not in this test' } });
    }
  });
});

afterEach(cleanup);

describe('popup', () => {
  it('signs in with a server URL and token, asking for that origin only', async () => {
    render(<PopupApp />);
    const url = await screen.findByRole('textbox', { name: 'Server URL' });
    expect((await screen.findByTestId('popup-outbox')).textContent).toBe('2 notes waiting to sync');

    fireEvent.input(url, { target: { value: 'http://127.0.0.1:8787' } });
    fireEvent.input(screen.getByLabelText('API token'), { target: { value: 'wrong' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The server did not accept this token');

    fireEvent.input(screen.getByLabelText('API token'), { target: { value: 'good-token' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    await waitFor(() => expect(screen.getByTestId('session-user').textContent).toContain('Rita Rep'));
    expect(permissionRequests).toContainEqual({ origins: ['http://127.0.0.1/*'] });
    expect(sent).toContainEqual({
      type: 'session.signIn',
      serverUrl: 'http://127.0.0.1:8787',
      token: 'good-token',
    });
    expect(screen.getByTestId('popup-prospect').textContent).toBe('No prospect on this page.');
  });
});

describe('page helpers', () => {
  it('turns a server URL into the host permission it needs', () => {
    expect(toOriginPattern('https://leads.example.com:8443/x')).toBe('https://leads.example.com/*');
    expect(toOriginPattern('ftp://example.com')).toBeNull();
    expect(toOriginPattern('not a url')).toBeNull();
  });

  it('reads the lead id of a dashboard link', () => {
    expect(parseHash('#/leads/lead%2042')).toMatchObject({ screen: 'lead', params: ['lead 42'] });
    expect(parseHash('#/queue')).toMatchObject({ screen: 'queue', params: [] });
    expect(parseHash('#/nowhere')).toBeNull();
  });

  it('reads the context-menu draft from the capture page hash, or starts empty', () => {
    const draft = { site: 'page', pageUrl: 'https://example.com/', email: 'ada@example.com', tags: [] };
    expect(readDraftFromHash(`#${encodeURIComponent(JSON.stringify(draft))}`)).toEqual(draft);
    expect(readDraftFromHash('#%7Bbroken')).toEqual({ site: 'page', pageUrl: '', tags: [] });
    expect(readDraftFromHash(`#${encodeURIComponent(JSON.stringify({ ...draft, extra: 1 }))}`)).toEqual({
      site: 'page',
      pageUrl: '',
      tags: [],
    });
  });
});
