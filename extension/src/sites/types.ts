import type { Prospect } from '@leadlight/contract';

export const siteIds = ['linkedin', 'gmail', 'outlook', 'salesforce', 'hubspot'] as const;
export type SiteId = (typeof siteIds)[number];

/** Reads the prospect a page shows; null when the page shows no single prospect. Pure and cheap: no writes, no full-text scans. */
export type FindProspect = (doc: Document, url: URL) => Prospect | null;

/** The element whose subtree mutations mean the prospect may have changed. Re-query it after each navigation. */
export type FindWatchRoot = (doc: Document) => Element;

export interface SiteAdapter {
  readonly id: SiteId;
  /** Content-script match patterns (Chrome/WXT match-pattern syntax). */
  readonly matches: readonly string[];
  readonly findProspect: FindProspect;
  readonly watchRoot: FindWatchRoot;
}
