import disposableDomains from 'disposable-email-domains/index.json';
import disposableWildcards from 'disposable-email-domains/wildcard.json';

/*
 * Lists behind the built-in junk detectors. The disposable domains come from the maintained
 * `disposable-email-domains` package (exact domains, plus "wildcard" domains whose subdomains are all
 * disposable); the others are short and conventional, and a ruleset can replace them.
 */

export interface DisposableDomains {
  /** Domains that are disposable themselves. */
  exact: ReadonlySet<string>;
  /** Domains whose every subdomain is disposable too. */
  wildcard: ReadonlySet<string>;
}

let disposable: DisposableDomains | null = null;

/** Built on first use: 120k domains cost a few milliseconds, paid only by rulesets that ask for them. */
export function getDisposableDomains(): DisposableDomains {
  if (disposable === null)
    disposable = { exact: new Set(disposableDomains), wildcard: new Set(disposableWildcards) };
  return disposable;
}

export const defaultTestValues: readonly string[] = [
  'test',
  'testing',
  'tester',
  'test test',
  'test user',
  'asdf',
  'asdfasdf',
  'asdfgh',
  'qwerty',
  'xxx',
  'xxxx',
  'abc',
  'aaa',
  'n/a',
  'none',
  'null',
  'undefined',
  'fake',
  'dummy',
  'foo',
  'bar',
  'foobar',
  'john doe',
  'jane doe',
  'mickey mouse',
  'donald duck',
  'lorem ipsum',
];

/** RFC 2606 / 6761 names that never reach a person. */
export const reservedEmailDomains: readonly string[] = [
  'example.com',
  'example.net',
  'example.org',
  'test',
  'example',
  'invalid',
  'localhost',
];

export const defaultRoleLocalParts: readonly string[] = [
  'info',
  'sales',
  'admin',
  'administrator',
  'support',
  'contact',
  'hello',
  'office',
  'marketing',
  'noreply',
  'no-reply',
  'donotreply',
  'webmaster',
  'postmaster',
  'hostmaster',
  'team',
  'help',
  'billing',
  'accounts',
  'hr',
  'jobs',
  'careers',
  'enquiries',
  'inquiries',
  'press',
  'media',
  'privacy',
  'abuse',
  'security',
  'service',
];
