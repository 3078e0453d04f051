import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext } from 'playwright-core';
import { type ExtensionBrowser, launchPlainBrowser } from '../e2e/harness/browser';
import { startE2eEnvironment } from '../e2e/harness/environment';
import { ensureExtensionBuild } from '../e2e/harness/extension-build';
import { stopServiceWorker } from '../e2e/harness/service-worker';
import { siteCases } from '../e2e/sites';
import type { BenchFigure, BenchModule } from './bench-module';
import { measureMainThreadTasks, type TaskFigures, traceWhile } from './extension-trace';

/*
 * The extension's cost to the host page, measured in the real extension in Debian's Chromium on the fixture pages
 * (served at the real host names) against the real API on this machine: content-script size, time until the overlay
 * shows the lead, and the longest main-thread task the content script adds. Targets (issue 4): ≤ 30 kB gzipped,
 * ≤ 150 ms, ≤ 50 ms.
 * "Page load" is the start of DOMContentLoaded: the page's HTML is parsed and a user sees it. The content scripts run
 * at document_start, so their compile and first run happen before it, and their DOM work is a task of its own after
 * it (not inside the page's DOMContentLoaded handlers, which would hide it before a DOMContentLoaded *end* anchor).
 * The figure covers everything from there to the frame after the badge shows the lead: reading the page, the message
 * to the background, the background's API call, the render. Navigation start → visible is reported beside it, and
 * so is a load with the background service worker stopped first (Chrome stops it after 30 s idle; its start-up is
 * Chrome's, outside the extension's code, but a user waits for it).
 */

const timedLoadsPerSite = 4;
const coldWorkerLoadsPerSite = 2;
const revisitLoadsPerSite = 2;

/**
 * Forgets the lookup answers the background keeps for revisits (extension/src/lib/lookup-cache.ts, session storage
 * key "lookupCache"): every load here but the revisit ones is a first view, as the 150 ms target means, never a
 * cache hit. Removing an absent key is harmless, so this holds whether or not the cache is in use.
 */
async function forgetLookupAnswers(browser: ExtensionBrowser): Promise<void> {
  const worker = await browser.serviceWorker();
  await worker.evaluate(async () => {
    // Runs in the service worker, where `chrome` exists; Node's typings do not know it.
    const { chrome } = globalThis as unknown as {
      chrome: { storage: { session: { remove(key: string): Promise<void> } } };
    };
    await chrome.storage.session.remove('lookupCache');
  });
}
const tracedLoadsPerSite = 2;

/** Runs in the page's main world before its scripts: notes when the badge shows the lead, and the frame after. */
const overlayTimingScript = `(() => {
  const marks = (window.__leadlightBench = {});
  const isShown = () => {
    const host = document.querySelector('leadlight-overlay');
    return Boolean(host && host.shadowRoot && host.shadowRoot.querySelector('[data-testid="badge-stage"]'));
  };
  const done = () => {
    marks.inDom = performance.now();
    requestAnimationFrame(() => { marks.visible = performance.now(); });
  };
  const watchShadow = (root) => {
    const observer = new MutationObserver(() => { if (isShown()) { observer.disconnect(); done(); } });
    observer.observe(root, { childList: true, subtree: true, characterData: true });
  };
  const pageObserver = new MutationObserver(() => {
    const host = document.querySelector('leadlight-overlay');
    if (!host || !host.shadowRoot) return;
    marks.mounted = performance.now();
    pageObserver.disconnect();
    if (isShown()) done(); else watchShadow(host.shadowRoot);
  });
  pageObserver.observe(document, { childList: true, subtree: true });
})();`;

interface OverlayTiming {
  /** Start of DOMContentLoaded → the frame after the badge shows the lead. */
  afterDomContentLoadedMs: number;
  afterNavigationStartMs: number;
  /** Start of DOMContentLoaded → the overlay's host element is in the page (content script ran, before the lookup answer). */
  mountedAfterDomContentLoadedMs: number;
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

function measureContentScriptSizes(): { site: string; gzipKb: number; rawKb: number }[] {
  const dir = join(ensureExtensionBuild(), 'content-scripts');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.js'))
    .map((file) => {
      const source = readFileSync(join(dir, file));
      return {
        site: file.replace(/\.js$/, ''),
        rawKb: source.length / 1024,
        gzipKb: gzipSync(source, { level: 9 }).length / 1024,
      };
    });
}

async function timeOverlay(context: BrowserContext, url: string): Promise<OverlayTiming> {
  const page = await context.newPage();
  try {
    await page.addInitScript(overlayTimingScript);
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(
      () => (globalThis as { __leadlightBench?: { visible?: number } }).__leadlightBench?.visible,
      undefined,
      { timeout: 20_000 },
    );
    return await page.evaluate(() => {
      const marks = (globalThis as unknown as { __leadlightBench: { visible: number; mounted: number } })
        .__leadlightBench;
      // Node's typings name no 'navigation' entries; the page's performance object has them.
      const readEntries = performance.getEntriesByType as (type: string) => unknown[];
      const navigation = readEntries.call(performance, 'navigation')[0] as
        | { domContentLoadedEventStart: number }
        | undefined;
      const ready = navigation?.domContentLoadedEventStart ?? 0;
      return {
        afterDomContentLoadedMs: marks.visible - ready,
        afterNavigationStartMs: marks.visible,
        mountedAfterDomContentLoadedMs: marks.mounted - ready,
      };
    });
  } finally {
    await page.close();
  }
}

/** Loads the page with a trace running; with the extension, until the overlay shows the lead and 500 ms more. */
async function traceLoad(context: BrowserContext, url: string, hasExtension: boolean): Promise<TaskFigures> {
  const page = await context.newPage();
  try {
    const session = await context.newCDPSession(page);
    const events = await traceWhile(session, async () => {
      await page.goto(url, { waitUntil: 'load' });
      if (hasExtension) await page.getByTestId('badge-stage').waitFor({ timeout: 20_000 });
      await page.waitForTimeout(500); // let late callbacks (lookup answer, render) land inside the trace
    });
    return measureMainThreadTasks(events, url);
  } finally {
    await page.close();
  }
}

export const extensionBench: BenchModule = {
  name: 'extension',
  description: 'content-script size, overlay time to visible, longest main-thread task added (real Chromium)',
  async run(log) {
    const figures: BenchFigure[] = [];
    // Timings on a shared machine mean little without its load: say it next to them.
    log(
      `load average at start: ${loadavg()
        .map((value) => value.toFixed(1))
        .join(' ')} (${cpus().length} CPUs)`,
    );
    const sizes = measureContentScriptSizes();
    for (const { site, gzipKb, rawKb } of sizes) {
      log(`${site}.js: ${rawKb.toFixed(1)} kB, ${gzipKb.toFixed(1)} kB gzipped (target ≤ 30)`);
      figures.push({
        key: `extension.contentScript.${site}.gzipKb`,
        label: `content script ${site}.js, gzip -9`,
        value: gzipKb,
        unit: 'kB',
      });
    }
    figures.push({
      key: 'extension.contentScript.maxGzipKb',
      label: 'largest content-script entry, gzip -9 (target ≤ 30)',
      value: Math.max(...sizes.map((size) => size.gzipKb)),
      unit: 'kB',
    });

    const env = await startE2eEnvironment({ name: 'bench-extension' });
    try {
      for (const { known } of siteCases) await env.admin.createLead(known.lead);
      const urls = siteCases.map(({ site, known }) => ({
        site,
        url: env.fixtures.servePage(known.url, known.file),
      }));

      const timings: OverlayTiming[] = [];
      for (const { site, url } of urls) {
        await timeOverlay(env.browser.context, url); // warm-up: HTTP cache, the API's first queries
        const runs: OverlayTiming[] = [];
        for (let run = 0; run < timedLoadsPerSite; run += 1) {
          await forgetLookupAnswers(env.browser);
          runs.push(await timeOverlay(env.browser.context, url));
        }
        timings.push(...runs);
        const median = quantile(
          runs.map((timing) => timing.afterDomContentLoadedMs),
          0.5,
        );
        const mounted = quantile(
          runs.map((timing) => timing.mountedAfterDomContentLoadedMs),
          0.5,
        );
        log(
          `${site}: after DOMContentLoaded, overlay mounted ${mounted.toFixed(0)} ms, showing the lead ${median.toFixed(0)} ms (median of ${runs.length})`,
        );
      }
      const coldWorker: OverlayTiming[] = [];
      for (const { site, url } of urls) {
        const runs: OverlayTiming[] = [];
        for (let run = 0; run < coldWorkerLoadsPerSite; run += 1) {
          await forgetLookupAnswers(env.browser);
          await stopServiceWorker(env.browser);
          runs.push(await timeOverlay(env.browser.context, url));
        }
        coldWorker.push(...runs);
        log(
          `${site}: background worker stopped first, showing the lead ${quantile(
            runs.map((timing) => timing.afterDomContentLoadedMs),
            0.5,
          ).toFixed(0)} ms after DOMContentLoaded (median of ${runs.length})`,
        );
      }
      const revisits: OverlayTiming[] = [];
      for (const { url } of urls) {
        await timeOverlay(env.browser.context, url); // the visit the revisits follow
        for (let run = 0; run < revisitLoadsPerSite; run += 1)
          revisits.push(await timeOverlay(env.browser.context, url));
      }
      const afterReady = timings.map((timing) => timing.afterDomContentLoadedMs);
      figures.push(
        {
          key: 'extension.overlayVisible.afterDomContentLoaded.p50Ms',
          label: 'DOMContentLoaded start → badge shows the lead, median, 5 sites (target ≤ 150)',
          value: quantile(afterReady, 0.5),
          unit: 'ms',
        },
        {
          key: 'extension.overlayVisible.afterDomContentLoaded.p95Ms',
          label: 'DOMContentLoaded start → badge shows the lead, p95',
          value: quantile(afterReady, 0.95),
          unit: 'ms',
        },
        {
          key: 'extension.overlayMounted.afterDomContentLoaded.p50Ms',
          label: 'DOMContentLoaded start → overlay element in the page (before the lookup answer), median',
          value: quantile(
            timings.map((timing) => timing.mountedAfterDomContentLoadedMs),
            0.5,
          ),
          unit: 'ms',
        },
        {
          key: 'extension.overlayVisible.afterNavigationStart.p50Ms',
          label: 'navigation start → badge shows the lead, median',
          value: quantile(
            timings.map((timing) => timing.afterNavigationStartMs),
            0.5,
          ),
          unit: 'ms',
        },
        {
          key: 'extension.overlayVisible.revisit.afterDomContentLoaded.p50Ms',
          label: 'same page again within seconds (lookup answers the background may keep), median',
          value: quantile(
            revisits.map((timing) => timing.afterDomContentLoadedMs),
            0.5,
          ),
          unit: 'ms',
        },
        {
          key: 'extension.overlayVisible.coldWorker.afterDomContentLoaded.p50Ms',
          label: 'same as the first, background service worker stopped before each load, median',
          value: quantile(
            coldWorker.map((timing) => timing.afterDomContentLoadedMs),
            0.5,
          ),
          unit: 'ms',
        },
      );

      const withExtension: TaskFigures[] = [];
      for (const { site, url } of urls) {
        const runs: TaskFigures[] = [];
        for (let run = 0; run < tracedLoadsPerSite; run += 1)
          runs.push(await traceLoad(env.browser.context, url, true));
        withExtension.push(...runs);
        log(
          `${site}: longest task with extension code ${quantile(
            runs.map((figure) => figure.extensionWallMs),
            0.5,
          ).toFixed(0)} ms wall, ${quantile(
            runs.map((figure) => figure.extensionCpuMs),
            0.5,
          ).toFixed(0)} ms CPU (median of ${runs.length})`,
        );
      }
      const plain = await launchPlainBrowser(join(env.workDir, 'plain-profile'), env.hostResolverRules);
      const withoutExtension: TaskFigures[] = [];
      try {
        for (const { url } of urls) {
          for (let run = 0; run < tracedLoadsPerSite; run += 1)
            withoutExtension.push(await traceLoad(plain.context, url, false));
        }
      } finally {
        await plain.close();
      }
      figures.push(
        {
          key: 'extension.longestTask.extension.wallMs',
          label: 'longest main-thread task running extension code, median of loads (target ≤ 50)',
          value: quantile(
            withExtension.map((figure) => figure.extensionWallMs),
            0.5,
          ),
          unit: 'ms',
        },
        {
          key: 'extension.longestTask.extension.cpuMs',
          label: 'same task, thread CPU time (less sensitive to a busy machine)',
          value: quantile(
            withExtension.map((figure) => figure.extensionCpuMs),
            0.5,
          ),
          unit: 'ms',
        },
        {
          key: 'extension.longestTask.withExtension.wallMs',
          label: 'longest main-thread task of any kind, with the extension, median',
          value: quantile(
            withExtension.map((figure) => figure.anyWallMs),
            0.5,
          ),
          unit: 'ms',
        },
        {
          key: 'extension.longestTask.withoutExtension.wallMs',
          label: 'longest main-thread task of any kind, same pages without the extension, median',
          value: quantile(
            withoutExtension.map((figure) => figure.anyWallMs),
            0.5,
          ),
          unit: 'ms',
        },
      );
    } finally {
      await env.close();
    }
    log(
      `load average at end: ${loadavg()
        .map((value) => value.toFixed(1))
        .join(' ')}`,
    );
    return figures;
  },
};
