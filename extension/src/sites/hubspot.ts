import type { Prospect } from '@leadlight/contract';
import { buildProspect, findDocumentRoot, readAttribute, readEmail, readText } from './read-dom';
import type { SiteAdapter } from './types';

export const hubspotMatches = ['https://app.hubspot.com/*', 'https://app-eu1.hubspot.com/*'] as const;

const hubspotHosts = new Set(['app.hubspot.com', 'app-eu1.hubspot.com']);

/** The contact id of /contacts/<portal>/record/0-1/<id> (0-1 is HubSpot's contact object) or legacy /contact/<id>. */
function readContactId(url: URL): string | undefined {
  const parts = url.pathname.split('/').filter(Boolean);
  if (parts[0] !== 'contacts' || !/^\d+$/.test(parts[1] ?? '')) return undefined;
  const [kind, objectType, id] = parts.slice(2);
  if (kind === 'record' && objectType === '0-1' && id && /^\d+$/.test(id)) return id;
  if (kind === 'contact' && objectType && /^\d+$/.test(objectType)) return objectType;
  return undefined;
}

/**
 * A property's value in the sidebar: data-selenium-test="property-input-<internal name>" on an input, on a wrapper
 * around one, or on a plain text element. A wrapper with a label but no input holds no readable value (its text
 * would be the label's).
 */
function readProperty(scope: ParentNode, name: string): string | undefined {
  const el = scope.querySelector(`[data-selenium-test="property-input-${name}"]`);
  if (!el) return undefined;
  const input = (
    el.matches('input, textarea') ? el : el.querySelector('input, textarea')
  ) as HTMLInputElement | null;
  // React keeps the live value in the property; the attribute can lag behind it.
  if (input) return input.value.trim() || readAttribute(input, 'value');
  return el.querySelector('label') ? undefined : readText(el);
}

/**
 * The contact a HubSpot contact record shows. The record type comes from the URL and is confirmed by the highlight
 * card (data-selenium-test="contact-highlight-details"; company, deal and ticket records carry their own).
 */
export function findHubspotProspect(doc: Document, url: URL): Prospect | null {
  if (!hubspotHosts.has(url.hostname)) return null;
  const contactId = readContactId(url);
  if (!contactId) return null;
  const highlight = doc.querySelector('[data-selenium-test="contact-highlight-details"]');
  if (!highlight) return null;
  // Right after navigating between contacts the old record can still be on screen: its Record ID gives it away.
  const shownId = readProperty(doc, 'hs_object_id');
  if (shownId && shownId !== contactId) return null;
  const firstName = readProperty(doc, 'firstname');
  const lastName = readProperty(doc, 'lastname');
  const fullName =
    readText(highlight.querySelector('[data-selenium-test="highlightTitle"]')) ??
    ([firstName, lastName].filter(Boolean).join(' ') || undefined);
  const email = readProperty(doc, 'email');
  return buildProspect('hubspot', url, {
    fullName,
    title: readProperty(doc, 'jobtitle'),
    companyName: readProperty(doc, 'company'),
    email: readEmail(email),
    phone: readProperty(doc, 'phone'),
    crmRecordId: contactId,
  });
}

/** HubSpot re-mounts whole record views on navigation and exposes no stable app root, so the body is watched. */
export function findHubspotWatchRoot(doc: Document): Element {
  return findDocumentRoot(doc);
}

export const hubspotAdapter: SiteAdapter = {
  id: 'hubspot',
  matches: hubspotMatches,
  findProspect: findHubspotProspect,
  watchRoot: findHubspotWatchRoot,
};
