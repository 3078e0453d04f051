import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  normalizeDomain,
  normalizeEmail,
  normalizeLinkedinUrl,
  normalizePhone,
  parseAddressList,
} from './identity';

const fixtures = new URL('../../../test/fixtures/email/', import.meta.url);

describe('normalizeLinkedinUrl', () => {
  const jeff = 'linkedin.com/in/jeffweiner08';
  // [input, key, kind]. The first rows are URLs taken from real saved LinkedIn pages: yatish27/linkedin-scraper
  // spec/fixtures jeffweiner08.html (2016 public layout) and jgrevich.html (2013, /pub/ URL), and elalienx/scoutr
  // test-websites profile1.ts / profile2.ts (2024 logged-in view).
  const profiles: Array<[string, string, 'in' | 'pub' | 'sales']> = [
    // public-profile-2016.html: <link rel="canonical">
    ['https://www.linkedin.com/in/jeffweiner08', jeff, 'in'],
    // public-profile-2013.html: the page's own old public URL and "people also viewed" links with tracking
    [
      'http://www.linkedin.com/pub/justin-grevich/7/154/181',
      'linkedin.com/pub/justin-grevich/7/154/181',
      'pub',
    ],
    [
      'http://www.linkedin.com/pub/thomas-mcneill/5/518/9a1?trk=pub-pbmap',
      'linkedin.com/pub/thomas-mcneill/5/518/9a1',
      'pub',
    ],
    ['http://www.linkedin.com/in/andygillum?trk=pub-pbmap', 'linkedin.com/in/andygillum', 'in'],
    ['http://www.linkedin.com/in/jeffweiner08', jeff, 'in'],
    // profile-2024-a/b.html: the root-relative contact-info href of the logged-in view
    ['/in/eduardo-alvarez-nowak/overlay/contact-info/', 'linkedin.com/in/eduardo-alvarez-nowak', 'in'],
    [
      '/in/sri-lalitha-jeevanige-35520a61/overlay/contact-info/',
      'linkedin.com/in/sri-lalitha-jeevanige-35520a61',
      'in',
    ],
    // every other real form of the same profile
    ['https://www.linkedin.com/in/jeffweiner08/', jeff, 'in'],
    ['https://www.linkedin.com/in/JeffWeiner08/', jeff, 'in'],
    ['linkedin.com/in/jeffweiner08', jeff, 'in'],
    ['www.linkedin.com/in/jeffweiner08/', jeff, 'in'],
    ['//www.linkedin.com/in/jeffweiner08', jeff, 'in'],
    ['  https://www.linkedin.com/in/jeffweiner08  ', jeff, 'in'],
    ['https://www.linkedin.com/in/jeffweiner08?trk=public_profile_browsemap', jeff, 'in'],
    ['https://www.linkedin.com/in/jeffweiner08/#experience', jeff, 'in'],
    ['https://www.linkedin.com/in/jeffweiner08/?locale=de_DE', jeff, 'in'],
    ['https://www.linkedin.com/in/jeffweiner08/en', jeff, 'in'],
    ['https://www.linkedin.com/in/jeffweiner08/de/', jeff, 'in'],
    ['https://www.linkedin.com/in/jeffweiner08/recent-activity/all/', jeff, 'in'],
    ['https://uk.linkedin.com/in/jeffweiner08', jeff, 'in'],
    ['https://de.linkedin.com/in/jeffweiner08/en', jeff, 'in'],
    ['https://m.linkedin.com/in/jeffweiner08', jeff, 'in'],
    ['https://www.linkedin.com/mwlite/in/jeffweiner08', jeff, 'in'],
    ['HTTPS://WWW.LINKEDIN.COM/in/jeffweiner08', jeff, 'in'],
    ['https://www.linkedin.com./in/jeffweiner08', jeff, 'in'],
    // non-ASCII slugs arrive percent-encoded or raw; both give the decoded, lowercased key
    ['https://www.linkedin.com/in/j%C3%B3zef-nowak-12345/', 'linkedin.com/in/józef-nowak-12345', 'in'],
    ['https://pl.linkedin.com/in/Józef-Nowak-12345', 'linkedin.com/in/józef-nowak-12345', 'in'],
    // member urn ids in /in/ keep their case: they are base64-like
    ['https://www.linkedin.com/in/ACoAAAGxJ5gBc7n9', 'linkedin.com/in/ACoAAAGxJ5gBc7n9', 'in'],
    // old /pub/ form: groups lowercased, tracking dropped
    [
      'https://www.linkedin.com/pub/Tania-Quesada/53/178/A7/',
      'linkedin.com/pub/tania-quesada/53/178/a7',
      'pub',
    ],
    // Sales Navigator: keyed on the member id, whatever the search context after it
    [
      'https://www.linkedin.com/sales/lead/ACwAAAAWHTsBYJ8Y5i8bOjDPmTLVbJT-2ZBXeBM,NAME_SEARCH,y6Tq',
      'linkedin.com/sales/lead/ACwAAAAWHTsBYJ8Y5i8bOjDPmTLVbJT-2ZBXeBM',
      'sales',
    ],
    [
      'https://www.linkedin.com/sales/people/ACwAAAAWHTsBYJ8Y5i8bOjDPmTLVbJT-2ZBXeBM,name,OUT_OF_NETWORK?trk=x',
      'linkedin.com/sales/lead/ACwAAAAWHTsBYJ8Y5i8bOjDPmTLVbJT-2ZBXeBM',
      'sales',
    ],
    [
      'https://www.linkedin.com/sales/lead/ACwAAAAWHTsBYJ8Y5i8bOjDPmTLVbJT-2ZBXeBM%2CNAME_SEARCH%2Cy6Tq',
      'linkedin.com/sales/lead/ACwAAAAWHTsBYJ8Y5i8bOjDPmTLVbJT-2ZBXeBM',
      'sales',
    ],
  ];

  it.each(profiles)('%s → %s', (input, key, kind) => {
    expect(normalizeLinkedinUrl(input)).toEqual({ ok: true, key, kind });
  });

  it.each(profiles)('its key for %s normalises to itself', (input) => {
    const first = normalizeLinkedinUrl(input);
    expect(first.ok && normalizeLinkedinUrl(first.key)).toEqual(first);
  });

  const refusals: Array<[string, RegExp]> = [
    ['https://lnkd.in/dQw4w9Wg', /network request/],
    ['lnkd.in/eXaMpLe', /short link/],
    ['https://www.linkedin.com/company/linkedin/', /company page/],
    ['https://www.linkedin.com/feed/', /feed page/],
    ['https://www.linkedin.com/jobs/view/3791234567/', /jobs page/],
    ['https://www.linkedin.com/school/stanford-university/', /school page/],
    ['https://www.linkedin.com/pulse/some-article-jeff-weiner', /pulse page/],
    // public-profile-2016.html links to the directory search for the same name
    ['https://www.linkedin.com/pub/dir/Jeff/Weiner', /people search/],
    // public-profile-2013.html: legacy numeric links
    ['http://www.linkedin.com/profile/view?id=21261553&authType=name&authToken=8INu', /legacy/],
    ['https://www.linkedin.com/in/', /without a profile slug/],
    ['https://www.linkedin.com/', /home page/],
    ['https://www.linkedin.com/sales/search/people?query=x', /not a lead or people profile/],
    ['https://www.linkedin.com.evil.example/in/jeffweiner08', /not a LinkedIn host/],
    ['https://notlinkedin.com/in/jeffweiner08', /not a LinkedIn host/],
    ['javascript:alert(1)//linkedin.com/in/x', /unsupported scheme/],
    ['https://www.linkedin.com/in/%E0%A4%A', /percent-encoding/],
    ['', /empty/],
    ['Jeff Weiner', /not a URL|not a LinkedIn host/],
  ];

  it.each(refusals)('refuses %s', (input, reason) => {
    const result = normalizeLinkedinUrl(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

describe('normalizeEmail', () => {
  it('takes hosts that URL parsing would leave unchanged without parsing them, to the same result', () => {
    // The host normalisation as it was before its fast path: WHATWG URL parsing for every host.
    const referenceHost = (raw: string): string | null => {
      const trimmed = raw.trim().replace(/\.$/, '');
      if (trimmed === '' || /[\s/\\?#@:[\]]/.test(trimmed)) return null;
      let host: string;
      try {
        host = new URL(`http://${trimmed}`).hostname;
      } catch {
        return null;
      }
      const labels = host.split('.');
      if (labels.length < 2 || host.length > 253) return null;
      if (!labels.every((label) => /^(?!-)[a-z0-9-]{1,63}(?<!-)$/.test(label))) return null;
      if (/^\d+$/.test(labels[labels.length - 1] ?? '')) return null;
      return host;
    };
    const label = fc.oneof(
      fc.stringMatching(/^[a-z0-9-]{0,8}$/),
      fc.constantFrom('xn--', 'xn--bcher-kva', 'xn--zz', '0x7f', '07', '255', 'a'.repeat(64), 'Ex', 'ü'),
    );
    const host = fc.array(label, { minLength: 1, maxLength: 5 }).map((labels) => labels.join('.'));
    fc.assert(
      fc.property(host, (domain) => {
        const reference = referenceHost(domain);
        expect(normalizeEmail(`jane@${domain}`)).toBe(reference === null ? null : `jane@${reference}`);
      }),
      { numRuns: 3000 },
    );
  });

  const accepted: Array<[string, string]> = [
    ['jane@example.com', 'jane@example.com'],
    ['  Jane@Example.COM \n', 'jane@example.com'],
    ['"Jane Doe" <Jane@Example.COM>', 'jane@example.com'],
    ['Jane Doe <jane@example.com>', 'jane@example.com'],
    ['<jane@example.com>', 'jane@example.com'],
    ['mailto:Jane@Example.com', 'jane@example.com'],
    ['MAILTO:jane%2Bleads@example.com?subject=Hello', 'jane+leads@example.com'],
    ['jane.doe+crm@sub.example.co.uk', 'jane.doe+crm@sub.example.co.uk'],
    ["o'neill@example.ie", "o'neill@example.ie"],
    ['user@münchen.de', 'user@xn--mnchen-3ya.de'],
    ['jüri@example.ee', 'jüri@example.ee'],
    ['=?UTF-8?Q?J=C3=BCri?= <juri@example.ee>', 'juri@example.ee'],
  ];
  it.each(accepted)('%s → %s', (input, expected) => {
    expect(normalizeEmail(input)).toBe(expected);
  });

  const refused = [
    '',
    '   ',
    'jane',
    'jane@',
    '@example.com',
    'jane@example',
    'jane@@example.com',
    'jane@example..com',
    'jane.@example.com',
    '.jane@example.com',
    'ja ne@example.com',
    'jane@-example.com',
    'jane@example.com, joe@example.com',
    '"a@b.com"@evil.example',
    'user@[192.168.1.1]',
    'user@192.168.1.1',
    `${'a'.repeat(65)}@example.com`,
    'Jane Doe',
    'mailto:',
  ];
  it.each(refused)('refuses %j', (input) => {
    expect(normalizeEmail(input)).toBeNull();
  });
});

type NodemailerMailbox = { name: string; address?: string; group?: NodemailerMailbox[] };
type Vector = {
  test: string;
  calls: Array<{ input: string; options: unknown; output: NodemailerMailbox[] }>;
};

describe('parseAddressList against nodemailer addressparser vectors', () => {
  const vectors = JSON.parse(
    readFileSync(new URL('addressparser-vectors-nodemailer.json', fixtures), 'utf8'),
  ) as Vector[];

  // What we return for what nodemailer returns: groups flattened, addresses normalised (lowercased, punycode), empty
  // names omitted, and only addresses normalizeEmail accepts; bare names (no address) are left out.
  function expectedFromNodemailer(output: NodemailerMailbox[]) {
    return output
      .flatMap((entry) => (entry.group ? entry.group : [entry]))
      .flatMap((entry) => {
        const email = normalizeEmail(entry.address ?? '');
        const name = entry.name.trim();
        if (email === null) return [];
        return [name === '' ? { email } : { name, email }];
      });
  }

  // The vectors where nodemailer returns an address that we leave out, by design, and why.
  const quotedLocal = 'quoted local part: refused (no lead needs one; "a@b"@c is a confusion attack)';
  const literal = 'malformed or address literal: not one valid host name';
  const refusedByDesign: Record<string, string> = {
    'should not let an unclosed address literal swallow later recipients': literal,
    'should split on a comma following an unclosed address literal': `${literal}; "c@d" has a single-label domain`,
    'should handle invalid email address correctly': 'two @ signs',
    'should handle quoted usernames': quotedLocal,
    'should not extract email from quoted local-part (security)': quotedLocal,
    'should handle quoted local-part with attacker domain (security)': quotedLocal,
    'should handle multiple @ in quoted local-part (security)': quotedLocal,
    'should handle quoted local-part with angle brackets': quotedLocal,
    'should handle escaped quotes in quoted string': quotedLocal,
    'should handle escaped backslashes': quotedLocal,
    'should handle deeply nested quotes': quotedLocal,
    'should not extract from quoted text even with spaces': quotedLocal,
    'should handle very long local-part': 'local part over the 64 octets RFC 5321 allows',
    'should handle very long domain': 'domain label over the 63 octets RFC 1035 allows',
    'should not have ReDoS vulnerability with many @ symbols': 'not an address',
    'should handle double @ (malformed)': 'two @ signs',
    'should handle address with no domain': 'no domain',
    'should handle address with no local part': 'no local part',
    'should handle IPv4 address as domain': literal,
    'should handle IPv6 address notation': literal,
    'should keep a colon inside an address literal': literal,
  };
  // And where we return a different spelling of nodemailer's address.
  const rewrittenByDesign: Record<string, string> = {
    'should handle unicode domain (IDN)': 'IDN domain kept as punycode: user@xn--mnchen-3ya.de',
    'should handle mixed case in domain': 'lowercased: user@example.com',
  };

  const calls = vectors.flatMap((vector) =>
    vector.calls.map((call, index) => ({ name: `${vector.test} #${index + 1}`, test: vector.test, ...call })),
  );

  it('covers every vector', () => {
    expect(vectors).toHaveLength(95);
    expect(calls).toHaveLength(98);
  });

  it('lists exactly the vectors whose addresses we refuse or rewrite', () => {
    const refused = new Set<string>();
    const rewritten = new Set<string>();
    for (const { test, output } of calls) {
      for (const entry of output.flatMap((item) => (item.group ? item.group : [item]))) {
        if (!entry.address) continue;
        const email = normalizeEmail(entry.address);
        if (email === null) refused.add(test);
        else if (email !== entry.address) rewritten.add(test);
      }
    }
    expect([...refused].sort()).toEqual(Object.keys(refusedByDesign).sort());
    expect([...rewritten].sort()).toEqual(Object.keys(rewrittenByDesign).sort());
  });

  it.each(calls)('$name', ({ input, output }) => {
    expect(parseAddressList(input)).toEqual(expectedFromNodemailer(output));
  });

  it('keeps the order and names of a nodemailer-style comma-in-name list', () => {
    expect(parseAddressList('a@b.com, Foo, Bar <c@d.com>, e@f.com')).toEqual([
      { email: 'a@b.com' },
      { name: 'Foo, Bar', email: 'c@d.com' },
      { email: 'e@f.com' },
    ]);
  });
});

/** Header values of a raw message, unfolded (RFC 5322 §2.2.3), by lowercase name. */
function readHeaders(file: string): Map<string, string[]> {
  const raw = readFileSync(new URL(`eml/${file}`, fixtures), 'latin1');
  const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const headers = new Map<string, string[]>();
  for (const line of head.replace(/\r?\n[ \t]/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  return headers;
}

describe('normalizeEmail on real message headers', () => {
  // [file, header, expected address]
  const cases: Array<[string, 'from' | 'sender' | 'reply-to', string]> = [
    ['mailparser__spam.eml', 'from', 'noreply@guide-des-vins-de-bourgogne.fr'],
    ['mailparser__spam.eml', 'reply-to', 'noreply@guide-des-vins-de-bourgogne.fr'],
    ['postal-mime__calendar-event.eml', 'from', 'andris@postalsys.com'],
    ['postal-mime__calendar-event.eml', 'sender', 'calendar-notification@google.com'],
    ['postal-mime__calendar-event.eml', 'reply-to', 'andris@postalsys.com'],
    ['postal-mime__bounce.eml', 'from', 'mailer-daemon@messagingengine.com'],
    ['postal-mime__arf.eml', 'from', 'abusedesk@example.com'],
    ['mailparser__decoderended.eml', 'from', 'booewq@uuui.com'],
    ['mailparser__nodemailer.eml', 'from', 'andris@kreata.ee'],
    ['nodemailer__dkim_message1.eml', 'from', 'andris@kreata.ee'],
    ['mailparser__examples_simple.eml', 'from', 'andris@kreata.ee'],
    ['mailparser__delivery-status.eml', 'from', 'mailer-daemon@amazonses.com'],
  ];

  it.each(cases)('%s %s → %s', (file, header, expected) => {
    const values = readHeaders(file).get(header);
    expect(values).toHaveLength(1);
    expect(normalizeEmail(values?.[0] ?? '')).toBe(expected);
  });

  it('keeps display names when parsing a real To: list', () => {
    const to = readHeaders('mailparser__nodemailer.eml').get('to')?.[0] ?? '';
    expect(parseAddressList(to)).toEqual([
      { name: 'Andris Reinman', email: 'andris+123@kreata.ee' },
      { email: 'andris.reinman@gmail.com' },
    ]);
  });

  it('reads every copied message without error', () => {
    const files = readdirSync(new URL('eml/', fixtures)).filter((file) => file.endsWith('.eml'));
    expect(files.length).toBeGreaterThanOrEqual(9);
    for (const file of files) {
      const from = readHeaders(file).get('from')?.[0];
      expect(from && normalizeEmail(from), file).toMatch(/^[^@\s]+@[a-z0-9.-]+$/);
    }
  });

  it('does not merge a bare name into a quoted display name', () => {
    expect(parseAddressList('a, "b, c" <B@X.com>')).toEqual([{ name: 'b, c', email: 'b@x.com' }]);
    expect(parseAddressList('Doe, Jane <jane@x.com>')).toEqual([{ name: 'Doe, Jane', email: 'jane@x.com' }]);
  });

  it('parses a header that still carries its name', () => {
    expect(parseAddressList('To: a@x.com, "b, c" <B@X.com>')).toEqual([
      { email: 'a@x.com' },
      { name: 'b, c', email: 'b@x.com' },
    ]);
  });
});

describe('normalizeDomain', () => {
  const cases: Array<[string, string | null]> = [
    ['example.com', 'example.com'],
    ['WWW.Example.COM', 'example.com'],
    ['https://www.example.com/pricing?utm=1', 'example.com'],
    ['http://example.com:8080/', 'example.com'],
    ['//example.com/path', 'example.com'],
    ['example.com.', 'example.com'],
    ['jane@Mail.Example.co.uk', 'mail.example.co.uk'],
    ['"Jane" <jane@www.example.com>', 'example.com'],
    ['mailto:jane@example.com', 'example.com'],
    ['münchen.de', 'xn--mnchen-3ya.de'],
    ['https://xn--mnchen-3ya.de/', 'xn--mnchen-3ya.de'],
    ['www2.example.com', 'www2.example.com'],
    ['localhost', null],
    ['192.168.0.1', null],
    ['http://[::1]/', null],
    ['www.com', null],
    ['ftp://example.com', null],
    ['not a domain', null],
    ['', null],
  ];
  it.each(cases)('%s → %s', (input, expected) => {
    expect(normalizeDomain(input)).toBe(expected);
  });
});

describe('normalizePhone', () => {
  const cases: Array<[string, string | null]> = [
    // Salesforce demo-org lead phones (test/fixtures/crm)
    ['(434) 369-3100', '4343693100'],
    ['(850) 644-4200', '8506444200'],
    ['+1 (434) 369-3100', '+14343693100'],
    ['+44 20 7946 0958', '+442079460958'],
    ['0044 20 7946 0958', '+442079460958'],
    ['tel:+1-434-369-3100', '+14343693100'],
    ['+1 434 369 3100 ext. 12', '+14343693100'],
    ['434.369.3100 x12', '4343693100'],
    ['+49 (0)30 1234567', '+49301234567'],
    ['1-800-FLOWERS', null],
    ['12345', null],
    ['+1234567890123456', null],
    [`+1${' '.repeat(200)}434 369 3100`, null],
    ['', null],
  ];
  it.each(cases)('%s → %s', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });
});
