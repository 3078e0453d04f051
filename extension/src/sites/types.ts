import type { Prospect } from '@leadlight/contract';

export const siteIds = ['linkedin', 'gmail', 'outlook', 'salesforce', 'hubspot'] as const;
export type SiteId = (typeof siteIds)[number];

/** Reads the prospect a page shows; null when the page shows no single prospect. Pure and cheap: no writes, no full-text scans. */
export type FindProspect = (doc: Document, url: URL) => Prospect | null;

/** The element whose subtree mutations mean the prospect may have changed. Re-query it after each navigation. */
export type FindWatchRoot = (doc: Document) => Element;

/**
 * The person a URL alone names (a LinkedIn /in/<slug> profile), before the page's DOM exists: lets the lookup start
 * while the page still loads. Only an identity the full read would carry unchanged; null when the URL names no one.
 */
export type FindProspectInUrl = (url: URL) => Prospect | null;

export interface SiteAdapter {
  readonly id: SiteId;
  /** Content-script match patterns (Chrome/WXT match-pattern syntax). */
  readonly matches: readonly string[];
  readonly findProspect: FindProspect;
  readonly watchRoot: FindWatchRoot;
  readonly findProspectInUrl?: FindProspectInUrl;
}
