import type { Prospect } from '@leadlight/contract';
import { MatchPattern } from 'wxt/utils/match-patterns';
import { findSchemaOrgProspect } from './any-page';
import { gmailAdapter } from './gmail';
import { hubspotAdapter } from './hubspot';
import { linkedinAdapter } from './linkedin';
import { outlookAdapter } from './outlook';
import { salesforceAdapter } from './salesforce';
import type { SiteAdapter } from './types';

export { findSchemaOrgProspect, readMailtoProspect, readSelectionProspect } from './any-page';
export type { FindProspect, FindProspectInUrl, FindWatchRoot, SiteAdapter, SiteId } from './types';
export { siteIds } from './types';

/*
 * Site adapters: pure, synchronous readers of the prospect a page shows, `(doc, url) => Prospect | null`.
 * They never guess: null whenever the page shows no single person, or the one it shows cannot be told apart from
 * the signed-in user or from a stale view. Emails and LinkedIn URLs come normalised with the contract's identity
 * functions. Each adapter also names its watch root: observe it (debounced, childList + subtree + characterData)
 * and re-query it after every navigation.
 */

/** Every site the overlay supports, with the content-script match patterns that inject it. */
export const siteAdapters: readonly SiteAdapter[] = [
  linkedinAdapter,
  gmailAdapter,
  outlookAdapter,
  salesforceAdapter,
  hubspotAdapter,
];

/** All adapters' match patterns, for the content script's `matches` and the manifest's host permissions. */
export const siteMatchPatterns: readonly string[] = siteAdapters.flatMap((adapter) => adapter.matches);

const compiledPatterns = siteAdapters.map((adapter) => ({
  adapter,
  patterns: adapter.matches.map((pattern) => new MatchPattern(pattern)),
}));

/** The adapter whose match patterns include the URL, or null for any other page. */
export function findSiteAdapter(url: URL): SiteAdapter | null {
  return (
    compiledPatterns.find(({ patterns }) => patterns.some((pattern) => pattern.includes(url)))?.adapter ??
    null
  );
}

/**
 * The prospect the page shows. On a supported site only that site's adapter decides (a LinkedIn feed is null, not
 * a guess from page markup); on any other page, its schema.org Person markup.
 */
export function findProspect(doc: Document, url: URL): Prospect | null {
  const adapter = findSiteAdapter(url);
  return adapter ? adapter.findProspect(doc, url) : findSchemaOrgProspect(doc, url);
}

/** Where to observe mutations for the URL's site (the body on pages no adapter covers). */
export function findWatchRoot(doc: Document, url: URL): Element {
  return findSiteAdapter(url)?.watchRoot(doc) ?? doc.body ?? doc.documentElement;
}
