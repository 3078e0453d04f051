import { describe, expect, test } from 'vitest';
import { loadFixture, loadSharedFixture } from './fixture-pages';
import { findLinkedinProspect, findLinkedinProspectInUrl, findLinkedinWatchRoot } from './linkedin';
import { checkRightPersonOrNull } from './mutate-dom';

const profile2024a = {
  site: 'linkedin',
  fullName: 'Eduardo Alvarez Nowak',
  headline: 'Tech Education Lead, Tech Expert & Frontend Dev at Novare Potential',
  companyName: 'Novare Potential',
  location: 'Greater Stockholm Metropolitan Area',
  linkedinUrl: 'https://www.linkedin.com/in/eduardo-alvarez-nowak',
} as const;

const publicProfile2016 = {
  site: 'linkedin',
  fullName: 'Jeff Weiner',
  headline: 'CEO at LinkedIn',
  companyName: 'LinkedIn',
  location: 'San Francisco Bay Area',
  linkedinUrl: 'https://www.linkedin.com/in/jeffweiner08',
} as const;

const publicProfile2013 = {
  site: 'linkedin',
  fullName: 'Justin Grevich',
  headline: 'Web Developer and Systems Administrator',
  companyName: 'UC San Diego, Institute of Engineering in Medicine',
  location: 'La Jolla, California',
  linkedinUrl: 'https://www.linkedin.com/pub/justin-grevich/7/154/181',
} as const;

const salesNavigatorLead = {
  site: 'sales_navigator',
  fullName: 'Dana Whitfield',
  headline: 'VP Operations at Northwind Traders | Supply chain, 3PL, cold chain',
  title: 'VP Operations',
  companyName: 'Northwind Traders',
  location: 'Seattle, Washington, United States',
  linkedinUrl: 'https://www.linkedin.com/in/dana-whitfield-7a1b2c',
} as const;

const urls = {
  profileA: new URL('https://www.linkedin.com/in/eduardo-alvarez-nowak/'),
  profileB: new URL('https://www.linkedin.com/in/sri-lalitha-jeevanige-35520a61/'),
  public2016: new URL('https://www.linkedin.com/in/jeffweiner08'),
  public2013: new URL('https://www.linkedin.com/pub/justin-grevich/7/154/181'),
  salesLead: new URL('https://www.linkedin.com/sales/lead/ACwAAAB1c2UBp3Rz0w9k,NAME_SEARCH,k9Qd'),
};

describe('findLinkedinProspect on saved real pages', () => {
  test('2024 logged-in profile: name, headline, current company from its aria-label, location, profile URL', () => {
    const prospect = findLinkedinProspect(
      loadSharedFixture('linkedin', 'profile-2024-a.html'),
      urls.profileA,
    );
    expect(prospect).toEqual({ ...profile2024a, pageUrl: urls.profileA.href });
  });

  test('2024 logged-in profile, second member', () => {
    expect(findLinkedinProspect(loadSharedFixture('linkedin', 'profile-2024-b.html'), urls.profileB)).toEqual(
      {
        site: 'linkedin',
        pageUrl: urls.profileB.href,
        fullName: 'Sri Lalitha Jeevanige',
        headline: 'SAFe certified Scrum Master @ Swedbank | Pega Senior System Architect',
        companyName: 'Swedbank',
        location: 'Stockholm, Stockholm County, Sweden',
        linkedinUrl: 'https://www.linkedin.com/in/sri-lalitha-jeevanige-35520a61',
      },
    );
  });

  test('2016 public profile: read inside the top card, not from "People also viewed"', () => {
    expect(
      findLinkedinProspect(loadSharedFixture('linkedin', 'public-profile-2016.html'), urls.public2016),
    ).toEqual({
      ...publicProfile2016,
      pageUrl: urls.public2016.href,
    });
  });

  test('2013 public profile at its old /pub/ URL', () => {
    expect(
      findLinkedinProspect(loadSharedFixture('linkedin', 'public-profile-2013.html'), urls.public2013),
    ).toEqual({
      ...publicProfile2013,
      pageUrl: urls.public2013.href,
    });
  });

  test('a 2024 profile still on screen after the URL moved to another member is stale: null', () => {
    const doc = loadSharedFixture('linkedin', 'profile-2024-a.html');
    expect(findLinkedinProspect(doc, urls.profileB)).toBeNull();
  });

  test('a 2016 page whose canonical link names another member: null', () => {
    const doc = loadSharedFixture('linkedin', 'public-profile-2016.html');
    expect(findLinkedinProspect(doc, new URL('https://www.linkedin.com/in/someone-else'))).toBeNull();
  });

  test('the profile markup under a non-profile URL (feed, company, search): null', () => {
    const doc = loadSharedFixture('linkedin', 'profile-2024-a.html');
    for (const path of ['/feed/', '/company/novare-potential/', '/search/results/people/?keywords=x', '/']) {
      expect(findLinkedinProspect(doc, new URL(path, 'https://www.linkedin.com'))).toBeNull();
    }
  });
});

describe('findLinkedinProspect on reconstructed pages', () => {
  test('Sales Navigator lead: the header lead, not the "Also viewed" leads; LinkedIn URL from its profile link', () => {
    expect(
      findLinkedinProspect(loadFixture('linkedin', 'sales-navigator-lead.html'), urls.salesLead),
    ).toEqual({
      ...salesNavigatorLead,
      pageUrl: urls.salesLead.href,
    });
  });

  test('Sales Navigator lead without a profile link: the lead URL is the identity', () => {
    const doc = loadFixture('linkedin', 'sales-navigator-lead.html');
    doc.querySelector('a[href*="/in/"]')?.remove();
    expect(findLinkedinProspect(doc, urls.salesLead)?.linkedinUrl).toBe(
      'https://www.linkedin.com/sales/lead/ACwAAAB1c2UBp3Rz0w9k',
    );
  });

  test('company page and feed: null', () => {
    const company = loadFixture('linkedin', 'company-page.html');
    expect(
      findLinkedinProspect(company, new URL('https://www.linkedin.com/company/northwind-traders/')),
    ).toBeNull();
    expect(
      findLinkedinProspect(loadFixture('linkedin', 'feed.html'), new URL('https://www.linkedin.com/feed/')),
    ).toBe(null);
  });
});

describe('findLinkedinProspectInUrl: the lookup identity before the page exists', () => {
  test('a profile URL gives the same LinkedIn key the page read gives', () => {
    const fromUrl = findLinkedinProspectInUrl(urls.profileA);
    expect(fromUrl).toEqual({
      site: 'linkedin',
      pageUrl: urls.profileA.href,
      linkedinUrl: profile2024a.linkedinUrl,
    });
    const fromPage = findLinkedinProspect(
      loadSharedFixture('linkedin', 'profile-2024-a.html'),
      urls.profileA,
    );
    expect(fromPage?.linkedinUrl).toBe(fromUrl?.linkedinUrl);
    expect(fromPage?.email).toBeUndefined();
  });

  test('URLs that name no single member, or not from the URL alone: null', () => {
    for (const href of [
      'https://www.linkedin.com/feed/',
      'https://www.linkedin.com/company/linkedin/',
      'https://www.linkedin.com/in/',
      'https://www.linkedin.com/search/results/people/?keywords=ada',
      urls.salesLead.href, // the member's profile link is only in the page
      urls.public2013.href,
    ]) {
      expect(findLinkedinProspectInUrl(new URL(href))).toBeNull();
    }
  });
});

describe('findLinkedinWatchRoot', () => {
  test('the logged-in app outlet, else the body', () => {
    expect(findLinkedinWatchRoot(loadSharedFixture('linkedin', 'profile-2024-a.html')).className).toBe(
      'application-outlet',
    );
    expect(findLinkedinWatchRoot(loadSharedFixture('linkedin', 'public-profile-2016.html')).tagName).toBe(
      'BODY',
    );
  });
});

describe('findLinkedinProspect on randomly damaged pages: the same member or null, never another, never a throw', () => {
  test('2024 logged-in profile', { timeout: 120_000 }, () => {
    checkRightPersonOrNull({
      doc: loadSharedFixture('linkedin', 'profile-2024-a.html'),
      url: urls.profileA,
      findProspect: findLinkedinProspect,
      expected: profile2024a,
      focus: 'main',
      numRuns: 120,
    });
  });

  test('2016 public profile', { timeout: 60_000 }, () => {
    checkRightPersonOrNull({
      doc: loadSharedFixture('linkedin', 'public-profile-2016.html'),
      url: urls.public2016,
      findProspect: findLinkedinProspect,
      expected: publicProfile2016,
      focus: '#topcard, .profile-card',
      numRuns: 200,
    });
  });

  test('2013 public profile', { timeout: 60_000 }, () => {
    checkRightPersonOrNull({
      doc: loadSharedFixture('linkedin', 'public-profile-2013.html'),
      url: urls.public2013,
      findProspect: findLinkedinProspect,
      expected: publicProfile2013,
      focus: '.profile-header, #overview, .vcard',
      numRuns: 200,
    });
  });

  test('Sales Navigator lead', { timeout: 60_000 }, () => {
    checkRightPersonOrNull({
      doc: loadFixture('linkedin', 'sales-navigator-lead.html'),
      url: urls.salesLead,
      findProspect: findLinkedinProspect,
      expected: salesNavigatorLead,
      aliases: { linkedinUrl: ['https://www.linkedin.com/sales/lead/ACwAAAB1c2UBp3Rz0w9k'] },
      focus: 'main',
      numRuns: 300,
    });
  });

  test('feed stays null', { timeout: 60_000 }, () => {
    checkRightPersonOrNull({
      doc: loadFixture('linkedin', 'feed.html'),
      url: new URL('https://www.linkedin.com/feed/'),
      findProspect: findLinkedinProspect,
      expected: null,
      focus: 'main',
      numRuns: 100,
    });
  });
});
