import { describe, expect, test } from 'vitest';
import { loadFixture } from './fixture-pages';
import { checkRightPersonOrNull } from './mutate-dom';
import { findSalesforceProspect, findSalesforceWatchRoot } from './salesforce';

const origin = 'https://northwind-dev-ed.lightning.force.com';
const leadUrl = new URL('/lightning/r/Lead/00Q5g000004FvbZEAS/view', origin);
const contactUrl = new URL('/lightning/r/Contact/0035g00000Hq7NFAAZ/view', origin);

const bertha = {
  site: 'salesforce',
  fullName: 'Bertha Boxer',
  title: 'Director of Vendor Relations',
  companyName: 'Farmers Coop. of Florida',
  email: 'bertha@fcof.net',
  phone: '(850) 644-4200',
  crmRecordId: '00Q5g000004FvbZEAS',
} as const;

const rose = {
  site: 'salesforce',
  fullName: 'Rose Gonzalez',
  title: 'SVP, Procurement',
  companyName: 'Edge Communications',
  email: 'rose@edge.com',
  phone: '(512) 757-6000',
  crmRecordId: '0035g00000Hq7NFAAZ',
} as const;

describe('findSalesforceProspect', () => {
  test('Lead record: highlights name, layout fields, record id from the URL', () => {
    expect(findSalesforceProspect(loadFixture('salesforce', 'lead-record.html'), leadUrl)).toEqual({
      ...bertha,
      pageUrl: leadUrl.href,
    });
  });

  test('Contact record: the active view, not the lead still cached in the DOM; company from Account Name', () => {
    expect(findSalesforceProspect(loadFixture('salesforce', 'contact-record.html'), contactUrl)).toEqual({
      ...rose,
      pageUrl: contactUrl.href,
    });
  });

  test('the short URL form /lightning/r/<id>/view, object from the id prefix', () => {
    const url = new URL('/lightning/r/00Q5g000004FvbZEAS/view', origin);
    expect(findSalesforceProspect(loadFixture('salesforce', 'lead-record.html'), url)?.crmRecordId).toBe(
      bertha.crmRecordId,
    );
  });

  test('list view: null', () => {
    const url = new URL('/lightning/o/Lead/list?filterName=Recent', origin);
    expect(findSalesforceProspect(loadFixture('salesforce', 'lead-list-view.html'), url)).toBeNull();
  });

  test('other objects (Account, Opportunity) and mismatched object/id: null', () => {
    const doc = loadFixture('salesforce', 'lead-record.html');
    for (const path of [
      '/lightning/r/Account/0015g00000ZQv1nAAD/view',
      '/lightning/r/Opportunity/0065g000003ExQbAAK/view',
      '/lightning/r/Contact/00Q5g000004FvbZEAS/view',
      '/lightning/page/home',
    ]) {
      expect(findSalesforceProspect(doc, new URL(path, origin))).toBeNull();
    }
  });

  test('the page shows another object than the URL names (mid-navigation): null', () => {
    const doc = loadFixture('salesforce', 'lead-record.html');
    expect(
      findSalesforceProspect(doc, new URL('/lightning/r/Contact/0035g00000Hq7NFAAZ/view', origin)),
    ).toBeNull();
  });

  test('no visible view marked active while cached views exist: null', () => {
    const doc = loadFixture('salesforce', 'contact-record.html');
    doc.querySelector('.oneContent.active')?.classList.remove('active');
    expect(findSalesforceProspect(doc, contactUrl)).toBeNull();
  });

  test('not a Lightning host: null', () => {
    const doc = loadFixture('salesforce', 'lead-record.html');
    expect(findSalesforceProspect(doc, new URL(leadUrl.pathname, 'https://evil.example'))).toBeNull();
  });

  test('watch root is the center stage', () => {
    expect(findSalesforceWatchRoot(loadFixture('salesforce', 'lead-record.html')).className).toBe(
      'oneCenterStage',
    );
  });
});

describe('findSalesforceProspect on randomly damaged pages: the right record or null, never another, never a throw', () => {
  test('Lead record', { timeout: 60_000 }, () => {
    checkRightPersonOrNull({
      doc: loadFixture('salesforce', 'lead-record.html'),
      url: leadUrl,
      findProspect: findSalesforceProspect,
      expected: bertha,
      focus: '.oneCenterStage',
      numRuns: 400,
    });
  });

  test('Contact record with a cached lead view', { timeout: 60_000 }, () => {
    checkRightPersonOrNull({
      doc: loadFixture('salesforce', 'contact-record.html'),
      url: contactUrl,
      findProspect: findSalesforceProspect,
      expected: rose,
      focus: '.oneCenterStage',
      numRuns: 400,
    });
  });

  test('list view stays null', { timeout: 60_000 }, () => {
    checkRightPersonOrNull({
      doc: loadFixture('salesforce', 'lead-list-view.html'),
      url: new URL('/lightning/o/Lead/list?filterName=Recent', origin),
      findProspect: findSalesforceProspect,
      expected: null,
      focus: '.oneCenterStage',
      numRuns: 100,
    });
  });
});
