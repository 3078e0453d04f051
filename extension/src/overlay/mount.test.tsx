import type { ExtensionRequest, LeadCard, LookupResult, Prospect } from '@leadlight/contract';
import { waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { SiteAdapter } from '@/sites/types';
import { prospectKey, runSiteOverlay } from './mount';

/** A page whose prospect is the text of `[data-person]` inside `#app`, like a CRM record view. */
const testAdapter: SiteAdapter = {
  id: 'hubspot',
  matches: ['https://app.hubspot.com/*'],
  findProspect: (doc, url) => {
    const name = doc.querySelector('[data-person]')?.textContent?.trim();
    return name ? { site: 'hubspot', pageUrl: url.href, fullName: name, companyName: 'Acme' } : null;
  },
  watchRoot: (doc) => doc.getElementById('app') ?? doc.body,
};

let ctx: ContentScriptContext;
let lookups: string[];
let answerLookup: (prospect: Prospect) => LookupResult;

function overlayHost(): Element | null {
  return document.querySelector('leadlight-overlay');
}

function badgeText(): string {
  const shadow = overlayHost()?.shadowRoot;
  return shadow?.querySelector('[data-testid="overlay-badge"]')?.textContent ?? '';
}

beforeEach(() => {
  fakeBrowser.reset();
  lookups = [];
  answerLookup = () => ({ status: 'not_found' });
  fakeBrowser.runtime.onMessage.addListener((message: unknown) => {
    const request = message as ExtensionRequest;
    if (request.type === 'prospect.lookup') {
      lookups.push(request.prospect.fullName ?? request.prospect.linkedinUrl ?? '');
      return Promise.resolve({ ok: true, data: answerLookup(request.prospect) });
    }
    return Promise.resolve({ ok: false, error: { code: 'internal', message: 'not in this test' } });
  });
  const app = document.createElement('div');
  app.id = 'app';
  const heading = document.createElement('h1');
  heading.setAttribute('data-person', '');
  heading.textContent = 'Ada Lovelace';
  app.append(heading);
  document.body.append(app);
  ctx = new ContentScriptContext('test-overlay');
});

afterEach(() => {
  ctx.abort();
  document.body.replaceChildren();
});

describe('runSiteOverlay', () => {
  it('shows the badge for the prospect on the page, inside a shadow root', async () => {
    await runSiteOverlay(ctx, testAdapter);

    await waitFor(() => expect(badgeText()).toContain('New prospect'));
    expect(lookups).toEqual(['Ada Lovelace']);
    expect(overlayHost()?.shadowRoot).toBeTruthy();
    // Nothing of the overlay is in the page's own DOM tree.
    expect(document.querySelector('[data-testid="overlay-badge"]')).toBeNull();
  });

  it('re-targets when the SPA swaps the record, and hides when no prospect is shown', async () => {
    await runSiteOverlay(ctx, testAdapter);
    await waitFor(() => expect(lookups).toEqual(['Ada Lovelace']));

    const heading = document.querySelector('[data-person]');
    if (heading) heading.textContent = 'Grace Hopper';
    await waitFor(() => expect(lookups).toEqual(['Ada Lovelace', 'Grace Hopper']));

    document.getElementById('app')?.replaceChildren();
    await waitFor(() => expect(overlayHost()).toBeNull());
  });

  it('does not look up again when the page changes but the person does not', async () => {
    await runSiteOverlay(ctx, testAdapter);
    await waitFor(() => expect(lookups).toHaveLength(1));

    document.getElementById('app')?.append(document.createElement('p'));
    await new Promise((resolve) => setTimeout(resolve, 400)); // past the debounce
    expect(lookups).toHaveLength(1);
  });
});

describe('runSiteOverlay with a prospect the URL names (lookup started before the page is read)', () => {
  const profileUrl = 'https://www.linkedin.com/in/ada';
  const card: LeadCard = {
    leadId: 'lead-1',
    name: 'Ada Lovelace',
    companyName: 'Acme',
    stage: 'mql',
    score: 70,
    grade: 'B',
    contributions: [],
    flags: [],
    nextAction: null,
    attempts: { made: 0, required: 5 },
    sla: { state: 'none' },
    checklist: [],
    history: [],
  };
  const urlAdapter = (pageEmail?: string): SiteAdapter => ({
    ...testAdapter,
    id: 'linkedin',
    findProspectInUrl: (url) => ({ site: 'linkedin', pageUrl: url.href, linkedinUrl: profileUrl }),
    findProspect: (doc, url) => {
      const name = doc.querySelector('[data-person]')?.textContent?.trim();
      if (!name) return null;
      const read: Prospect = { site: 'linkedin', pageUrl: url.href, fullName: name, linkedinUrl: profileUrl };
      if (pageEmail) read.email = pageEmail;
      return read;
    },
  });

  it('shows the card the URL found without a second lookup', async () => {
    answerLookup = (prospect) =>
      prospect.linkedinUrl === profileUrl ? { status: 'found', card } : { status: 'not_found' };
    await runSiteOverlay(ctx, urlAdapter());
    await waitFor(() => expect(badgeText()).toContain('MQL'));
    expect(lookups).toEqual([profileUrl]);
  });

  it('looks up again with what the page shows when the URL alone names no lead', async () => {
    answerLookup = (prospect) => (prospect.fullName ? { status: 'found', card } : { status: 'not_found' });
    await runSiteOverlay(ctx, urlAdapter());
    await waitFor(() => expect(badgeText()).toContain('MQL'));
    expect(lookups).toEqual([profileUrl, 'Ada Lovelace']);
  });

  it('looks up again when the page adds an email (the API tries it before the LinkedIn URL)', async () => {
    answerLookup = (prospect) => (prospect.email ? { status: 'not_found' } : { status: 'found', card });
    await runSiteOverlay(ctx, urlAdapter('ada@acme.example'));
    await waitFor(() => expect(badgeText()).toContain('New prospect'));
    expect(lookups).toEqual([profileUrl, 'Ada Lovelace']);
  });
});

describe('prospectKey', () => {
  it('ignores fields that do not identify the person', () => {
    const base = { site: 'gmail' as const, pageUrl: 'https://mail.google.com/1', email: 'a@b.co' };
    expect(prospectKey(base)).toBe(
      prospectKey({ ...base, pageUrl: 'https://mail.google.com/2', location: 'Oslo' }),
    );
    expect(prospectKey(base)).not.toBe(prospectKey({ ...base, email: 'c@d.co' }));
    expect(prospectKey(null)).toBe('');
  });
});
