import { describe, expect, test } from 'vitest';
import { loadFixture } from './fixture-pages';
import { findProspect, findSiteAdapter, findWatchRoot, siteAdapters, siteMatchPatterns } from './index';

describe('siteAdapters registry', () => {
  test('one adapter per supported site, with the content-script match patterns', () => {
    expect(Object.fromEntries(siteAdapters.map((adapter) => [adapter.id, adapter.matches]))).toEqual({
      linkedin: ['*://*.linkedin.com/*'],
      gmail: ['https://mail.google.com/*'],
      outlook: [
        'https://outlook.office.com/*',
        'https://outlook.office365.com/*',
        'https://outlook.live.com/*',
      ],
      salesforce: ['https://*.lightning.force.com/*'],
      hubspot: ['https://app.hubspot.com/*', 'https://app-eu1.hubspot.com/*'],
    });
    expect(siteMatchPatterns).toHaveLength(8);
  });

  test.each([
    ['https://www.linkedin.com/in/jeffweiner08', 'linkedin'],
    ['http://de.linkedin.com/pub/justin-grevich/7/154/181', 'linkedin'],
    ['https://linkedin.com/feed/', 'linkedin'],
    ['https://mail.google.com/mail/u/0/#inbox', 'gmail'],
    ['https://outlook.office.com/mail/inbox', 'outlook'],
    ['https://outlook.office365.com/mail/', 'outlook'],
    ['https://outlook.live.com/mail/0/', 'outlook'],
    ['https://acme.lightning.force.com/lightning/r/Lead/00Q5g000004FvbZEAS/view', 'salesforce'],
    ['https://app.hubspot.com/contacts/1/record/0-1/2', 'hubspot'],
    ['https://app-eu1.hubspot.com/contacts/1/record/0-1/2', 'hubspot'],
  ])('%s → %s', (href, id) => {
    expect(findSiteAdapter(new URL(href))?.id).toBe(id);
  });

  test.each([
    'https://www.linkedin.com.evil.example/in/x',
    'https://mail.google.com.evil.example/mail/',
    'http://mail.google.com/mail/',
    'https://outlook.office.com.evil.example/',
    'https://acme.my.salesforce.com/00Q5g000004FvbZ',
    'https://www.hubspot.com/pricing',
    'https://example.com/',
  ])('no adapter for %s', (href) => {
    expect(findSiteAdapter(new URL(href))).toBeNull();
  });
});

describe('findProspect', () => {
  test('picks the adapter by URL', () => {
    const url = new URL('https://www.linkedin.com/in/jeffweiner08');
    expect(findProspect(loadFixture('linkedin', 'public-profile-2016.html'), url)?.fullName).toBe(
      'Jeff Weiner',
    );
  });

  test('on a supported site only that adapter decides: schema.org markup on a LinkedIn feed is no prospect', () => {
    const doc = loadFixture('any-page', 'person-json-ld.html');
    expect(findProspect(doc, new URL('https://www.linkedin.com/feed/'))).toBeNull();
  });

  test('on any other page: schema.org Person markup', () => {
    const doc = loadFixture('any-page', 'person-json-ld.html');
    expect(findProspect(doc, new URL('https://summit.example/speakers/lena-fischer'))?.fullName).toBe(
      'Lena Fischer',
    );
  });

  test('the wrong site for the page (Gmail markup under an Outlook URL): null', () => {
    const doc = loadFixture('gmail', 'thread-latest-from-prospect.html');
    expect(findProspect(doc, new URL('https://outlook.office.com/mail/inbox'))).toBeNull();
  });
});

describe('findWatchRoot', () => {
  test('an element of the page for every site, the body elsewhere', () => {
    const gmail = loadFixture('gmail', 'thread-latest-from-prospect.html');
    expect(findWatchRoot(gmail, new URL('https://mail.google.com/mail/u/0/')).getAttribute('role')).toBe(
      'main',
    );
    const page = loadFixture('any-page', 'person-json-ld.html');
    expect(findWatchRoot(page, new URL('https://summit.example/')).tagName).toBe('BODY');
  });
});
