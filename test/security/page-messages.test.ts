import { randomUUID } from 'node:crypto';
import type { LeadView } from '@leadlight/contract';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type E2eEnvironment, startE2eEnvironment } from '../e2e/harness/environment';
import { openPopup, overlayBadge } from '../e2e/harness/extension-ui';
import { siteCases } from '../e2e/sites';

/*
 * A web page is untrusted: it shares the DOM with the overlay's content script but must never get at the background,
 * which holds the API token and answers privileged messages (api.call, session.*, outbox.*). In the real browser with
 * the built extension, a LinkedIn page's own script tries every way in it has — window.postMessage with the shapes of
 * our messages, chrome.runtime.sendMessage / connect with the real extension id — and the test checks from three
 * sides that nothing happened: the page got no answer, the background's own listeners saw nothing of it (a recorder
 * added to the running service worker), and the API's data (notes, history, the lead, the session) is unchanged.
 */

const linkedin = siteCases.find((siteCase) => siteCase.site === 'linkedin')!;
const recorderName = '__leadlightSecurityRecorder';

interface RecordedEvent {
  listener: 'onMessage' | 'onMessageExternal' | 'onConnect' | 'onConnectExternal';
  senderUrl: string | null;
  fromTab: boolean;
  payload: string;
}

/** What the page saw for one attempt: no runtime at all, a throw, or whatever came back (answer and lastError). */
interface PageAttempt {
  label: string;
  outcome: 'unavailable' | 'threw' | 'settled' | 'timed_out';
  answer?: unknown;
  detail?: string;
}

/** The privileged requests a page would love to send: each carries the nonce so any trace of it can be found. */
function buildPrivilegedMessages(leadId: string, nonce: string): Record<string, unknown>[] {
  return [
    { type: 'api.call', method: 'GET', path: '/api/v1/users' },
    { type: 'api.call', method: 'GET', path: `/api/v1/leads/${leadId}/notes?nonce=${nonce}` },
    {
      type: 'api.call',
      method: 'POST',
      path: `/api/v1/leads/${leadId}/notes`,
      body: { body: `forged api.call ${nonce}` },
    },
    { type: 'api.call', method: 'DELETE', path: `/api/v1/tokens/${nonce}` },
    { type: 'session.get' },
    { type: 'session.signOut' },
    { type: 'session.signIn', serverUrl: `https://attacker-${nonce}.example`, token: nonce },
    { type: 'session.test', serverUrl: `https://attacker-${nonce}.example`, token: nonce },
    { type: 'outbox.get' },
    { type: 'outbox.retry' },
    { type: 'outbox.discard', entryId: nonce },
    { type: 'alerts.get' },
    // Content-script types too: a page must not borrow the content script's rights either.
    { type: 'note.add', leadId, body: `forged note ${nonce}` },
    { type: 'stage.move', leadId, to: 'disqualified', reasonText: nonce },
    { type: 'dashboard.open', leadId: nonce },
  ];
}

/** Messages the background sends to tabs, and WXT's own internal shapes: the overlay must not act on forged ones. */
function buildForgedTabMessages(extensionId: string, nonce: string): unknown[] {
  return [
    { type: 'overlay.openNotes' },
    { type: 'overlay.getProspect' },
    { type: 'session.changed' },
    {
      type: 'outbox.changed',
      state: { waiting: {}, waitingTotal: 0, failed: [], nextAttemptAt: null, lastError: nonce },
    },
    { type: 'api.call', method: 'POST', path: '/api/v1/leads', body: { nonce } },
    // As a sendMessage envelope or a reply would look, in case a listener unwraps one.
    { message: { type: 'overlay.openNotes' }, sender: { id: extensionId } },
    { ok: true, data: { status: 'found', nonce } },
    { type: `${extensionId}:linkedin:wxt:locationchange` },
    JSON.stringify({ type: 'overlay.openNotes' }),
  ];
}

/** Adds listeners to the running background that record every message and connection it receives. */
async function startRecorder(env: E2eEnvironment): Promise<void> {
  const worker = await env.browser.serviceWorker();
  await worker.evaluate((name) => {
    type Listener = (...args: unknown[]) => void;
    interface Sender {
      url?: string;
      tab?: unknown;
    }
    interface RuntimeEvent {
      addListener(listener: Listener): void;
    }
    const runtime = (
      globalThis as unknown as { chrome: { runtime: Record<string, RuntimeEvent | undefined> } }
    ).chrome.runtime;
    const events: unknown[] = [];
    (globalThis as Record<string, unknown>)[name] = events;
    const record = (listener: string, payload: unknown, sender: Sender | undefined) => {
      events.push({
        listener,
        senderUrl: sender?.url ?? null,
        fromTab: Boolean(sender?.tab),
        payload: JSON.stringify(payload) ?? 'undefined',
      });
    };
    // Returning nothing: the extension's own listener still answers every message.
    for (const listener of ['onMessage', 'onMessageExternal'] as const) {
      runtime[listener]?.addListener((message, sender) => record(listener, message, sender as Sender));
    }
    for (const listener of ['onConnect', 'onConnectExternal'] as const) {
      runtime[listener]?.addListener((port) => {
        const { name: portName, sender } = port as { name: string; sender?: Sender };
        record(listener, { portName }, sender);
        (port as { onMessage: RuntimeEvent }).onMessage.addListener((message) =>
          record(`${listener}:port`, message, sender),
        );
      });
    }
  }, recorderName);
}

async function readRecorder(env: E2eEnvironment): Promise<RecordedEvent[]> {
  const worker = await env.browser.serviceWorker();
  const events = await worker.evaluate(
    (name) => (globalThis as Record<string, unknown>)[name] as RecordedEvent[] | undefined,
    recorderName,
  );
  // A worker that stopped and started again lost the recorder: the test would see nothing and prove nothing.
  if (events === undefined) throw new Error('The service worker restarted: its recorder is gone');
  return events;
}

/** An admin of its own for reading state (the harness keeps its admin's token to itself), and the rep's user id. */
interface Auditor {
  token: string;
  repId: string;
}

/** What the API holds that a forged request could change, read as an admin. */
async function readApiState(env: E2eEnvironment, auditor: Auditor, leadId: string) {
  const get = async (path: string) => {
    const response = await fetch(`${env.api.url}/api/v1${path}`, {
      headers: { authorization: `Bearer ${auditor.token}` },
      signal: AbortSignal.timeout(10_000),
    });
    expect(response.status, path).toBe(200);
    return (await response.json()) as unknown;
  };
  const lead = (await get(`/leads/${leadId}`)) as { lead: LeadView };
  return {
    lead: { stage: lead.lead.stage, version: lead.lead.version },
    notes: await env.admin.listNoteBodies(leadId),
    history: (await env.admin.listHistoryActions(leadId)).length,
    leads: ((await get('/leads?limit=100')) as { items: { id: string }[] }).items.map((item) => item.id),
    repTokens: (await get(`/users/${auditor.repId}/tokens`)) as unknown,
    users: ((await get('/users')) as { items: { id: string }[] }).items.length,
  };
}

/** Sends one message from an extension page (the popup): what a page should not be able to do. */
async function sendFromExtensionPage(env: E2eEnvironment, message: unknown): Promise<unknown> {
  const popup = await openPopup(env.browser.context, env.browser.extensionId);
  try {
    return await popup.evaluate(
      (payload) =>
        (
          globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }
        ).chrome.runtime.sendMessage(payload),
      message,
    );
  } finally {
    await popup.close();
  }
}

/** The page's own script (main world) tries chrome.runtime.sendMessage and connect with the real extension id. */
function tryRuntimeFromPage(
  page: Page,
  extensionId: string,
  messages: Record<string, unknown>[],
): Promise<PageAttempt[]> {
  return page.evaluate(
    async ({ id, list }) => {
      type Callback = (answer: unknown) => void;
      interface PageRuntime {
        sendMessage?: (id: string, message: unknown, callback: Callback) => unknown;
        connect?: (
          id: string,
          info?: { name: string },
        ) => {
          postMessage(message: unknown): void;
          onMessage: { addListener(listener: Callback): void };
          onDisconnect: { addListener(listener: () => void): void };
        };
        lastError?: { message?: string };
      }
      const runtime = (globalThis as unknown as { chrome?: { runtime?: PageRuntime } }).chrome?.runtime;
      const attempts: PageAttempt[] = [];
      const within = <T>(promise: Promise<T>, fallback: T) =>
        Promise.race([promise, new Promise<T>((resolve) => setTimeout(() => resolve(fallback), 2_000))]);

      for (const message of list) {
        const label = `sendMessage ${String(message.type)}`;
        if (typeof runtime?.sendMessage !== 'function') {
          attempts.push({ label, outcome: 'unavailable' });
          continue;
        }
        const send = runtime.sendMessage;
        try {
          const settled = new Promise<PageAttempt>((resolve) => {
            send(id, message, (answer) =>
              resolve({ label, outcome: 'settled', answer, detail: runtime.lastError?.message }),
            );
          });
          attempts.push(await within(settled, { label, outcome: 'timed_out' }));
        } catch (error) {
          attempts.push({ label, outcome: 'threw', detail: String(error) });
        }
      }

      const label = 'connect';
      if (typeof runtime?.connect !== 'function') {
        attempts.push({ label, outcome: 'unavailable' });
      } else {
        try {
          const port = runtime.connect(id, { name: 'leadlight' });
          const answered = new Promise<PageAttempt>((resolve) => {
            port.onMessage.addListener((answer) => resolve({ label, outcome: 'settled', answer }));
            port.onDisconnect.addListener(() =>
              resolve({ label, outcome: 'settled', detail: runtime.lastError?.message }),
            );
          });
          for (const message of list) port.postMessage(message);
          attempts.push(await within(answered, { label, outcome: 'timed_out' }));
        } catch (error) {
          attempts.push({ label, outcome: 'threw', detail: String(error) });
        }
      }
      return attempts;
    },
    { id: extensionId, list: messages },
  );
}

describe('a web page and the extension’s privileged side', () => {
  let env: E2eEnvironment;
  let lead: LeadView;
  let page: Page;
  let auditor: Auditor;
  const nonce = `forged-${randomUUID()}`;

  beforeAll(async () => {
    env = await startE2eEnvironment({ name: 'page-messages' });
    lead = await env.admin.createLead(linkedin.known.lead);
    const admin = await env.admin.createUser('Security Auditor', 'auditor@leadlight.test', 'admin');
    const me = (await (
      await fetch(`${env.api.url}/api/v1/me`, { headers: { authorization: `Bearer ${env.rep.token}` } })
    ).json()) as { user: { id: string } };
    auditor = { token: admin.token, repId: me.user.id };
    await startRecorder(env);
    page = await env.openPage(linkedin.known.url, linkedin.known.file);
    // The overlay looked the prospect up through the background: the content script's way in works.
    await overlayBadge(page).getByTestId('badge-stage').waitFor();
  });

  afterAll(async () => {
    await env?.close();
  });

  test('the recorder sees what an extension page sends, and an extension page gets api.call answered', async () => {
    // The control for everything below: the same message shapes work from a privileged sender.
    const reply = await sendFromExtensionPage(env, {
      type: 'api.call',
      method: 'GET',
      path: `/api/v1/leads/${lead.id}/notes`,
    });
    expect(reply).toEqual({ ok: true, data: { status: 200, body: { items: [] } } });
    const events = await readRecorder(env);
    expect(events.some((event) => event.listener === 'onMessage' && event.payload.includes('api.call'))).toBe(
      true,
    );
    // …and the content script's lookup came through onMessage from the tab.
    expect(events.some((event) => event.fromTab && event.payload.includes('prospect.lookup'))).toBe(true);
  });

  test('chrome.runtime.sendMessage and connect with the real extension id get no answer from a page', async () => {
    const before = await readApiState(env, auditor, lead.id);
    const attempts = await tryRuntimeFromPage(
      page,
      env.browser.extensionId,
      buildPrivilegedMessages(lead.id, nonce),
    );
    expect(attempts).toHaveLength(16);
    for (const attempt of attempts) {
      // No externally_connectable: the runtime is absent on the page, throws, or settles with nothing.
      expect(['unavailable', 'threw', 'settled', 'timed_out'], attempt.label).toContain(attempt.outcome);
      expect(attempt.answer, `${attempt.label}: ${attempt.detail ?? ''}`).toBeUndefined();
    }

    const events = await readRecorder(env);
    expect(events.filter((event) => event.listener !== 'onMessage')).toEqual([]);
    expect(events.filter((event) => event.payload.includes(nonce))).toEqual([]);
    expect(await readApiState(env, auditor, lead.id)).toEqual(before);
  });

  test('forged window.postMessage and CustomEvents are ignored by the overlay and never reach the background', async () => {
    const before = await readApiState(env, auditor, lead.id);
    const eventsBefore = (await readRecorder(env)).length;
    const forged = [
      ...buildPrivilegedMessages(lead.id, nonce),
      ...buildForgedTabMessages(env.browser.extensionId, nonce),
    ];
    await page.evaluate(
      ({ messages, id }) => {
        // The test package has no DOM typings: the page's globals as far as this script uses them.
        interface PageEvents {
          dispatchEvent(event: unknown): boolean;
        }
        const page = globalThis as unknown as PageEvents & {
          postMessage(message: unknown, targetOrigin: string): void;
          document: PageEvents;
          CustomEvent: new (type: string, init: { detail: unknown }) => unknown;
        };
        for (const message of messages) {
          page.postMessage(message, '*');
          page.postMessage({ source: 'leadlight', extensionId: id, ...Object(message) }, '*');
          page.document.dispatchEvent(new page.CustomEvent('leadlight', { detail: message }));
          if (typeof message === 'object' && message !== null && 'type' in message) {
            page.dispatchEvent(new page.CustomEvent(String(message.type), { detail: message }));
          }
        }
      },
      { messages: forged, id: env.browser.extensionId },
    );
    // Give any listener time to act (a lookup round trip here takes well under a second).
    await page.waitForTimeout(2_000);

    // overlay.openNotes would have opened the card: it stays closed.
    expect(await page.getByTestId('overlay-card').isVisible()).toBe(false);
    expect(await overlayBadge(page).getByTestId('badge-stage').isVisible()).toBe(true);
    const events = await readRecorder(env);
    expect(events.filter((event) => event.payload.includes(nonce))).toEqual([]);
    // Nothing but the overlay's own reads (a re-read after DOM events) may have reached the background meanwhile.
    const isOverlayRead = (event: RecordedEvent) =>
      event.listener === 'onMessage' &&
      event.fromTab &&
      /^\{"type":"(prospect\.lookup|outbox\.get)"/.test(event.payload);
    expect(events.slice(eventsBefore).filter((event) => !isOverlayRead(event))).toEqual([]);
    expect(await readApiState(env, auditor, lead.id)).toEqual(before);
  });

  test('a page can neither frame nor fetch the extension’s own pages (they would pass the sender check)', async () => {
    // An extension page framed in a tab sends with the extension's URL: checkSender would accept it, so Chrome must
    // refuse to load it there (nothing is web_accessible). The popup asks session.get as soon as it loads.
    const eventsBefore = (await readRecorder(env)).length;
    const origin = `chrome-extension://${env.browser.extensionId}`;
    const fetched = await page.evaluate(async (base) => {
      const page = globalThis as unknown as {
        document: {
          createElement(tag: string): { src: string };
          body: { append(node: unknown): void };
        };
      };
      for (const file of ['popup.html', 'dashboard.html', 'capture.html']) {
        const frame = page.document.createElement('iframe');
        frame.src = `${base}/${file}`;
        page.document.body.append(frame);
      }
      try {
        const response = await fetch(`${base}/manifest.json`);
        return `status ${response.status}`;
      } catch (error) {
        return `refused: ${String(error)}`;
      }
    }, origin);
    expect(fetched).toMatch(/^refused/);
    await page.waitForTimeout(2_000);
    const framed = (await readRecorder(env)).slice(eventsBefore).filter((event) => event.fromTab);
    expect(framed.filter((event) => event.senderUrl?.startsWith(origin))).toEqual([]);
  });

  test('the session survived: still signed in as the rep on the same server, and the page never sees the token', async () => {
    const reply = await sendFromExtensionPage(env, { type: 'session.get' });
    expect(reply).toEqual({
      ok: true,
      data: expect.objectContaining({ isSignedIn: true, serverUrl: env.api.url }),
    });
    const exposed = await page.evaluate(() => {
      interface PageElement {
        outerHTML: string;
        shadowRoot: { innerHTML: string } | null;
      }
      const page = globalThis as unknown as {
        document: { documentElement: PageElement; querySelectorAll(selector: string): Iterable<PageElement> };
        localStorage: Record<string, string>;
        sessionStorage: Record<string, string>;
        chrome?: { storage?: unknown };
      };
      // Open shadow roots (the overlay's) are readable by the page: the token must not be in them either.
      const roots = [...page.document.querySelectorAll('*')].map(
        (element) => element.shadowRoot?.innerHTML ?? '',
      );
      return {
        text: [
          page.document.documentElement.outerHTML,
          ...roots,
          JSON.stringify({ ...page.localStorage }),
          JSON.stringify({ ...page.sessionStorage }),
        ].join('\n'),
        hasStorageApi: page.chrome?.storage !== undefined,
      };
    });
    expect(exposed.text).not.toContain(env.rep.token);
    expect(exposed.hasStorageApi).toBe(false);
    // The forged note.add / api.call never arrived, and nothing waits in the outbox to send one later.
    expect(await env.admin.listNoteBodies(lead.id)).toEqual([]);
    expect(await sendFromExtensionPage(env, { type: 'outbox.get' })).toEqual({
      ok: true,
      data: expect.objectContaining({ waitingTotal: 0, failed: [] }),
    });
  });
});
