import { describe, expect, test } from 'vitest';
import { loadFixture } from './fixture-pages';
import { findGmailProspect, findGmailWatchRoot } from './gmail';
import { checkRightPersonOrNull } from './mutate-dom';

const priya = {
  site: 'gmail',
  fullName: 'Priya Natarajan',
  email: 'priya.natarajan@northwind-traders.example',
} as const;
const dana = {
  site: 'gmail',
  fullName: 'Dana Whitfield',
  email: 'dana.whitfield@northwind-traders.example',
} as const;

const threadUrl = new URL('https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmXvQbCpLtNwZbJ');
const listUrl = new URL('https://mail.google.com/mail/u/0/#inbox');

/** Priya is shown as the sender of a message (not merely as a recipient). */
function isShownAsSender(doc: Document, email: string): boolean {
  return (
    doc.querySelector(`td.gF [email="${email}"], h3.iw [email="${email}"], .gD[email="${email}"]`) !== null
  );
}

describe('findGmailProspect', () => {
  test('the sender of the latest message, not an earlier one', () => {
    const doc = loadFixture('gmail', 'thread-latest-from-prospect.html');
    expect(findGmailProspect(doc, threadUrl)).toEqual({ ...priya, pageUrl: threadUrl.href });
  });

  test('the signed-in user replied last: the latest message NOT from the user', () => {
    const doc = loadFixture('gmail', 'thread-user-replied-last.html');
    expect(findGmailProspect(doc, threadUrl)).toEqual({ ...priya, pageUrl: threadUrl.href });
  });

  test("the user's own sent mail: its sole other recipient", () => {
    const doc = loadFixture('gmail', 'thread-own-sent.html');
    expect(findGmailProspect(doc, threadUrl)).toEqual({ ...dana, pageUrl: threadUrl.href });
  });

  test('own sent mail to two people: null (which one?)', () => {
    const doc = loadFixture('gmail', 'thread-own-sent.html');
    const recipients = doc.querySelector('.hb');
    const second = doc.createElement('span');
    second.setAttribute('email', 'priya.natarajan@northwind-traders.example');
    second.setAttribute('name', 'Priya Natarajan');
    recipients?.append(', ', second);
    expect(findGmailProspect(doc, threadUrl)).toBeNull();
  });

  test('the saved 2014 inbox list (senders in span[email] on every row): null', () => {
    expect(findGmailProspect(loadFixture('gmail', 'inbox-list-2014.html'), listUrl)).toBeNull();
  });

  test('the saved add-on sidebar fragments: null', () => {
    for (const file of ['addon-sidebar-2017-06-22.html', 'addon-sidebar-2017-09-08.html']) {
      expect(findGmailProspect(loadFixture('gmail', file), threadUrl)).toBeNull();
    }
  });

  test('the signed-in account cannot be read (no account button, no address in the title): null', () => {
    const doc = loadFixture('gmail', 'thread-user-replied-last.html');
    doc.querySelector('a[aria-label^="Google Account:"]')?.remove();
    doc.title = 'Re: Pricing for 50 seats';
    expect(findGmailProspect(doc, threadUrl)).toBeNull();
  });

  test('the account from the title alone is enough', () => {
    const doc = loadFixture('gmail', 'thread-user-replied-last.html');
    doc.querySelector('a[aria-label^="Google Account:"]')?.remove();
    expect(findGmailProspect(doc, threadUrl)?.email).toBe(priya.email);
  });

  test('the latest message has no readable sender: null rather than an older sender', () => {
    const doc = loadFixture('gmail', 'thread-latest-from-prospect.html');
    doc.querySelector(`[email="${priya.email}"]`)?.remove();
    expect(findGmailProspect(doc, threadUrl)).toBeNull();
  });

  test('not on mail.google.com/mail/: null', () => {
    const doc = loadFixture('gmail', 'thread-latest-from-prospect.html');
    expect(findGmailProspect(doc, new URL('https://mail.google.com/chat/u/0/'))).toBeNull();
  });

  test('watch root is the role=main region', () => {
    expect(
      findGmailWatchRoot(loadFixture('gmail', 'thread-latest-from-prospect.html')).getAttribute('role'),
    ).toBe('main');
  });
});

describe('findGmailProspect on randomly damaged pages: the right sender or null, never another, never a throw', () => {
  const danaOnceApproved = {
    expected: dana,
    isAllowed: (doc: Document) => !isShownAsSender(doc, priya.email),
  };

  test('thread whose latest message is from the prospect', { timeout: 60_000 }, () => {
    checkRightPersonOrNull({
      doc: loadFixture('gmail', 'thread-latest-from-prospect.html'),
      url: threadUrl,
      findProspect: findGmailProspect,
      expected: priya,
      fallbacks: [danaOnceApproved],
      focus: '[role="main"], header',
      numRuns: 400,
    });
  });

  test('thread the user replied to last', { timeout: 60_000 }, () => {
    checkRightPersonOrNull({
      doc: loadFixture('gmail', 'thread-user-replied-last.html'),
      url: threadUrl,
      findProspect: findGmailProspect,
      expected: priya,
      fallbacks: [danaOnceApproved],
      focus: '[role="main"], header',
      numRuns: 400,
    });
  });

  test("the user's own sent mail", { timeout: 60_000 }, () => {
    checkRightPersonOrNull({
      doc: loadFixture('gmail', 'thread-own-sent.html'),
      url: threadUrl,
      findProspect: findGmailProspect,
      expected: dana,
      focus: '[role="main"], header',
      numRuns: 400,
    });
  });

  test('the inbox list stays null', { timeout: 60_000 }, () => {
    checkRightPersonOrNull({
      doc: loadFixture('gmail', 'inbox-list-2014.html'),
      url: listUrl,
      findProspect: findGmailProspect,
      expected: null,
      focus: '[role="main"]',
      numRuns: 200,
    });
  });
});
