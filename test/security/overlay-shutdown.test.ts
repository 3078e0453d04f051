import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type E2eEnvironment, startE2eEnvironment } from '../e2e/harness/environment';
import { overlayBadge } from '../e2e/harness/extension-ui';
import { siteCases } from '../e2e/sites';

/*
 * WXT 0.20 stops a content script when "a newer copy of it started" in the same page: the newer copy dispatches a
 * CustomEvent `<extension id>:<script name>:wxt:content-script-started` on `document` (and announces the same with
 * window.postMessage, as older WXT versions listened for), and the older copy aborts its context on any such event
 * that carries another message id. The page shares `document` and `window`: its own script could send that
 * announcement and switch the overlay off for as long as the tab stays open (a denial of service), and WXT's own
 * postMessage tells it the extension id and script names to use.
 * In the real browser with the built extension, a LinkedIn page listens from its first script for what the extension
 * posts to it, then fires every form of the announcement for every content-script name; the overlay must stay in the
 * page and keep working (a message from the background still opens its notes box, and SPA navigation still re-reads).
 */

const linkedin = siteCases.find((siteCase) => siteCase.site === 'linkedin')!;
const contentScriptNames = siteCases.map((siteCase) => siteCase.site);

/** Runs in the page's main world before its scripts: keeps every window message, as a hostile page would. */
const recordWindowMessages = `(() => {
  const seen = (window.__pageSawMessages = []);
  window.addEventListener('message', (event) => {
    try { seen.push(JSON.stringify(event.data)); } catch { seen.push(String(event.data)); }
  });
})();`;

/**
 * Sends the background's "open the notes box" message (what the keyboard shortcut sends) to every tab: only a live
 * content script answers, and the worker cannot read tab URLs (no "tabs" permission) to pick the page's tab.
 */
async function openNotesFromBackground(env: E2eEnvironment): Promise<number> {
  const worker = await env.browser.serviceWorker();
  return worker.evaluate(async () => {
    const { chrome } = globalThis as unknown as {
      chrome: {
        tabs: {
          query(info: object): Promise<{ id?: number }[]>;
          sendMessage(tabId: number, message: unknown): Promise<unknown>;
        };
      };
    };
    const tabs = await chrome.tabs.query({});
    const sent = await Promise.allSettled(
      tabs.map((tab) =>
        tab.id === undefined
          ? Promise.reject(new Error('no id'))
          : chrome.tabs.sendMessage(tab.id, { type: 'overlay.openNotes' }),
      ),
    );
    return sent.filter((result) => result.status === 'fulfilled').length;
  });
}

describe('a page and WXT’s “content script started” announcement', () => {
  let env: E2eEnvironment;
  let page: Page;

  beforeAll(async () => {
    env = await startE2eEnvironment({ name: 'overlay-shutdown' });
    await env.admin.createLead(linkedin.known.lead);
    page = await env.browser.context.newPage();
    await page.addInitScript(recordWindowMessages);
    await page.goto(env.fixtures.servePage(linkedin.known.url, linkedin.known.file), { waitUntil: 'load' });
    await overlayBadge(page).getByTestId('badge-stage').waitFor();
  });

  afterAll(async () => {
    await env?.close();
  });

  test('the extension posts nothing to the page: neither its id nor its content scripts’ names', async () => {
    const seen = await page.evaluate(
      () => (globalThis as unknown as { __pageSawMessages: string[] }).__pageSawMessages,
    );
    expect(seen.filter((data) => data.includes(env.browser.extensionId))).toEqual([]);
    expect(seen.filter((data) => data.includes('content-script-started'))).toEqual([]);
  });

  test('forged announcements, in every form and for every script name, leave the overlay working', async () => {
    const extensionId = env.browser.extensionId;
    await page.evaluate(
      ({ id, names }) => {
        // The test package has no DOM typings: the page's globals as far as this script uses them.
        interface PageTarget {
          dispatchEvent(event: unknown): boolean;
        }
        const page = globalThis as unknown as PageTarget & {
          postMessage(message: unknown, targetOrigin: string): void;
          document: PageTarget;
          CustomEvent: new (type: string, init: { detail: unknown }) => unknown;
          Event: new (type: string) => unknown;
        };
        for (const name of names) {
          for (const type of [
            `${id}:${name}:wxt:content-script-started`,
            `${id}:${name}:content-script-started`,
            'wxt:content-script-started',
          ]) {
            for (const messageId of ['forged', '', 'x'.repeat(11)]) {
              const detail = { contentScriptName: name, messageId };
              page.document.dispatchEvent(new page.CustomEvent(type, { detail }));
              page.dispatchEvent(new page.CustomEvent(type, { detail }));
              page.document.dispatchEvent(new page.Event(type));
              page.postMessage({ type, contentScriptName: name, messageId }, '*');
              page.postMessage({ event: type, contentScriptName: name, messageId }, '*');
            }
          }
        }
      },
      { id: extensionId, names: contentScriptNames },
    );
    await page.waitForTimeout(1_000); // a listener acts at once; give the overlay's teardown time to show

    // Still mounted and showing the lead…
    expect(await page.locator('leadlight-overlay').count()).toBe(1);
    expect(await overlayBadge(page).getByTestId('badge-stage').isVisible()).toBe(true);
    // …and still listening: the background's "open notes" (the keyboard shortcut) opens the card with its notes box.
    expect(await openNotesFromBackground(env)).toBe(1);
    await page.getByTestId('overlay-card').waitFor({ state: 'visible', timeout: 5_000 });
    await page.getByTestId('notes-input').waitFor({ state: 'visible', timeout: 5_000 });
  });
});
