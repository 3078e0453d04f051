import type { CDPSession } from 'playwright-core';
import type { ExtensionBrowser } from './browser';
import { withTimeout } from './wait';

interface WorkerVersion {
  registrationId: string;
  scriptURL: string;
  runningStatus: 'stopped' | 'starting' | 'running' | 'stopping';
}

/**
 * Stops the extension's service worker the way Chrome does when it idles out (DevTools' ServiceWorker.stopAllWorkers;
 * headless Chromium has no chrome://serviceworker-internals button to click) and resolves once Chrome reports it
 * stopped. Its globals are gone; storage and alarms stay. The next event (a message, an alarm) starts a new one.
 */
export async function stopServiceWorker(browser: ExtensionBrowser): Promise<void> {
  const scriptPrefix = `chrome-extension://${browser.extensionId}/`;
  // A page of the extension's origin without scripts: it sends nothing that would wake the worker again.
  const page = await browser.context.newPage();
  let session: CDPSession | null = null;
  try {
    await page.goto(`${scriptPrefix}manifest.json`);
    session = await browser.context.newCDPSession(page);
    const cdp = session;
    const stopped = new Promise<void>((resolve) => {
      cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }: { versions: WorkerVersion[] }) => {
        const ours = versions.filter((version) => version.scriptURL.startsWith(scriptPrefix));
        if (ours.length > 0 && ours.every((version) => version.runningStatus === 'stopped')) resolve();
      });
    });
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await withTimeout(stopped, 10_000, 'Stopping the extension service worker');
  } finally {
    await session?.detach().catch(() => undefined);
    await page.close();
  }
}

const markerName = '__leadlightE2eMarker';

/** Leaves a mark in the running worker's globals: a restarted worker does not have it. */
export async function markServiceWorker(browser: ExtensionBrowser): Promise<void> {
  const worker = await browser.serviceWorker();
  await worker.evaluate((name) => {
    (globalThis as Record<string, unknown>)[name] = true;
  }, markerName);
}

/** True when the worker now running is not the one that was marked (it was stopped and started again). */
export async function isServiceWorkerFresh(browser: ExtensionBrowser): Promise<boolean> {
  const worker = await browser.serviceWorker();
  return worker.evaluate((name) => !(name in globalThis), markerName);
}
