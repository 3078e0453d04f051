import { describe, expect, test } from 'vitest';
import { loadFixture } from './fixture-pages';
import { findHubspotProspect, findHubspotWatchRoot } from './hubspot';
import { checkRightPersonOrNull } from './mutate-dom';

const contactUrl = new URL('https://app.hubspot.com/contacts/24075316/record/0-1/51');
const companyUrl = new URL('https://app.hubspot.com/contacts/24075316/record/0-2/9876');

const jordan = {
  site: 'hubspot',
  fullName: 'Jordan Ellis',
  title: 'Head of Operations',
  companyName: 'Contoso Freight',
  email: 'jordan.ellis@contoso-freight.example',
  phone: '+1 415 555 0142',
  crmRecordId: '51',
} as const;

describe('findHubspotProspect', () => {
  test('contact record: highlight name, properties from the sidebar, contact id from the URL', () => {
    expect(findHubspotProspect(loadFixture('hubspot', 'contact-record.html'), contactUrl)).toEqual({
      ...jordan,
      pageUrl: contactUrl.href,
    });
  });

  test('the EU data centre and the legacy /contact/<id> URL', () => {
    const doc = loadFixture('hubspot', 'contact-record.html');
    for (const href of [
      'https://app-eu1.hubspot.com/contacts/24075316/record/0-1/51',
      'https://app.hubspot.com/contacts/24075316/contact/51/',
    ]) {
      expect(findHubspotProspect(doc, new URL(href))?.crmRecordId).toBe('51');
    }
  });

  test('company record (its card lists contacts): null', () => {
    expect(findHubspotProspect(loadFixture('hubspot', 'company-record.html'), companyUrl)).toBeNull();
  });

  test('company markup under a contact URL (mid-navigation): null', () => {
    expect(findHubspotProspect(loadFixture('hubspot', 'company-record.html'), contactUrl)).toBeNull();
  });

  test('the previous contact still on screen after navigating to another one: null', () => {
    const doc = loadFixture('hubspot', 'contact-record.html');
    expect(
      findHubspotProspect(doc, new URL('https://app.hubspot.com/contacts/24075316/record/0-1/52')),
    ).toBeNull();
  });

  test('lists, deals and other hosts: null', () => {
    const doc = loadFixture('hubspot', 'contact-record.html');
    for (const href of [
      'https://app.hubspot.com/contacts/24075316/objects/0-1/views/all/list',
      'https://app.hubspot.com/contacts/24075316/record/0-3/77',
      'https://www.hubspot.com/contacts/24075316/record/0-1/51',
    ]) {
      expect(findHubspotProspect(doc, new URL(href))).toBeNull();
    }
  });

  test('watch root is the body', () => {
    expect(findHubspotWatchRoot(loadFixture('hubspot', 'contact-record.html')).tagName).toBe('BODY');
  });
});

describe('findHubspotProspect on randomly damaged pages: the right contact or null, never another, never a throw', () => {
  test('contact record', { timeout: 60_000 }, () => {
    checkRightPersonOrNull({
      doc: loadFixture('hubspot', 'contact-record.html'),
      url: contactUrl,
      findProspect: findHubspotProspect,
      expected: jordan,
      focus: 'main',
      numRuns: 400,
    });
  });

  test('company record stays null', { timeout: 60_000 }, () => {
    checkRightPersonOrNull({
      doc: loadFixture('hubspot', 'company-record.html'),
      url: companyUrl,
      findProspect: findHubspotProspect,
      expected: null,
      focus: 'main',
      numRuns: 200,
    });
  });
});
