import type { Prospect } from '@leadlight/contract';
import { buildProspect, readEmail, readText } from './read-dom';

type PersonFields = NonNullable<Parameters<typeof buildProspect>[2]>;

const emailInText = /[^\s<>()[\]"',;:]+@[^\s<>()[\]"',;:]+\.[A-Za-z]{2,}/g;
const hasEmail = new RegExp(emailInText.source);
const linkedinProfileInText = /https?:\/\/(?:[a-z]{2,3}\.)?(?:www\.)?linkedin\.com\/in\/[^\s/?#<>"]+/i;
const nameLike = /^[\p{L}][\p{L}\p{M}'’.\- ]*$/u;

/** A display name as people write them: letters, 1–6 words, no digits or symbols. */
function readNameLike(text: string | undefined): string | undefined {
  const trimmed = text
    ?.replace(/^[\s"'<(]+|[\s"'>),:;]+$/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!trimmed || trimmed.length > 80 || !nameLike.test(trimmed)) return undefined;
  const words = trimmed.split(' ').length;
  return words <= 6 ? trimmed : undefined;
}

/**
 * A prospect from text the user selected and chose to capture: one email address (with the name written before it,
 * "Jane Doe <jane@acme.com>"), a LinkedIn profile URL, or a name on the first line with a headline on the second.
 * Null when the selection names several addresses or nothing that identifies a person.
 */
export function readSelectionProspect(selection: string, pageUrl: URL): Prospect | null {
  if (selection.length > 2000) return null;
  const lines = selection
    .split(/\r?\n/)
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  const text = lines.join(' ');
  const emails = [...new Set((text.match(emailInText) ?? []).map((email) => email.toLowerCase()))];
  if (emails.length > 1) return null;
  const email = readEmail(emails[0]);
  const linkedinUrl = text.match(linkedinProfileInText)?.[0];
  const fields: PersonFields = { email, linkedinUrl };
  const firstLine = lines[0] ?? '';
  if (email) {
    const before = firstLine.slice(0, firstLine.toLowerCase().indexOf(email));
    fields.fullName = readNameLike(before.replace(/<\s*$/, ''));
  } else {
    fields.fullName = readNameLike(firstLine);
  }
  const secondLine = lines[1];
  if (
    fields.fullName &&
    secondLine &&
    !hasEmail.test(secondLine) &&
    !linkedinProfileInText.test(secondLine)
  ) {
    fields.headline = secondLine;
  }
  return buildProspect('page', pageUrl, fields);
}

/**
 * A prospect from a right-clicked mailto: link: its single To address, and the link text as the name when it reads
 * like one. Null for several To addresses (which of them would it be?) or a link that is not mailto:.
 */
export function readMailtoProspect(href: string, pageUrl: URL, linkText?: string): Prospect | null {
  let link: URL;
  try {
    link = new URL(href);
  } catch {
    return null;
  }
  if (link.protocol !== 'mailto:') return null;
  let to: string[];
  try {
    to = [decodeURIComponent(link.pathname), ...link.searchParams.getAll('to')]
      .flatMap((part) => part.split(','))
      .map((part) => part.trim())
      .filter(Boolean);
  } catch {
    return null;
  }
  const emails = [...new Set(to.map((address) => address.toLowerCase()))];
  const email = emails.length === 1 ? readEmail(emails[0]) : undefined;
  if (!email) return null;
  const name = readNameLike(linkText);
  return buildProspect('page', pageUrl, {
    email,
    fullName: name?.toLowerCase() === email ? undefined : name,
  });
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasType(node: JsonObject, type: string): boolean {
  const declared = node['@type'];
  const types = Array.isArray(declared) ? declared : [declared];
  return types.some((value) => typeof value === 'string' && value.replace(/^.*[/#:]/, '') === type);
}

function firstString(value: unknown): string | undefined {
  if (typeof value === 'string') return value.replace(/\s+/g, ' ').trim() || undefined;
  if (Array.isArray(value)) return firstString(value[0]);
  return undefined;
}

function readNamed(value: unknown): string | undefined {
  const node = Array.isArray(value) ? value[0] : value;
  return isObject(node) ? firstString(node.name) : firstString(node);
}

function readLinkedinUrl(...values: unknown[]): string | undefined {
  for (const value of values.flat()) {
    if (typeof value === 'string' && linkedinProfileInText.test(value))
      return value.match(linkedinProfileInText)?.[0];
  }
  return undefined;
}

function readJsonLdPerson(node: JsonObject): PersonFields {
  const given = firstString(node.givenName);
  const family = firstString(node.familyName);
  const email = firstString(node.email)?.replace(/^mailto:/i, '');
  const address = Array.isArray(node.address) ? node.address[0] : node.address;
  return {
    fullName: firstString(node.name) ?? ([given, family].filter(Boolean).join(' ') || undefined),
    title: firstString(node.jobTitle),
    companyName: readNamed(node.worksFor),
    email: readEmail(email),
    phone: firstString(node.telephone),
    linkedinUrl: readLinkedinUrl(node.sameAs, node.url),
    location: isObject(address) ? firstString(address.addressLocality) : firstString(address),
  };
}

/** Persons a JSON-LD block is about: top-level Person nodes (also in @graph) and the mainEntity of a profile page. */
function collectJsonLdPersons(root: unknown, out: PersonFields[]): void {
  const nodes = Array.isArray(root) ? root : [root];
  for (const node of nodes) {
    if (!isObject(node)) continue;
    if (Array.isArray(node['@graph'])) collectJsonLdPersons(node['@graph'], out);
    if (hasType(node, 'Person')) out.push(readJsonLdPerson(node));
    else if (isObject(node.mainEntity) && hasType(node.mainEntity, 'Person')) {
      out.push(readJsonLdPerson(node.mainEntity));
    }
  }
}

const maxJsonLdBlocks = 20;
const maxJsonLdChars = 200_000;

function findJsonLdPersons(doc: Document): PersonFields[] {
  const persons: PersonFields[] = [];
  const scripts = Array.from(doc.querySelectorAll('script[type="application/ld+json"]')).slice(
    0,
    maxJsonLdBlocks,
  );
  for (const script of scripts) {
    const source = script.textContent ?? '';
    if (source.length > maxJsonLdChars) continue;
    try {
      collectJsonLdPersons(JSON.parse(source), persons);
    } catch {
      // A page's broken JSON-LD is its own business: skip the block.
    }
  }
  return persons;
}

// Microdata takes these elements' values from an attribute, not their text.
const microdataUrlAttributes: Record<string, string> = {
  A: 'href',
  LINK: 'href',
  AREA: 'href',
  IMG: 'src',
  TIME: 'datetime',
};

function readMicrodataValue(el: Element): string | undefined {
  if (el.hasAttribute('content')) return el.getAttribute('content')?.trim() || undefined;
  const linkAttribute = microdataUrlAttributes[el.tagName];
  if (linkAttribute && el.hasAttribute(linkAttribute))
    return el.getAttribute(linkAttribute)?.trim() || undefined;
  return readText(el);
}

/** The properties of one microdata item, excluding those of items nested inside it. */
function readMicrodataProperties(item: Element): Map<string, Element> {
  const properties = new Map<string, Element>();
  for (const el of item.querySelectorAll('[itemprop]')) {
    if (el.parentElement?.closest('[itemscope]') !== item) continue;
    for (const name of (el.getAttribute('itemprop') ?? '').split(/\s+/)) {
      if (name && !properties.has(name)) properties.set(name, el);
    }
  }
  return properties;
}

function readNestedName(el: Element | undefined, property: string): string | undefined {
  if (!el) return undefined;
  if (!el.hasAttribute('itemscope')) return readMicrodataValue(el);
  const nested = readMicrodataProperties(el).get(property);
  return nested ? readMicrodataValue(nested) : undefined;
}

function findMicrodataPersons(doc: Document): PersonFields[] {
  const persons: PersonFields[] = [];
  for (const item of doc.querySelectorAll('[itemscope][itemtype]')) {
    // Only top-level Person items: a Person that is some other item's property (an author, a reviewer) is not the page's subject.
    if (item.hasAttribute('itemprop') || !/schema\.org\/Person$/i.test(item.getAttribute('itemtype') ?? '')) {
      continue;
    }
    const props = readMicrodataProperties(item);
    const read = (name: string) => {
      const el = props.get(name);
      return el ? readMicrodataValue(el) : undefined;
    };
    const given = read('givenName');
    const family = read('familyName');
    const email = read('email')?.replace(/^mailto:/i, '');
    persons.push({
      fullName: read('name') ?? ([given, family].filter(Boolean).join(' ') || undefined),
      title: read('jobTitle'),
      companyName: readNestedName(props.get('worksFor'), 'name'),
      email: readEmail(email),
      phone: read('telephone'),
      linkedinUrl: readLinkedinUrl(read('sameAs'), read('url')),
      location: readNestedName(props.get('address'), 'addressLocality'),
    });
  }
  return persons;
}

function personKey(person: PersonFields): string | undefined {
  return (person.email ?? person.linkedinUrl ?? person.fullName)?.toLowerCase();
}

/**
 * The one person a page's schema.org markup (JSON-LD or microdata) is about. Null when it describes none, or
 * several different people (a team page: which one?). Records of the same person in both syntaxes merge.
 */
export function findSchemaOrgProspect(doc: Document, url: URL): Prospect | null {
  const persons = [...findJsonLdPersons(doc), ...findMicrodataPersons(doc)].filter((person) =>
    personKey(person),
  );
  const first = persons[0];
  if (!first) return null;
  const isSamePerson = (person: PersonFields) =>
    person.email && first.email
      ? person.email.toLowerCase() === first.email.toLowerCase()
      : person.fullName !== undefined && person.fullName.toLowerCase() === first.fullName?.toLowerCase();
  if (!persons.every(isSamePerson)) return null;
  const merged: PersonFields = {};
  for (const person of persons) {
    for (const [key, value] of Object.entries(person) as [keyof PersonFields, string | undefined][]) {
      if (value && !merged[key]) merged[key] = value;
    }
  }
  return buildProspect('page', url, merged);
}
