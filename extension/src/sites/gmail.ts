import type { Prospect } from '@leadlight/contract';
import { buildProspect, findDocumentRoot, readAttribute, readEmail, readText } from './read-dom';
import type { SiteAdapter } from './types';

export const gmailMatches = ['https://mail.google.com/*'] as const;

interface Contact {
  email: string;
  name: string | undefined;
}

const titleAccount = / - (\S+@\S+) - [^-]+$/;
const accountLabel = /\(\s*(\S+@\S+?)\s*\)/;

/**
 * The signed-in account's addresses: Gmail puts the address in the tab title ("Subject - me@x.com - Gmail") and in the
 * account button's aria-label ("Google Account: Name (me@x.com)"). Both are kept: either may be missing or stale.
 */
function readSignedInEmails(doc: Document): Set<string> {
  const label = readAttribute(doc.querySelector('a[aria-label^="Google Account:"]'), 'aria-label');
  const candidates = [label?.match(accountLabel)?.[1], doc.title.match(titleAccount)?.[1]];
  return new Set(candidates.flatMap((candidate) => readEmail(candidate) ?? []));
}

/**
 * A contact from a span[email]. The shown text and the name attribute usually agree; recipients may show only a
 * first name ("to Dana"), then the attribute's full name is taken. When they disagree otherwise, the shown text wins:
 * it is what the user sees.
 */
function readContact(span: Element | null): Contact | undefined {
  const email = readEmail(readAttribute(span, 'email'));
  if (!email) return undefined;
  const shown = readText(span);
  const attribute = readAttribute(span, 'name');
  const isAttributeConsistent =
    attribute !== undefined && (!shown || attribute.toLowerCase().startsWith(shown.toLowerCase()));
  const name = isAttributeConsistent ? attribute : shown;
  return { email, name: name && name.toLowerCase() !== email ? name : undefined };
}

/**
 * Message containers of the open conversation, oldest first (Gmail renders them in date order), or null when the
 * two hooks that mark a message (div.adn and its data-message-id) disagree: a message missing from one list would
 * silently promote an older sender to "latest".
 */
function findMessages(thread: Element): Element[] | null {
  const byClass = Array.from(thread.querySelectorAll('div.adn'));
  const byId = Array.from(thread.querySelectorAll('[data-message-id]'));
  if (byClass.length !== byId.length) return null;
  const isConsistent = byClass.every((el, i) => {
    const other = byId[i];
    return other !== undefined && (el === other || el.contains(other) || other.contains(el));
  });
  return isConsistent ? byClass : null;
}

// InboxSDK reads a message's sender from `td.gF span[email]`; h3.iw / .gD hold the same span in expanded messages.
const senderSelector = 'td.gF span[email], h3.iw span[email], span.gD[email]';
// Recipients of an expanded message (InboxSDK: `.hb span[email]`).
const recipientSelector = '.hb span[email]';

/**
 * The prospect of the open conversation: the sender of its latest message that the signed-in user did not send.
 * When the user sent every message (their own sent mail), the one other recipient of the latest message, if there
 * is exactly one. Null on list views, when no conversation is open, or when the signed-in user is unknown (then
 * "not the user" cannot be checked, and a wrong person is worse than none).
 */
export function findGmailProspect(doc: Document, url: URL): Prospect | null {
  if (url.hostname !== 'mail.google.com' || !url.pathname.startsWith('/mail/')) return null;
  const subject = doc.querySelector('[role="main"] h2[data-thread-perm-id], [role="main"] h2.hP');
  const thread = subject?.closest('[role="main"]');
  if (!thread) return null;
  const selves = readSignedInEmails(doc);
  if (selves.size === 0) return null;
  const messages = findMessages(thread);
  if (!messages) return null;
  for (let i = messages.length - 1; i >= 0; i--) {
    const sender = readContact(messages[i]!.querySelector(senderSelector));
    // An unreadable sender may be the one we want: guessing an older one could name the wrong person.
    if (!sender) return null;
    if (!selves.has(sender.email)) return toProspect(sender, url);
  }
  const latest = messages.at(-1);
  if (!latest) return null;
  const others = Array.from(latest.querySelectorAll(recipientSelector))
    .map(readContact)
    .filter((contact): contact is Contact => contact !== undefined && !selves.has(contact.email));
  const distinct = new Set(others.map((contact) => contact.email));
  return distinct.size === 1 && others[0] ? toProspect(others[0], url) : null;
}

function toProspect(contact: Contact, url: URL): Prospect | null {
  return buildProspect('gmail', url, { fullName: contact.name, email: contact.email });
}

/** The conversation and list both render inside Gmail's role=main region. */
export function findGmailWatchRoot(doc: Document): Element {
  return doc.querySelector('[role="main"]') ?? findDocumentRoot(doc);
}

export const gmailAdapter: SiteAdapter = {
  id: 'gmail',
  matches: gmailMatches,
  findProspect: findGmailProspect,
  watchRoot: findGmailWatchRoot,
};
