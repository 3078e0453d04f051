import type { Prospect } from '@leadlight/contract';
import { buildProspect, findDocumentRoot, queryFirst, readAttribute, readEmail, readText } from './read-dom';
import type { SiteAdapter } from './types';

export const outlookMatches = [
  'https://outlook.office.com/*',
  'https://outlook.office365.com/*',
  'https://outlook.live.com/*',
] as const;

const outlookHosts = new Set(['outlook.office.com', 'outlook.office365.com', 'outlook.live.com']);

interface Contact {
  email: string | undefined;
  name: string | undefined;
}

// "Ada Lovelace <ada@example.com>", "<ada@example.com>", "ada@example.com" or just "Ada Lovelace".
const addressWithName = /^\s*"?([^"<>]*?)"?\s*<\s*([^<>\s]+)\s*>\s*$/;

function parseAddress(text: string): Contact | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  const match = trimmed.match(addressWithName);
  if (match) {
    const email = readEmail(match[2]);
    const name = match[1]?.trim() || undefined;
    return email || name ? { email, name } : undefined;
  }
  const email = readEmail(trimmed);
  return email ? { email, name: undefined } : { email: undefined, name: trimmed };
}

/** Splits "To: A <a@x>; B <b@y>" into contacts. */
function parseAddressList(label: string, prefix: RegExp): Contact[] {
  return label
    .replace(prefix, '')
    .split(';')
    .map(parseAddress)
    .filter((contact): contact is Contact => contact !== undefined);
}

const titleAccount = /^[^-]+ - (.+?) - Outlook$/;
const fromPrefix = /^\s*From:\s*/i;
const fromSelector = '[aria-label^="From:" i]';
const toPrefix = /^\s*To:\s*/i;

/** Everything the page says about the signed-in user; each source may be missing or stale, so all are kept. */
interface Account {
  emails: Set<string>;
  names: Set<string>;
}

/**
 * The signed-in account from the Microsoft "me control" (account manager) that every Outlook web page carries:
 * #mectrl_currentAccount_primary/_secondary hold the name and address; the trigger's aria-label names the user.
 * The tab title ("Mail - Ada Lovelace - Outlook") is the last resort.
 */
function readAccount(doc: Document): Account | undefined {
  const email = readEmail(readText(doc.getElementById('mectrl_currentAccount_secondary')));
  const triggerLabel = readAttribute(
    queryFirst(doc, [
      '#mectrl_main_trigger',
      '#O365_MainLink_Me',
      'button[aria-label^="Account manager for "]',
    ]),
    'aria-label',
  );
  const names = [
    readText(doc.getElementById('mectrl_currentAccount_primary')),
    triggerLabel?.match(/^Account manager for\s+(.+)$/i)?.[1],
    doc.title.match(titleAccount)?.[1],
  ].flatMap((name) => (name ? [name.trim().toLowerCase()] : []));
  const account = { emails: new Set(email ? [email] : []), names: new Set(names) };
  return account.emails.size + account.names.size > 0 ? account : undefined;
}

/**
 * Whether a contact may be the signed-in user: any matching address or name says yes. "No" needs something to compare
 * with; when nothing can be compared, it may be the user, so it is never taken as the prospect.
 */
function isPossiblyAccount(contact: Contact, account: Account): boolean {
  const name = contact.name?.toLowerCase();
  if (contact.email && account.emails.has(contact.email)) return true;
  if (name && account.names.has(name)) return true;
  const canCompare = (contact.email && account.emails.size > 0) || (name && account.names.size > 0);
  return !canCompare;
}

interface Message {
  sender: Contact;
  recipients: Contact[];
  sentAt: number;
}

function readMessage(el: Element): Message | undefined {
  const fromEl = el.querySelector(fromSelector);
  const sender = parseAddressList(readAttribute(fromEl, 'aria-label') ?? '', fromPrefix)[0];
  if (!sender) return undefined;
  const toLabel = readAttribute(el.querySelector('[aria-label^="To:" i]'), 'aria-label') ?? '';
  const time = el.querySelector('[data-testid="SentReceivedSavedTime"]');
  return {
    sender,
    recipients: parseAddressList(toLabel, toPrefix),
    sentAt: Date.parse(readAttribute(time, 'title') ?? readText(time) ?? ''),
  };
}

function sameContact(a: Contact, b: Contact): boolean {
  if (a.email && b.email) return a.email.toLowerCase() === b.email.toLowerCase();
  return !a.email && !b.email && a.name === b.name;
}

/** Timestamps in document order run one way (Outlook's newest-on-top or oldest-on-top setting), all parsed. */
function isConsistentlyOrdered(messages: Message[]): boolean {
  const times = messages.map((message) => message.sentAt);
  if (times.some(Number.isNaN)) return false;
  const pairs = times.slice(1).map((time, i) => time - times[i]!);
  return pairs.every((step) => step >= 0) || pairs.every((step) => step <= 0);
}

/**
 * The latest non-user sender among messages. One distinct sender wins outright. Several are ordered by timestamp,
 * trusted only if every timestamp parses and they run one way in document order: a day/month misread (05/11) or a
 * foreign-language date would break that, and then the answer is null rather than a guess.
 */
function pickLatestOtherSender(messages: Message[], account: Account): Contact | null {
  const fromOthers = messages.filter((message) => !isPossiblyAccount(message.sender, account));
  const first = fromOthers[0];
  if (!first) return null;
  if (fromOthers.every((message) => sameContact(message.sender, first.sender))) return first.sender;
  if (!isConsistentlyOrdered(messages)) return null;
  const latest = fromOthers.reduce((a, b) => (b.sentAt > a.sentAt ? b : a));
  const tied = fromOthers.filter((message) => message.sentAt === latest.sentAt);
  return tied.every((message) => sameContact(message.sender, latest.sender)) ? latest.sender : null;
}

/** Own sent mail: the prospect is its only recipient who is not the user, if there is exactly one. */
function pickSoleRecipient(messages: Message[], account: Account): Contact | null {
  const others: Contact[] = [];
  for (const message of messages) {
    for (const recipient of message.recipients) {
      if (!isPossiblyAccount(recipient, account) && !others.some((known) => sameContact(known, recipient))) {
        others.push(recipient);
      }
    }
  }
  return others.length === 1 && others[0] ? others[0] : null;
}

/**
 * The sender shown in the reading pane (the latest message not sent by the signed-in user), or for the user's own
 * sent mail its sole other recipient. Null when no message is open or the signed-in user cannot be read.
 */
export function findOutlookProspect(doc: Document, url: URL): Prospect | null {
  if (!outlookHosts.has(url.hostname)) return null;
  const pane = queryFirst(doc, ['[role="main"][aria-label="Reading Pane"]', '[aria-label="Reading Pane"]']);
  if (!pane) return null;
  const account = readAccount(doc);
  if (!account) return null;
  const containers = pane.querySelectorAll('[aria-label="Email message"]');
  // Every sender label must sit in a message we read: one outside (a message whose container hook is missing) might
  // be the latest one.
  if (pane.querySelectorAll(fromSelector).length !== containers.length) return null;
  const messages: Message[] = [];
  for (const el of containers) {
    const message = readMessage(el);
    // A message whose sender cannot be read might be the latest one: no answer beats a wrong one.
    if (!message) return null;
    messages.push(message);
  }
  if (messages.length === 0) return null;
  const contact =
    pickLatestOtherSender(messages, account) ??
    (messages.every((message) => isPossiblyAccount(message.sender, account))
      ? pickSoleRecipient(messages, account)
      : null);
  if (!contact) return null;
  return buildProspect('outlook', url, { fullName: contact.name, email: contact.email });
}

/** Outlook swaps the reading pane's content in place; #app (the React root) outlives every view. */
export function findOutlookWatchRoot(doc: Document): Element {
  return doc.getElementById('app') ?? findDocumentRoot(doc);
}

export const outlookAdapter: SiteAdapter = {
  id: 'outlook',
  matches: outlookMatches,
  findProspect: findOutlookProspect,
  watchRoot: findOutlookWatchRoot,
};
