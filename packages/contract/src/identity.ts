import { addressParser } from 'postal-mime';

/*
 * Identity normalisers: the keys the API de-duplicates and looks leads up by, and the extension computes from the page
 * it is on. Both sides must produce the same key from the same person, so these live in contract. Browser-safe: only
 * the WHATWG URL parser and postal-mime's address parser (pure JS, no Node APIs).
 */

export type LinkedinUrlKind = 'in' | 'pub' | 'sales';
export type LinkedinUrlResult =
  | { ok: true; key: string; kind: LinkedinUrlKind }
  | { ok: false; reason: string };

const linkedinBase = 'https://www.linkedin.com';
/** Member urn ids (`ACoAA…` in /in/ URLs, `ACwAA…` in Sales Navigator) are base64-like: case matters. */
const memberUrnIdPattern = /^AC[a-zA-Z0-9]AA[A-Za-z0-9_-]+$/;
/** A vanity slug: anything but separators and whitespace (LinkedIn allows letters of any script in them). */
const slugPattern = /^[^\s/?#@,]{2,100}$/u;
const pubSegmentPattern = /^[0-9a-z]{1,4}$/;
const nonProfileSections = new Set([
  'company',
  'school',
  'showcase',
  'feed',
  'jobs',
  'job',
  'posts',
  'pulse',
  'groups',
  'events',
  'learning',
  'messaging',
  'mynetwork',
  'notifications',
  'search',
  'help',
  'legal',
  'login',
  'signup',
  'checkpoint',
  'newsletters',
]);

function fail(reason: string): LinkedinUrlResult {
  return { ok: false, reason };
}

function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

function parseLinkedinLikeUrl(raw: string): URL | null {
  // Root-relative hrefs are what LinkedIn's own DOM holds (e.g. the 2024 profile's contact-info link).
  const withScheme = raw.startsWith('/') && !raw.startsWith('//') ? `${linkedinBase}${raw}` : raw;
  const candidate = /^[a-z][a-z0-9+.-]*:/i.test(withScheme)
    ? withScheme
    : `https://${withScheme.replace(/^\/\//, '')}`;
  try {
    return new URL(candidate);
  } catch {
    return null;
  }
}

/**
 * Normalises a LinkedIn profile URL in any of its real forms to one key, so the same member seen on a profile page, in
 * a CRM field and in a Sales Navigator list is one lead. Keys: `linkedin.com/in/<slug>` (slug percent-decoded and
 * lowercased), `linkedin.com/pub/<name>/<a>/<b>/<c>`, `linkedin.com/sales/lead/<member id>`. Every key is itself
 * a valid input that normalises to itself, so a stored key can be passed through again safely. Never throws.
 */
export function normalizeLinkedinUrl(input: string): LinkedinUrlResult {
  const raw = input.trim();
  if (raw === '') return fail('empty input');
  if (raw.length > 2000) return fail('too long to be a LinkedIn URL');

  const url = parseLinkedinLikeUrl(raw);
  if (!url) return fail('not a URL');
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return fail(`unsupported scheme ${url.protocol}`);
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'lnkd.in' || host.endsWith('.lnkd.in')) {
    return fail(
      'lnkd.in is a LinkedIn short link: only following its redirect (a network request) reveals the profile',
    );
  }
  // www., m. (mobile), country/locale subdomains (uk., de., …) all serve the same member pages.
  if (host !== 'linkedin.com' && !host.endsWith('.linkedin.com')) return fail(`not a LinkedIn host: ${host}`);

  const rawSegments = url.pathname.split('/').filter((segment) => segment !== '');
  // LinkedIn Lite (mobile web) prefixes profile paths with /mwlite.
  if (rawSegments[0] === 'mwlite') rawSegments.shift();
  const segments: string[] = [];
  for (const segment of rawSegments) {
    const decoded = decodeSegment(segment);
    if (decoded === null) return fail('malformed percent-encoding in the path');
    segments.push(decoded);
  }
  const section = segments[0]?.toLowerCase();
  if (section === undefined) return fail('LinkedIn home page, not a profile');

  if (section === 'in') {
    const slug = segments[1];
    if (slug === undefined) return fail('/in/ without a profile slug');
    if (!slugPattern.test(slug)) return fail(`not a profile slug: ${slug}`);
    // Anything after the slug (/en, /de, /overlay/contact-info, /recent-activity/…) is a view of the same profile.
    const key = memberUrnIdPattern.test(slug) ? slug : slug.toLowerCase();
    return { ok: true, key: `linkedin.com/in/${key}`, kind: 'in' };
  }

  if (section === 'pub') {
    // Old public URLs: /pub/<name>/<a>/<b>/<c>, three short base-36 groups of the member id. They cannot be mapped to
    // /in/: LinkedIn answers them with a redirect to the member's *current* vanity URL, which the member may have
    // chosen freely (jeffweiner08) and may have changed since; only that redirect, i.e. a network request, knows it.
    // So they stay their own key; the API merges such a lead with its /in/ twin through other identities.
    const [, name, ...groups] = segments;
    if (name === undefined || name.toLowerCase() === 'dir')
      return fail('/pub/dir/ is a people search, not a profile');
    const lowered = groups.map((group) => group.toLowerCase());
    if (
      lowered.length < 1 ||
      lowered.length > 3 ||
      !lowered.every((group) => pubSegmentPattern.test(group))
    ) {
      return fail('/pub/ URL without the member id groups (/pub/name/a/b/c)');
    }
    if (!slugPattern.test(name)) return fail(`not a profile name: ${name}`);
    return { ok: true, key: `linkedin.com/pub/${[name.toLowerCase(), ...lowered].join('/')}`, kind: 'pub' };
  }

  if (section === 'sales') {
    const view = segments[1]?.toLowerCase();
    if (view !== 'lead' && view !== 'people' && view !== 'profile') {
      return fail('Sales Navigator page that is not a lead or people profile');
    }
    // /sales/lead/ACwAA…,NAME_SEARCH,xyz: the first comma field is the member id, the rest is search context.
    const memberId = segments[2]?.split(',')[0]?.trim();
    if (!memberId) return fail('Sales Navigator URL without a member id');
    if (!memberUrnIdPattern.test(memberId) && !/^\d{1,15}$/.test(memberId)) {
      return fail(`not a Sales Navigator member id: ${memberId}`);
    }
    // Sales Navigator ids are a different encoding from /in/ slugs and urn ids: no offline mapping exists.
    return { ok: true, key: `linkedin.com/sales/lead/${memberId}`, kind: 'sales' };
  }

  if (section === 'profile') {
    return fail(
      'legacy /profile/view?id= URL: its numeric member id cannot be mapped to a profile URL offline',
    );
  }
  if (nonProfileSections.has(section)) return fail(`LinkedIn ${section} page, not a member profile`);
  return fail(`not a LinkedIn profile path: /${section}/`);
}

/*
 * Email. The accepted syntax is a practical subset of RFC 5321/5322: a dot-atom local part (ASCII atext, or any
 * non-ASCII letter for internationalised addresses) and a host name with at least two labels. Quoted local parts,
 * address literals (user@[192.0.2.1]) and comments are refused: no lead is reachable only through them, and accepting
 * `"a@b.com"@evil.com` invites the confusion attacks nodemailer's test vectors are about.
 */
const localPartPattern = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(?:\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*$/u;

/**
 * Normalises one email address for storage and de-duplication: trims, drops a `mailto:` prefix and a display name,
 * lowercases the whole address and converts an IDN domain to punycode. Returns null unless the input holds exactly
 * one syntactically valid address.
 *
 * Lowercasing the local part: RFC 5321 lets a server treat `Jane` and `jane` as different mailboxes, but no mainstream
 * provider does, and people type their address in whatever case they like. Keeping case would split one person into
 * several leads far more often than it would merge two real people.
 */
export function normalizeEmail(input: string): string | null {
  let value = input.trim();
  if (value === '' || value.length > 1000) return null;
  if (/^mailto:/i.test(value)) {
    // mailto: URIs may percent-encode and carry ?subject=… headers.
    const body = value.slice('mailto:'.length).split('?')[0] ?? '';
    const decoded = decodeSegment(body);
    if (decoded === null) return null;
    value = decoded.trim();
  }
  if (/[<>"(]/.test(value)) {
    const mailboxes = parseMailboxes(value);
    if (mailboxes.length !== 1) return null;
    value = mailboxes[0]?.address ?? '';
  }
  return normalizeBareAddress(value);
}

function normalizeBareAddress(address: string): string | null {
  const at = address.lastIndexOf('@');
  if (at <= 0 || at !== address.indexOf('@')) return null;
  const local = address.slice(0, at);
  const domain = normalizeHost(address.slice(at + 1));
  if (domain === null || local.length > 64 || !localPartPattern.test(local)) return null;
  const email = `${local.toLowerCase()}@${domain}`;
  return email.length <= 254 ? email : null;
}

type Mailbox = { name: string; address: string };

/** postal-mime's parse, flattened, with nodemailer's repair of unquoted commas in display names. */
function parseMailboxes(input: string): Mailbox[] {
  const parsed = addressParser(input, { flatten: true });
  const mailboxes: Mailbox[] = [];
  let pendingNames: string[] = [];
  for (const entry of parsed) {
    if (entry.group) continue; // flatten: true leaves none; kept for the type.
    const name = entry.name.trim();
    const address = entry.address.trim();
    if (address === '') {
      if (name !== '') pendingNames.push(name);
      continue;
    }
    // `Joe Foo, PhD <joe@x.com>` arrives as a nameless "Joe Foo" then "PhD" <joe@x.com>: an address with its own,
    // unquoted display name absorbs the bare names right before it (as nodemailer does). A bare address does not
    // (`SomeName, joe@x.com`), nor a quoted name, whose author already said where it ends (`a, "b, c" <b@x.com>`).
    const isQuoted = input.includes(`"${name}"`);
    const merged =
      name !== '' && !isQuoted && pendingNames.length > 0 ? [...pendingNames, name].join(', ') : name;
    mailboxes.push({ name: merged, address });
    pendingNames = [];
  }
  return mailboxes;
}

export type ParsedAddress = { name?: string; email: string };

/**
 * Parses an address-list header value (`a@x.com, "b, c" <b@x.com>`, groups, comments, RFC 2047 encoded names) into
 * normalised addresses. Entries without a valid address (a bare name, `"a@b"@c`, an address literal) are left out:
 * the result holds only addresses `normalizeEmail` accepts. Groups are flattened; a leading `To:`-style header name
 * parses as a group and is flattened away too.
 */
export function parseAddressList(input: string): ParsedAddress[] {
  const result: ParsedAddress[] = [];
  for (const mailbox of parseMailboxes(input)) {
    const email = normalizeBareAddress(mailbox.address);
    if (email === null) continue;
    result.push(mailbox.name === '' ? { email } : { name: mailbox.name, email });
  }
  return result;
}

/*
 * Domains are kept in punycode (ASCII): it is what the WHATWG URL parser yields in every browser and in Node, what DNS
 * and MX records hold, and it compares bytewise. Showing the unicode form is the UI's business.
 */
const hostLabelPattern = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * Hosts that WHATWG URL parsing returns unchanged: lowercase ASCII labels, no punycode (URL validates it), a top-level
 * label starting with a letter (URL turns numeric and hex forms into IPv4). Most hosts are this; the lookup normalises
 * one per request, and URL parsing was most of that.
 */
const plainHostPattern = /^(?!xn--)[a-z0-9-]+(?:\.(?!xn--)[a-z0-9-]+)*\.(?!xn--)[a-z][a-z0-9-]*$/;

function normalizeHost(rawHost: string): string | null {
  const trimmed = rawHost.trim().replace(/\.$/, '');
  if (trimmed === '' || /[\s/\\?#@:[\]]/.test(trimmed)) return null;
  if (plainHostPattern.test(trimmed)) {
    return trimmed.length <= 253 && trimmed.split('.').every((label) => hostLabelPattern.test(label))
      ? trimmed
      : null;
  }
  let host: string;
  try {
    host = new URL(`http://${trimmed}`).hostname;
  } catch {
    return null;
  }
  const labels = host.split('.');
  if (labels.length < 2 || host.length > 253) return null;
  if (!labels.every((label) => hostLabelPattern.test(label))) return null;
  // A numeric top-level label means an IP address, which names no company.
  if (/^\d+$/.test(labels[labels.length - 1] ?? '')) return null;
  return host;
}

/**
 * The registrable-looking host of a URL, an email address or a bare host name: lowercased, punycode, without `www.`
 * and without port, path or trailing dot. Returns null for IP addresses, single-label hosts and anything unparsable.
 * It does not reduce subdomains to the registrable domain (`mail.example.co.uk` stays): that needs the Public Suffix
 * List, which is too heavy for the extension bundle.
 */
export function normalizeDomain(input: string): string | null {
  let value = input.trim();
  if (value === '' || value.length > 2000) return null;
  if (/^mailto:/i.test(value) || (!value.includes('/') && value.includes('@'))) {
    const email = normalizeEmail(value);
    return email === null ? null : stripWww(email.slice(email.indexOf('@') + 1));
  }
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) value = `http://${value.replace(/^\/\//, '')}`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const host = normalizeHost(url.hostname);
  return host === null ? null : stripWww(host);
}

function stripWww(host: string): string | null {
  if (!host.startsWith('www.')) return host;
  const rest = host.slice(4);
  return rest.includes('.') ? rest : null;
}

/**
 * A phone number reduced to its digits, with a leading `+` when the input had one (or the international `00` prefix).
 * `tel:` prefixes and extensions (`x12`, `ext. 12`, `;ext=12`) are dropped. Returns null outside 6–15 digits (E.164
 * allows at most 15). It does NOT know numbering plans: a national number stays national (no country code is guessed),
 * so `+1 434 369 3100` and `(434) 369-3100` give different keys; use a libphonenumber-based step where that matters.
 */
export function normalizePhone(input: string): string | null {
  let value = input.trim();
  if (value.length > 100) return null;
  if (/^tel:/i.test(value)) value = value.slice(4);
  value = value.replace(/(?:;\s*ext=|\s*(?:ext\.?|extension|x|#)\s*)\d+\s*$/i, '');
  if (/[a-z]/i.test(value)) return null; // vanity letters (1-800-FLOWERS) are not decoded
  const isInternational = /^\s*(?:\+|00)/.test(value);
  // "+49 (0)30 …": the bracketed trunk zero is dialled only from inside the country.
  if (isInternational) value = value.replace(/\(\s*0\s*\)/, '');
  let digits = value.replace(/\D/g, '');
  if (isInternational && !value.trim().startsWith('+')) digits = digits.slice(2);
  if (digits.length < 6 || digits.length > 15) return null;
  return isInternational ? `+${digits}` : digits;
}
