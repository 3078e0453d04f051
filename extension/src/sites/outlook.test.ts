import { describe, expect, test } from 'vitest';
import { loadFixture } from './fixture-pages';
import { checkRightPersonOrNull } from './mutate-dom';
import { findOutlookProspect, findOutlookWatchRoot } from './outlook';

const priya = {
  site: 'outlook',
  fullName: 'Priya Natarajan',
  email: 'priya.natarajan@northwind-traders.example',
} as const;
const dana = {
  site: 'outlook',
  fullName: 'Dana Whitfield',
  email: 'dana.whitfield@northwind-traders.example',
} as const;
const marco = {
  site: 'outlook',
  fullName: 'Marco Bianchi',
  email: 'marco.bianchi@bianchi-logistica.example',
} as const;

const officeUrl = new URL('https://outlook.office.com/mail/inbox/id/AAQkAGE1ZjQ2000');
const liveUrl = new URL('https://outlook.live.com/mail/0/inbox/id/AAQkAGE1ZjQ2000');
const sentUrl = new URL('https://outlook.office.com/mail/sentitems/id/AAQkAGE1ZjQ2000');

describe('findOutlookProspect', () => {
  test('outlook.office.com: the latest sender who is not the user, by timestamp (newest-on-top order)', () => {
    const doc = loadFixture('outlook', 'office-reading-pane.html');
    expect(findOutlookProspect(doc, officeUrl)).toEqual({ ...priya, pageUrl: officeUrl.href });
  });

  test('the same conversation shown oldest-first gives the same answer', () => {
    const doc = loadFixture('outlook', 'office-reading-pane.html');
    const conversation = doc.querySelector('[data-app-section="ConversationContainer"]');
    const messages = Array.from(doc.querySelectorAll('[aria-label="Email message"]'));
    for (const message of messages.reverse()) conversation?.append(message);
    expect(findOutlookProspect(doc, officeUrl)?.email).toBe(priya.email);
  });

  test('outlook.live.com: the sender of the open message', () => {
    const doc = loadFixture('outlook', 'live-reading-pane.html');
    expect(findOutlookProspect(doc, liveUrl)).toEqual({ ...marco, pageUrl: liveUrl.href });
  });

  test("the user's own sent mail: its sole recipient", () => {
    const doc = loadFixture('outlook', 'office-sent-item.html');
    expect(findOutlookProspect(doc, sentUrl)).toEqual({ ...dana, pageUrl: sentUrl.href });
  });

  test('nothing selected: null', () => {
    expect(findOutlookProspect(loadFixture('outlook', 'office-no-selection.html'), officeUrl)).toBeNull();
  });

  test('two other senders with unreadable timestamps: null rather than a guess', () => {
    const doc = loadFixture('outlook', 'office-reading-pane.html');
    for (const time of doc.querySelectorAll('[data-testid="SentReceivedSavedTime"]')) {
      time.setAttribute('title', 'gestern');
      time.textContent = 'gestern';
    }
    expect(findOutlookProspect(doc, officeUrl)).toBeNull();
  });

  test('timestamps that contradict the conversation order (a day/month misread): null', () => {
    const doc = loadFixture('outlook', 'office-reading-pane.html');
    const times = doc.querySelectorAll('[data-testid="SentReceivedSavedTime"]');
    times[1]?.setAttribute('title', 'Tue 11/24/2026 10:05 AM');
    expect(findOutlookProspect(doc, officeUrl)).toBeNull();
  });

  test('the signed-in user cannot be read: null', () => {
    const doc = loadFixture('outlook', 'office-reading-pane.html');
    doc.getElementById('meControl')?.remove();
    doc.title = 'Outlook';
    expect(findOutlookProspect(doc, officeUrl)).toBeNull();
  });

  test('the account name from the tab title is enough to skip the user', () => {
    const doc = loadFixture('outlook', 'office-reading-pane.html');
    doc.getElementById('meControl')?.remove();
    expect(findOutlookProspect(doc, officeUrl)?.email).toBe(priya.email);
  });

  test('a sender shown by name only', () => {
    const doc = loadFixture('outlook', 'live-reading-pane.html');
    doc.querySelector('[aria-label^="From:"]')?.setAttribute('aria-label', 'From: Marco Bianchi');
    expect(findOutlookProspect(doc, liveUrl)).toEqual({
      site: 'outlook',
      pageUrl: liveUrl.href,
      fullName: 'Marco Bianchi',
    });
  });

  test('other hosts: null', () => {
    const doc = loadFixture('outlook', 'live-reading-pane.html');
    expect(findOutlookProspect(doc, new URL('https://outlook.example.com/mail/'))).toBeNull();
  });

  test('watch root is the app root', () => {
    expect(findOutlookWatchRoot(loadFixture('outlook', 'office-reading-pane.html')).id).toBe('app');
  });
});

describe('findOutlookProspect on randomly damaged pages: the right sender or null, never another, never a throw', () => {
  test('conversation with the user, Priya and Dana', { timeout: 60_000 }, () => {
    checkRightPersonOrNull({
      doc: loadFixture('outlook', 'office-reading-pane.html'),
      url: officeUrl,
      findProspect: findOutlookProspect,
      expected: priya,
      fallbacks: [
        {
          expected: dana,
          isAllowed: (doc) => doc.querySelector('[aria-label^="From: Priya Natarajan"]') === null,
        },
      ],
      focus: '[aria-label="Reading Pane"], #meControl',
      numRuns: 400,
    });
  });

  test('single message on outlook.live.com', { timeout: 60_000 }, () => {
    checkRightPersonOrNull({
      doc: loadFixture('outlook', 'live-reading-pane.html'),
      url: liveUrl,
      findProspect: findOutlookProspect,
      expected: marco,
      focus: '[aria-label="Reading Pane"], #meControl',
      numRuns: 300,
    });
  });

  test("the user's own sent mail", { timeout: 60_000 }, () => {
    checkRightPersonOrNull({
      doc: loadFixture('outlook', 'office-sent-item.html'),
      url: sentUrl,
      findProspect: findOutlookProspect,
      expected: dana,
      focus: '[aria-label="Reading Pane"], #meControl',
      numRuns: 300,
    });
  });

  test('nothing selected stays null', { timeout: 60_000 }, () => {
    checkRightPersonOrNull({
      doc: loadFixture('outlook', 'office-no-selection.html'),
      url: officeUrl,
      findProspect: findOutlookProspect,
      expected: null,
      focus: '#MainModule',
      numRuns: 200,
    });
  });
});
