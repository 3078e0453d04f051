import { ProspectSchema } from '@leadlight/contract';
import { describe, expect, test } from 'vitest';
import { parseHtml } from './fixture-pages';
import { buildProspect, queryFirst, readLinkedinUrl, readText } from './read-dom';

const url = new URL('https://example.com/page');

describe('buildProspect', () => {
  test('normalises email and LinkedIn URL with the contract identity functions', () => {
    expect(
      buildProspect('page', url, {
        fullName: ' Jane Doe ',
        email: 'Jane.Doe@Example.COM',
        linkedinUrl: 'http://de.linkedin.com/in/Jane-Doe/?trk=x',
      }),
    ).toEqual({
      site: 'page',
      pageUrl: url.href,
      fullName: 'Jane Doe',
      email: 'jane.doe@example.com',
      linkedinUrl: 'https://www.linkedin.com/in/jane-doe',
    });
  });

  test('drops an invalid email or LinkedIn URL instead of passing it on', () => {
    expect(
      buildProspect('page', url, {
        fullName: 'Jane',
        email: 'not an email',
        linkedinUrl: 'https://x.example/in/j',
      }),
    ).toEqual({ site: 'page', pageUrl: url.href, fullName: 'Jane' });
  });

  test('null when nothing identifies a person', () => {
    expect(buildProspect('page', url, { headline: 'CEO', companyName: 'Acme' })).toBeNull();
    expect(buildProspect('page', url, { fullName: '   ' })).toBeNull();
  });

  test('clips descriptive text to the contract limits and drops over-long identifying fields', () => {
    const prospect = buildProspect('page', url, {
      fullName: 'x'.repeat(201),
      email: 'a@b.co',
      headline: 'h'.repeat(900),
    });
    expect(prospect?.fullName).toBeUndefined();
    expect(prospect?.headline).toHaveLength(500);
    expect(prospect?.headline?.endsWith('…')).toBe(true);
    expect(ProspectSchema.safeParse(prospect).success).toBe(true);
  });

  test('what it builds is valid against the contract even at every limit', () => {
    const prospect = buildProspect('salesforce', new URL(`https://x.example/${'p'.repeat(3000)}`), {
      fullName: ` ${'n'.repeat(200)} `,
      title: 't'.repeat(301),
      companyName: `${'c'.repeat(199)}  x`,
      location: 'l'.repeat(5000),
      phone: '+1 555 0100',
      crmRecordId: '00Q5g000004FvbZEAS',
    });
    expect(prospect?.pageUrl).toHaveLength(2000);
    expect(ProspectSchema.parse(prospect)).toEqual(prospect);
  });
});

describe('DOM readers', () => {
  const doc = parseHtml(
    '<p id="a">  two\n  words </p><p id="b"></p><i class="x">first</i><i class="y">second</i>',
  );

  test('readText collapses whitespace and treats empty or missing as undefined', () => {
    expect(readText(doc.querySelector('#a'))).toBe('two words');
    expect(readText(doc.querySelector('#b'))).toBeUndefined();
    expect(readText(null)).toBeUndefined();
  });

  test('queryFirst tries selectors in order', () => {
    expect(readText(queryFirst(doc, ['.y', '.x']))).toBe('second');
    expect(queryFirst(doc, ['.none'])).toBeNull();
  });

  test('readLinkedinUrl: company pages are not members', () => {
    expect(readLinkedinUrl('https://www.linkedin.com/company/acme/')).toBeUndefined();
    expect(readLinkedinUrl('/in/someone/overlay/contact-info/')).toBe('https://www.linkedin.com/in/someone');
  });
});
