import { normalizeEmail, normalizeLinkedinUrl, type Prospect, type ProspectSite } from '@leadlight/contract';

/** Visible-ish text of one small element, whitespace collapsed; undefined when empty or missing. */
export function readText(el: Element | null | undefined): string | undefined {
  const text = el?.textContent?.replace(/\s+/g, ' ').trim();
  return text ? text : undefined;
}

export function readAttribute(el: Element | null | undefined, name: string): string | undefined {
  const value = el?.getAttribute(name)?.replace(/\s+/g, ' ').trim();
  return value ? value : undefined;
}

/** First element matching any of the selectors, tried in order (most stable hook first). */
export function queryFirst(root: ParentNode, selectors: readonly string[]): Element | null {
  for (const selector of selectors) {
    const el = root.querySelector(selector);
    if (el) return el;
  }
  return null;
}

/** The body, or the root element when a page has none, so a content script always has something to observe. */
export function findDocumentRoot(doc: Document): Element {
  return doc.body ?? doc.documentElement;
}

/** The normalised address (contract's normalizeEmail), or undefined when the value is not exactly one address. */
export function readEmail(value: string | null | undefined): string | undefined {
  return value ? (normalizeEmail(value) ?? undefined) : undefined;
}

/**
 * A LinkedIn profile URL in the contract's normalised form, written as an https URL so it stays clickable
 * (https://www.linkedin.com/in/<slug>, …/pub/…, …/sales/lead/<id>); undefined when it names no member.
 */
export function readLinkedinUrl(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const result = normalizeLinkedinUrl(value);
  return result.ok ? `https://www.${result.key}` : undefined;
}

type ProspectFields = Omit<Prospect, 'site' | 'pageUrl'>;

const fieldLimits: Record<keyof ProspectFields, number> = {
  fullName: 200,
  headline: 500,
  title: 300,
  companyName: 200,
  companyDomain: 253,
  email: 320,
  linkedinUrl: 500,
  phone: 50,
  location: 200,
  crmRecordId: 100,
};
const clippableFields = new Set<keyof ProspectFields>(['headline', 'title', 'companyName', 'location']);

/**
 * Assembles a contract-valid Prospect from what an adapter read, or null when nothing identifies a person.
 * Email and LinkedIn URL are normalised with the contract's identity functions (and dropped when invalid), so the
 * overlay looks leads up by the same keys the API stores. Descriptive fields that are too long are clipped;
 * identifying fields that are too long are dropped (they are not what they claim to be).
 * Valid by construction (trimmed, non-empty, within ProspectSchema's limits; the tests parse every result) rather
 * than by ProspectSchema.parse: zod would add about 22 kB gzipped to every content script.
 */
export function buildProspect(
  site: ProspectSite,
  url: URL,
  fields: Partial<ProspectFields>,
): Prospect | null {
  const prospect: Prospect = { site, pageUrl: url.href.slice(0, 2000) };
  const normalized: Partial<ProspectFields> = {
    ...fields,
    email: readEmail(fields.email),
    linkedinUrl: readLinkedinUrl(fields.linkedinUrl),
  };
  for (const [key, raw] of Object.entries(normalized) as [keyof ProspectFields, string | undefined][]) {
    const value = raw?.trim();
    if (!value) continue;
    const limit = fieldLimits[key];
    if (value.length <= limit) prospect[key] = value;
    else if (clippableFields.has(key)) prospect[key] = `${value.slice(0, limit - 1).trimEnd()}…`;
  }
  return prospect.fullName || prospect.email || prospect.linkedinUrl ? prospect : null;
}
