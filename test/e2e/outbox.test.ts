import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type E2eEnvironment, startE2eEnvironment } from './harness/environment';
import { openOverlayCard, openPopup, overlayBadge, typeNoteInOverlay } from './harness/extension-ui';
import { isServiceWorkerFresh, markServiceWorker, stopServiceWorker } from './harness/service-worker';
import { siteCases } from './sites';

/*
 * Notes are never lost: typed while the API is down, a note waits in the extension's outbox (extension storage),
 * outlives the service worker and the browser, and reaches the API exactly once when the API is back — on the same
 * SQLite file and port, as after a real outage. Delivery is the product's own: its retry alarm, or its startup flush.
 */

const gmail = siteCases.find((siteCase) => siteCase.site === 'gmail')!.known;
/** The first retry comes 30 s after the failure (Chrome's shortest alarm), the next 60 s after that. */
const deliveryTimeoutMs = 150_000;

describe('outbox: a note typed while the API is down', () => {
  let env: E2eEnvironment;
  let leadId: string;

  beforeAll(async () => {
    env = await startE2eEnvironment({ name: 'outbox' });
    leadId = (await env.admin.createLead(gmail.lead)).id;
  });

  afterAll(async () => {
    await env?.close();
  });

  /** Opens the seeded lead's card while the API is up, stops the API, then types the note. */
  async function typeNoteWhileApiIsDown(note: string): Promise<Page> {
    if (!env.api.isRunning()) await env.api.start();
    const page = await env.openPage(gmail.url, gmail.file);
    await overlayBadge(page).getByTestId('badge-stage').waitFor();
    await openOverlayCard(page);
    await env.api.stop();
    await typeNoteInOverlay(page, note);
    await page.getByTestId('notes-status').filter({ hasText: 'offline' }).waitFor();
    await page.getByTestId('outbox-status').filter({ hasText: '1 note waiting to sync' }).waitFor();
    return page;
  }

  async function countNotes(body: string): Promise<number> {
    return (await env.rep.client.listNoteBodies(leadId)).filter((stored) => stored === body).length;
  }

  async function expectOutboxEmpty(): Promise<void> {
    const popup = await openPopup(env.browser.context, env.browser.extensionId);
    await expect.poll(() => popup.getByTestId('popup-outbox').textContent()).toBe('Everything is synced.');
    await popup.close();
  }

  test(
    'survives a service-worker stop and arrives exactly once after the API is back',
    async () => {
      const note = `E2E outbox: left voicemail, will retry Thursday (${Date.now()})`;
      const page = await typeNoteWhileApiIsDown(note);
      await env.screenshot(page, 'outbox-waiting');

      await markServiceWorker(env.browser);
      await stopServiceWorker(env.browser);
      const popup = await openPopup(env.browser.context, env.browser.extensionId);
      await popup.getByTestId('popup-outbox').filter({ hasText: '1 note waiting to sync' }).waitFor();
      expect(await isServiceWorkerFresh(env.browser)).toBe(true);
      await popup.close();

      await env.api.start();
      await expect.poll(() => countNotes(note), { timeout: deliveryTimeoutMs, interval: 500 }).toBe(1);
      await expectOutboxEmpty();
      expect(await countNotes(note)).toBe(1);
      await page.close();
    },
    deliveryTimeoutMs + 60_000,
  );

  test(
    'survives a browser restart and arrives exactly once after the API is back',
    async () => {
      const note = `E2E outbox: asked for the security questionnaire (${Date.now()})`;
      await typeNoteWhileApiIsDown(note);

      await env.restartBrowser(() => env.api.start());
      await expect.poll(() => countNotes(note), { timeout: deliveryTimeoutMs, interval: 500 }).toBe(1);
      await expectOutboxEmpty();
      expect(await countNotes(note)).toBe(1);
    },
    deliveryTimeoutMs + 60_000,
  );
});
