import { describe, expect, test } from 'vitest';
import { findSchemaOrgProspect, readMailtoProspect, readSelectionProspect } from './any-page';
import { loadFixture, parseHtml } from './fixture-pages';
import { checkRightPersonOrNull } from './mutate-dom';

const pageUrl = new URL('https://example.org/events/speakers');

describe('readSelectionProspect', () => {
  test('"Name <address>"', () => {
    expect(readSelectionProspect('Jane Doe <Jane.Doe@Acme.example>', pageUrl)).toEqual({
      site: 'page',
      pageUrl: pageUrl.href,
      fullName: 'Jane Doe',
      email: 'jane.doe@acme.example',
    });
  });

  test('a name on the first line and a headline on the second', () => {
    expect(readSelectionProspect('  Jane Doe\nVP Sales, Acme Corp\n', pageUrl)).toEqual({
      site: 'page',
      pageUrl: pageUrl.href,
      fullName: 'Jane Doe',
      headline: 'VP Sales, Acme Corp',
    });
  });

  test('an address alone, and a LinkedIn profile URL', () => {
    expect(readSelectionProspect('write to jane@acme.example today', pageUrl)?.email).toBe(
      'jane@acme.example',
    );
    expect(readSelectionProspect('https://www.linkedin.com/in/jane-doe-42/', pageUrl)?.linkedinUrl).toBe(
      'https://www.linkedin.com/in/jane-doe-42',
    );
  });

  test('two different addresses, prose, or nothing: null', () => {
    expect(readSelectionProspect('jane@acme.example, joe@acme.example', pageUrl)).toBeNull();
    expect(
      readSelectionProspect('We grew revenue by 40% in 2025 thanks to our partners.', pageUrl),
    ).toBeNull();
    expect(readSelectionProspect('   ', pageUrl)).toBeNull();
    expect(readSelectionProspect('x'.repeat(5000), pageUrl)).toBeNull();
  });
});

describe('readMailtoProspect', () => {
  test('the single address, the link text as the name', () => {
    expect(readMailtoProspect('mailto:jane.doe@acme.example?subject=Hello', pageUrl, 'Jane Doe')).toEqual({
      site: 'page',
      pageUrl: pageUrl.href,
      fullName: 'Jane Doe',
      email: 'jane.doe@acme.example',
    });
  });

  test('percent-encoded address; link text that is the address or prose is not a name', () => {
    expect(readMailtoProspect('mailto:jane%40acme.example', pageUrl, 'jane@acme.example')).toEqual({
      site: 'page',
      pageUrl: pageUrl.href,
      email: 'jane@acme.example',
    });
    expect(readMailtoProspect('mailto:jane@acme.example', pageUrl, 'Click here to write us!')?.fullName).toBe(
      undefined,
    );
  });

  test('several To addresses, a bad address, or not mailto: null', () => {
    expect(readMailtoProspect('mailto:a@acme.example,b@acme.example', pageUrl)).toBeNull();
    expect(readMailtoProspect('mailto:a@acme.example?to=b@acme.example', pageUrl)).toBeNull();
    expect(readMailtoProspect('mailto:not-an-address', pageUrl)).toBeNull();
    expect(readMailtoProspect('https://acme.example/contact', pageUrl)).toBeNull();
    expect(readMailtoProspect('::::', pageUrl)).toBeNull();
  });
});

const lena = {
  site: 'page',
  fullName: 'Lena Fischer',
  title: 'Chief Operating Officer',
  companyName: 'Fischer Kühllogistik GmbH',
  email: 'lena.fischer@fischer-kuehllogistik.example',
  linkedinUrl: 'https://www.linkedin.com/in/lena-fischer-coo',
  location: 'Hamburg',
} as const;

const omar = {
  site: 'page',
  fullName: 'Omar Haddad',
  title: 'Head of IT',
  companyName: 'Haddad Freight Forwarding',
  email: 'omar@haddad-freight.example',
  linkedinUrl: 'https://www.linkedin.com/in/omar-haddad-it',
  phone: '+31 10 555 0199',
  location: 'Rotterdam',
} as const;

describe('findSchemaOrgProspect', () => {
  test('a JSON-LD Person in an @graph', () => {
    const url = new URL('https://summit.example/speakers/lena-fischer');
    expect(findSchemaOrgProspect(loadFixture('any-page', 'person-json-ld.html'), url)).toEqual({
      ...lena,
      pageUrl: url.href,
    });
  });

  test('a microdata Person with nested Organization and PostalAddress items', () => {
    const url = new URL('https://omar-haddad.example/about');
    expect(findSchemaOrgProspect(loadFixture('any-page', 'person-microdata.html'), url)).toEqual({
      ...omar,
      pageUrl: url.href,
    });
  });

  test('a team page with several people: null', () => {
    const url = new URL('https://contoso-freight.example/team');
    expect(findSchemaOrgProspect(loadFixture('any-page', 'team-page-microdata.html'), url)).toBeNull();
  });

  test("an article's author is not the page's subject: null", () => {
    const url = new URL('https://fabrikam-foods.example/blog/empty-miles');
    expect(findSchemaOrgProspect(loadFixture('any-page', 'article-author-json-ld.html'), url)).toBeNull();
  });

  test('the saved 2016 LinkedIn page: its JSON-LD Person is only a WebPage reviewer, so none', () => {
    const url = new URL('https://www.linkedin.com/in/jeffweiner08');
    expect(findSchemaOrgProspect(loadFixture('linkedin', 'public-profile-2016.html'), url)).toBeNull();
  });

  test('a ProfilePage mainEntity; the same person in JSON-LD and microdata merges', () => {
    const doc = parseHtml(`<script type="application/ld+json">
      {"@context":"https://schema.org","@type":"ProfilePage","mainEntity":{"@type":"Person","name":"Ana Ruiz","jobTitle":"CTO"}}
      </script><div itemscope itemtype="http://schema.org/Person"><span itemprop="name">Ana Ruiz</span>
      <a itemprop="email" href="mailto:ana@ruiz.example">mail</a></div>`);
    expect(findSchemaOrgProspect(doc, pageUrl)).toEqual({
      site: 'page',
      pageUrl: pageUrl.href,
      fullName: 'Ana Ruiz',
      title: 'CTO',
      email: 'ana@ruiz.example',
    });
  });

  test('broken JSON-LD is skipped, not thrown', () => {
    const doc = parseHtml('<script type="application/ld+json">{"@type": "Person", "name": </script>');
    expect(findSchemaOrgProspect(doc, pageUrl)).toBeNull();
  });
});

describe('findSchemaOrgProspect on randomly damaged pages: the same person or null, never another, never a throw', () => {
  test('JSON-LD speaker page', { timeout: 60_000 }, () => {
    checkRightPersonOrNull({
      doc: loadFixture('any-page', 'person-json-ld.html'),
      url: new URL('https://summit.example/speakers/lena-fischer'),
      findProspect: findSchemaOrgProspect,
      expected: lena,
      focus: 'head',
      numRuns: 300,
    });
  });

  // Attribute damage is left out here: deleting itemscope from the nested Organization makes its name a property
  // of the Person, a page no reader could tell from one about a person of that name.
  test('microdata about page (node removal and text damage)', { timeout: 60_000 }, () => {
    checkRightPersonOrNull({
      doc: loadFixture('any-page', 'person-microdata.html'),
      url: new URL('https://omar-haddad.example/about'),
      findProspect: findSchemaOrgProspect,
      expected: omar,
      focus: 'article',
      kinds: ['remove', 'set-text'],
      numRuns: 300,
    });
  });
});
