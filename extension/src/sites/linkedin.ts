import type { Prospect } from '@leadlight/contract';
import {
  buildProspect,
  findDocumentRoot,
  queryFirst,
  readAttribute,
  readLinkedinUrl,
  readText,
} from './read-dom';
import type { SiteAdapter } from './types';

export const linkedinMatches = ['*://*.linkedin.com/*'] as const;

type LinkedinPageKind = 'profile' | 'legacy-public' | 'sales-lead';

/** Which kind of person page a URL names; feeds, company pages, search, messaging… name none. */
function parseLinkedinPage(url: URL): LinkedinPageKind | null {
  const [first, second, third] = url.pathname.split('/').filter(Boolean);
  if (first === 'in' && second) return 'profile';
  // 2013-era public URLs: /pub/<name>/<a>/<b>/<c>
  if (first === 'pub' && second && second !== 'dir') return 'legacy-public';
  if (first === 'sales' && (second === 'lead' || second === 'people') && third) return 'sales-lead';
  return null;
}

const currentCompanyLabel = /^Current company:\s*(.+?)(?:\.\s*Click to skip.*)?$/i;

/**
 * Logged-in profile (2022–2024 "artdeco" layout). Class names are partly generated hashes, so the card is found
 * through data-member-id and the h1, the company through its aria-label, the identity through overlay links.
 */
function readLoggedInProfile(doc: Document, url: URL, urlKey: string): Prospect | null | undefined {
  const heading =
    doc.querySelector('main section[data-member-id] h1') ?? doc.querySelector('main h1.text-heading-xlarge');
  const topCard = heading?.closest('section');
  if (!heading || !topCard) return undefined;
  const cardKey = readLinkedinUrl(
    readAttribute(
      queryFirst(topCard, ['a[href*="/overlay/contact-info"]', 'a[href*="/overlay/about-this-profile"]']),
      'href',
    ),
  );
  // After an in-app navigation the URL changes before the DOM: a card naming another member is stale.
  if (cardKey && cardKey !== urlKey) return null;
  const companyLabel = readAttribute(
    topCard.querySelector('[aria-label^="Current company:" i]'),
    'aria-label',
  );
  return buildProspect('linkedin', url, {
    fullName: readText(heading),
    headline: readText(
      queryFirst(topCard, ['[data-generated-suggestion-target]', '.text-body-medium.break-words']),
    ),
    companyName: companyLabel?.match(currentCompanyLabel)?.[1],
    location: readText(topCard.querySelector('.text-body-small.inline.t-black--light.break-words')),
    linkedinUrl: urlKey,
  });
}

/** Logged-out public profile, 2016 layout: hCard-ish markup inside #topcard; "People also viewed" reuses .headline. */
function readPublicProfile2016(
  doc: Document,
  url: URL,
  urlKey: string | undefined,
): Prospect | null | undefined {
  const topCard = doc.querySelector('#topcard');
  if (!topCard) return undefined;
  const canonicalKey = readLinkedinUrl(readAttribute(doc.querySelector('link[rel="canonical"]'), 'href'));
  if (canonicalKey && urlKey && canonicalKey !== urlKey) return null;
  return buildProspect('linkedin', url, {
    fullName: readText(queryFirst(topCard, ['h1#name', 'h1.fn', '.fn'])),
    headline: readText(topCard.querySelector('.headline')),
    companyName: readText(topCard.querySelector('.extra-info .org')),
    location: readText(topCard.querySelector('.locality')),
    linkedinUrl: urlKey ?? canonicalKey,
  });
}

/** Logged-out public profile, 2013 layout: the member's hCard is the .masthead; the sidebar repeats .vcard per person. */
function readPublicProfile2013(
  doc: Document,
  url: URL,
  urlKey: string | undefined,
): Prospect | null | undefined {
  const masthead =
    doc.querySelector('.profile-header .masthead.vcard') ?? doc.querySelector('.masthead.vcard');
  if (!masthead) return undefined;
  return buildProspect('linkedin', url, {
    fullName: readText(queryFirst(masthead, ['.full-name', '#name', '.fn'])),
    headline: readText(queryFirst(masthead, ['.headline-title', '.headline'])),
    companyName: readText(doc.querySelector('#overview dd.summary-current .org')),
    location: readText(masthead.querySelector('.locality')),
    linkedinUrl: urlKey,
  });
}

/**
 * Sales Navigator lead page. Sales Navigator tags personal data with data-anonymize attributes ("person-name",
 * "headline", "company-name"…): stable hooks, unlike its generated class names. Related-lead lists reuse them, so
 * everything is read inside the header section that holds the lead's h1.
 */
function readSalesNavigatorLead(doc: Document, url: URL): Prospect | null {
  const heading = doc.querySelector(
    'main h1[data-anonymize="person-name"], h1[data-anonymize="person-name"]',
  );
  const header = heading?.closest('section');
  if (!heading || !header) return null;
  // The header's "View LinkedIn profile" link names the member; else the lead URL itself is their identity.
  const profileLink = readAttribute(
    header.querySelector('a[href*="linkedin.com/in/"], a[href^="/in/"]'),
    'href',
  );
  return buildProspect('sales_navigator', url, {
    fullName: readText(heading),
    headline: readText(header.querySelector('[data-anonymize="headline"]')),
    title: readText(header.querySelector('[data-anonymize="job-title"]')),
    companyName: readText(header.querySelector('[data-anonymize="company-name"]')),
    location: readText(header.querySelector('[data-anonymize="location"]')),
    linkedinUrl: readLinkedinUrl(profileLink) ?? url.href,
  });
}

/** The member a LinkedIn profile or Sales Navigator lead page shows; null on every other LinkedIn page. */
export function findLinkedinProspect(doc: Document, url: URL): Prospect | null {
  const page = parseLinkedinPage(url);
  if (!page) return null;
  if (page === 'sales-lead') return readSalesNavigatorLead(doc, url);
  const urlKey = readLinkedinUrl(url.href);
  if (page === 'profile' && urlKey) {
    const loggedIn = readLoggedInProfile(doc, url, urlKey);
    if (loggedIn !== undefined) return loggedIn;
  }
  const public2016 = readPublicProfile2016(doc, url, urlKey);
  if (public2016 !== undefined) return public2016;
  return readPublicProfile2013(doc, url, urlKey) ?? null;
}

/**
 * The member a profile URL (/in/<slug>) names, from the URL alone: the lookup identity the page read would send
 * (findLinkedinProspect checks that the card on screen is this member's and gives this same URL key).
 */
export function findLinkedinProspectInUrl(url: URL): Prospect | null {
  if (parseLinkedinPage(url) !== 'profile') return null;
  const urlKey = readLinkedinUrl(url.href);
  return urlKey ? buildProspect('linkedin', url, { linkedinUrl: urlKey }) : null;
}

/** LinkedIn swaps <main> on in-app navigation; .application-outlet (logged in) or the body outlives it. */
export function findLinkedinWatchRoot(doc: Document): Element {
  return doc.querySelector('.application-outlet') ?? findDocumentRoot(doc);
}

export const linkedinAdapter: SiteAdapter = {
  id: 'linkedin',
  matches: linkedinMatches,
  findProspect: findLinkedinProspect,
  watchRoot: findLinkedinWatchRoot,
  findProspectInUrl: findLinkedinProspectInUrl,
};
