import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { createTestApiClient, type TestApiClient } from './api-client';
import { type ApiServer, runLeadlightCli, startApiServer } from './api-server';
import { type ExtensionBrowser, launchExtensionBrowser } from './browser';
import { prepareExtensionCopy } from './extension-build';
import { openPopup, signInThroughPopup } from './extension-ui';
import {
  buildHostResolverRules,
  type FixtureServer,
  fixtureHostNames,
  startFixtureServer,
} from './fixture-server';
import { e2eResultsDir } from './paths';
import { findFreePort } from './ports';
import { createSelfSignedCertificate } from './tls';

/** The API origin as the popup asks for it (toOriginPattern drops the port): granted in the test copy. */
const apiOriginPattern = 'http://127.0.0.1/*';

export interface E2eEnvironment {
  api: ApiServer;
  /** An admin: seeds leads and reads what the extension wrote. */
  admin: TestApiClient;
  /** The rep signed in to the extension. */
  rep: { email: string; token: string; client: TestApiClient };
  fixtures: FixtureServer;
  readonly browser: ExtensionBrowser;
  /** Chromium's --host-resolver-rules for the fixture server (to launch another browser on the same pages). */
  hostResolverRules: string;
  /** A temporary folder removed at close. */
  workDir: string;
  /** Opens a fixture page at its real URL in a new tab. */
  openPage(url: string, fixtureFile: string): Promise<Page>;
  /** Saves a full-page screenshot in test-results/e2e/ for a person to look at; returns its path. */
  screenshot(page: Page, name: string): Promise<string>;
  /** Signs the extension in through its popup as the rep. */
  signIn(): Promise<void>;
  /** Signs out (when signed in) and signs in again with another token, through the real popup. */
  signInAs(token: string): Promise<void>;
  /** With `demo: true`: the demo's users (one per role) with their tokens, as `leadlight demo --json` printed them. */
  demoUsers: DemoUser[];
  /**
   * Closes Chromium and starts it again on the same profile (storage, alarms and the extension id survive);
   * `whileClosed` runs in between.
   */
  restartBrowser(whileClosed?: () => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

export interface DemoUser {
  role: 'rep' | 'marketer' | 'admin';
  name: string;
  email: string;
  token: string;
}

export interface E2eOptions {
  /**
   * Start from `leadlight demo` (the X Education leads with outcomes, the X Education ruleset active, one user per role)
   * instead of an empty database; `admin` and `rep` are then the demo's admin and rep.
   */
  demo?: boolean;
  /** Names the temporary folder, the logs and the screenshots. */
  name: string;
  /** Sign the extension in through the popup before returning (default true). */
  isSignedIn?: boolean;
}

type Cleanup = () => Promise<void> | void;

async function runCleanups(cleanups: Cleanup[]): Promise<void> {
  const errors: unknown[] = [];
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length > 0) throw new AggregateError(errors, 'End-to-end teardown failed');
}

/**
 * Everything an end-to-end test needs, started in order and torn down in reverse even when a step fails:
 * an HTTPS fixture server for the real host names, the real API (`leadlight serve`) on a fresh SQLite file with an
 * admin (made by the CLI) and a rep (made through the API), and Chromium with the built extension signed in as the rep.
 */
export async function startE2eEnvironment(options: E2eOptions): Promise<E2eEnvironment> {
  const cleanups: Cleanup[] = [];
  try {
    mkdirSync(e2eResultsDir, { recursive: true });
    const root = mkdtempSync(join(tmpdir(), `leadlight-e2e-${options.name}-`));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));

    const fixtures = await startFixtureServer(createSelfSignedCertificate(root, fixtureHostNames));
    cleanups.push(() => fixtures.close());

    // The slow steps overlap: the CLI and the API start while the extension is copied and Chromium starts.
    const databasePath = join(root, 'leadlight.db');
    const adminTokenOutput = options.demo
      ? runLeadlightCli(['demo', '--json'], databasePath, { timeoutMs: 180_000 })
      : runLeadlightCli(
          ['users', 'add', '--name', 'E2E Admin', '--email', 'admin@leadlight.test', '--role', 'admin'],
          databasePath,
        );
    adminTokenOutput.catch(() => undefined); // awaited below; a failure must not go unhandled meanwhile
    let extensionDir: string;
    try {
      extensionDir = await prepareExtensionCopy(join(root, 'extension'), [apiOriginPattern]);
    } catch (error) {
      await adminTokenOutput.catch(() => undefined); // it writes into root: let it finish before the cleanup
      throw error;
    }
    let demoUsers: DemoUser[] = [];
    let adminToken: string;
    if (options.demo) {
      demoUsers = (JSON.parse(await adminTokenOutput) as { users: DemoUser[] }).users;
      adminToken = demoUsers.find((user) => user.role === 'admin')?.token ?? '';
    } else {
      adminToken = (await adminTokenOutput).trim();
    }

    const consoleLog = createWriteStream(join(e2eResultsDir, `${options.name}-console.log`));
    cleanups.push(() => new Promise<void>((resolve) => consoleLog.end(resolve)));
    const hostResolverRules = buildHostResolverRules(fixtures.port);
    const launch = () =>
      launchExtensionBrowser({ extensionDir, userDataDir: join(root, 'profile'), hostResolverRules });
    const [apiStart, browserStart] = await Promise.allSettled([
      findFreePort().then((port) =>
        startApiServer({ databasePath, port, logPath: join(e2eResultsDir, `${options.name}-api.log`) }),
      ),
      launch(),
    ]);
    if (apiStart.status === 'fulfilled') cleanups.push(() => apiStart.value.stop());
    // Closes whichever browser runs at the end (restartBrowser replaces it).
    let browser: ExtensionBrowser | null = browserStart.status === 'fulfilled' ? browserStart.value : null;
    cleanups.push(() => browser?.close());
    if (apiStart.status === 'rejected') throw apiStart.reason;
    if (browserStart.status === 'rejected') throw browserStart.reason;
    const api = apiStart.value;
    const requireBrowser = (): ExtensionBrowser => {
      if (!browser) throw new Error('Chromium is not running');
      return browser;
    };
    const admin = createTestApiClient(api.url, adminToken);
    const demoRep = demoUsers.find((user) => user.role === 'rep');
    const repEmail = demoRep?.email ?? 'rep@leadlight.test';
    const repToken = demoRep?.token ?? (await admin.createUser('Riley Rep', repEmail, 'rep')).token;

    const environment: E2eEnvironment = {
      api,
      admin,
      rep: { email: repEmail, token: repToken, client: createTestApiClient(api.url, repToken) },
      fixtures,
      hostResolverRules,
      workDir: root,
      get browser() {
        return requireBrowser();
      },
      async openPage(url, fixtureFile) {
        const page = await requireBrowser().context.newPage();
        // The page's console (content-script errors land there too) goes to a log a person can read.
        page.on('console', (message) => {
          if (message.type() === 'error' || message.type() === 'warning')
            consoleLog.write(`${new URL(url).host} ${message.type()}: ${message.text()}\n`);
        });
        page.on('pageerror', (error) =>
          consoleLog.write(`${new URL(url).host} pageerror: ${error.message}\n`),
        );
        await page.goto(fixtures.servePage(url, fixtureFile), { waitUntil: 'load' });
        return page;
      },
      async screenshot(page, name) {
        const path = join(e2eResultsDir, `${name}.png`);
        await page.screenshot({ path });
        return path;
      },
      signIn: () => {
        const { context, extensionId } = requireBrowser();
        return signInThroughPopup(context, extensionId, api.url, repToken);
      },
      async signInAs(token) {
        const { context, extensionId } = requireBrowser();
        const popup = await openPopup(context, extensionId);
        try {
          const signOut = popup.getByTestId('sign-out');
          await signOut.or(popup.getByTestId('sign-in')).first().waitFor({ timeout: 15_000 });
          if (await signOut.isVisible()) {
            await signOut.click();
            await popup.getByTestId('sign-in').waitFor({ timeout: 15_000 });
          }
        } finally {
          await popup.close();
        }
        await signInThroughPopup(context, extensionId, api.url, token);
      },
      demoUsers,
      async restartBrowser(whileClosed) {
        await requireBrowser().close();
        browser = null;
        await whileClosed?.();
        browser = await launch();
      },
      close: () => runCleanups(cleanups),
    };
    if (options.isSignedIn !== false) await environment.signIn();
    return environment;
  } catch (error) {
    await runCleanups(cleanups).catch(() => undefined);
    throw error;
  }
}
