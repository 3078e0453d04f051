import type { ExtensionRequest } from '@leadlight/contract';
import { fakeBrowser } from 'wxt/testing/fake-browser';

/*
 * For component tests only: the background's side of `api.call` (and the other requests the dashboard's screens send),
 * scripted per test. Every request goes through the real sendRequest / callApi code and WXT's fake runtime, so a
 * screen under test parses the same answers, with the same schemas, as in the browser.
 */

export interface ApiAnswer {
  status: number;
  body: unknown;
}

export type ApiRoute = (request: {
  method: string;
  path: string;
  url: URL;
  body: unknown;
}) => ApiAnswer | Promise<ApiAnswer> | undefined;

export interface FakeBackground {
  /** Every request the page sent, in order. */
  readonly sent: ExtensionRequest[];
  /** `METHOD /path?query` of each api.call (path relative to /api/v1). */
  readonly calls: string[];
  /** Answers requests other than api.call (note.add, outbox.get…). */
  answerOther: (request: ExtensionRequest) => unknown;
}

export function apiError(status: number, code: string, message: string, details?: unknown): ApiAnswer {
  return { status, body: { error: { code, message, details } } };
}

/** Installs the fake background; `route` answers api.calls (undefined → 404 not_found). */
export function installFakeBackground(route: ApiRoute): FakeBackground {
  fakeBrowser.reset();
  const fake: FakeBackground = { sent: [], calls: [], answerOther: () => null };
  fakeBrowser.runtime.onMessage.addListener((message: unknown) => {
    const request = message as ExtensionRequest;
    if (!request || typeof request !== 'object' || !('type' in request)) return undefined;
    if (request.type.includes('.changed')) return undefined; // a tab message, not for the background
    fake.sent.push(request);
    if (request.type !== 'api.call') {
      return Promise.resolve(fake.answerOther(request)).then((data) => ({ ok: true, data }));
    }
    const url = new URL(request.path, 'https://api.test');
    const relative = url.pathname.replace(/^\/api\/v1/, '');
    fake.calls.push(`${request.method} ${relative}${url.search}`);
    return Promise.resolve(route({ method: request.method, path: relative, url, body: request.body })).then(
      (answer) => ({
        ok: true,
        data: answer ?? apiError(404, 'not_found', `No route ${request.method} ${relative}`),
      }),
    );
  });
  return fake;
}
