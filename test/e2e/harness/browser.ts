import { readdirSync, readFileSync } from 'node:fs';
import { type BrowserContext, chromium, type Worker } from 'playwright-core';
import { chromiumPath } from './paths';
import { withTimeout } from './wait';

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  userDataDir: string;
  /** The extension's service worker as it runs now (a new one after a stop; see waitForServiceWorker). */
  serviceWorker(): Promise<Worker>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  extensionDir: string;
  userDataDir: string;
  hostResolverRules: string;
}

function isExtensionWorker(worker: Worker): boolean {
  return worker.url().startsWith('chrome-extension://') && worker.url().endsWith('/background.js');
}

/** Waits for the extension's background service worker (it starts at install and again on demand after a stop). */
export async function waitForServiceWorker(context: BrowserContext, timeoutMs = 15_000): Promise<Worker> {
  const running = context.serviceWorkers().find(isExtensionWorker);
  if (running) return running;
  return context.waitForEvent('serviceworker', { predicate: isExtensionWorker, timeout: timeoutMs });
}

/** Pids of Chromium processes started with this user data dir (Linux /proc); used only if a close hangs. */
function findChromiumPids(userDataDir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const commandLine = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (commandLine.includes(`--user-data-dir=${userDataDir}`)) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

function killChromium(userDataDir: string): void {
  for (const pid of findChromiumPids(userDataDir)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Debian's Chromium, headless (new mode: the old one cannot run extensions), on a persistent profile. */
function launchChromium(userDataDir: string, hostResolverRules: string, extensionDir?: string) {
  const extensionArgs = extensionDir
    ? [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`]
    : ['--disable-extensions'];
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: false, // --headless=new below instead
    ignoreHTTPSErrors: true,
    viewport: { width: 1280, height: 900 },
    timeout: 30_000,
    args: [
      '--headless=new',
      ...extensionArgs,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      `--host-resolver-rules=${hostResolverRules}`,
      '--ignore-certificate-errors',
    ],
  });
}

/** The same browser without any extension: the baseline a benchmark compares against. */
export async function launchPlainBrowser(
  userDataDir: string,
  hostResolverRules: string,
): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const context = await launchChromium(userDataDir, hostResolverRules);
  context.setDefaultTimeout(15_000);
  return {
    context,
    close: async () => {
      try {
        await withTimeout(context.close(), 15_000, 'Closing Chromium');
      } catch {
        killChromium(userDataDir);
      }
    },
  };
}

/**
 * Debian's Chromium, headless, with the unpacked extension loaded into a persistent profile (extensions need one).
 * Real host names resolve to the local fixture server; certificate errors are ignored for its self-signed cert.
 */
export async function launchExtensionBrowser(options: LaunchOptions): Promise<ExtensionBrowser> {
  const context = await launchChromium(options.userDataDir, options.hostResolverRules, options.extensionDir);
  context.setDefaultTimeout(15_000);
  try {
    const worker = await waitForServiceWorker(context);
    const extensionId = new URL(worker.url()).host;
    return {
      context,
      extensionId,
      userDataDir: options.userDataDir,
      serviceWorker: () => waitForServiceWorker(context),
      close: async () => {
        try {
          await withTimeout(context.close(), 15_000, 'Closing Chromium');
        } catch {
          killChromium(options.userDataDir);
        }
      },
    };
  } catch (error) {
    await withTimeout(context.close(), 15_000, 'Closing Chromium').catch(() =>
      killChromium(options.userDataDir),
    );
    throw error;
  }
}
