import { cleanup, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DashboardApp } from './app';
import { installFakeBackground } from './components/fake-background';
import { holdPage } from './components/leave-guard';

const at = (hash: string) => new URL(hash, location.href).href;

/**
 * A move as the browser reports it. Dispatched by hand: the test DOM (happy-dom) reports history.replaceState as
 * hashchanges of its own, later, which browsers never do.
 */
function moveTo(hash: string) {
  window.dispatchEvent(new HashChangeEvent('hashchange', { oldURL: location.href, newURL: at(hash) }));
}

/** The page's confirm dialog, answered as the user would (the test DOM has none of its own). */
function stubConfirm(answer: boolean) {
  const confirm = vi.fn((_message?: string) => answer);
  vi.stubGlobal('confirm', confirm);
  return confirm;
}

let release: (() => void) | undefined;

beforeEach(async () => {
  location.hash = '#/funnel';
  await new Promise((resolve) => setTimeout(resolve, 20)); // let the test DOM's own hashchange pass
  const fake = installFakeBackground(() => undefined);
  fake.answerOther = (request) =>
    request.type === 'session.get'
      ? { isSignedIn: true, serverUrl: 'https://api.test', user: { name: 'Ada', role: 'admin' } }
      : null;
});

afterEach(() => {
  release?.();
  release = undefined;
  cleanup();
  vi.unstubAllGlobals();
});

describe('dashboard router', () => {
  it('stays on a screen holding unsaved edits when the user cancels the move, and leaves when they confirm', async () => {
    render(<DashboardApp />);
    await screen.findByTestId('funnel-screen');
    release = holdPage('Leave the rules editor? Your unsaved changes will be lost.');
    const confirm = stubConfirm(false);

    moveTo('#/import');
    expect(confirm).toHaveBeenCalledWith('Leave the rules editor? Your unsaved changes will be lost.');
    expect(location.href).toBe(at('#/funnel'));
    expect(screen.getByTestId('funnel-screen')).toBeTruthy();
    expect(screen.queryByTestId('import-screen')).toBeNull();
    expect(screen.getByTestId('nav-funnel').getAttribute('aria-current')).toBe('page');

    confirm.mockImplementation(() => true);
    moveTo('#/import');
    await screen.findByTestId('import-screen');
  });

  it('moves without asking when nothing holds the page', async () => {
    const confirm = stubConfirm(true);
    render(<DashboardApp />);
    await screen.findByTestId('funnel-screen');
    moveTo('#/import');
    await waitFor(() => expect(screen.getByTestId('import-screen')).toBeTruthy());
    expect(confirm).not.toHaveBeenCalled();
  });
});
