import {
  type Company,
  type Identities,
  normalizeDomain,
  normalizeEmail,
  normalizeLinkedinUrl,
  normalizePhone,
} from '@leadlight/contract';
import { badRequest } from './errors';

export type IdentityKind = 'email' | 'linkedin' | 'phone';
export interface IdentityKey {
  kind: IdentityKind;
  value: string;
}

export interface NormalizedIdentities {
  identities: Identities;
  keys: IdentityKey[];
  domain: string | null;
}

/** The display form of a LinkedIn key ("linkedin.com/in/jane" → "https://www.linkedin.com/in/jane"). */
export function toLinkedinUrl(key: string): string {
  return `https://www.${key}`;
}

/**
 * Normalises a lead's identities with contract's normalisers (the same keys the extension computes). An identity
 * that cannot be normalised is a 400 naming the field: better than storing a key no lookup will ever find.
 */
export function normalizeLeadIdentities(identities: Identities, company: Company): NormalizedIdentities {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const emails: string[] = [];
  identities.emails.forEach((raw, index) => {
    const email = normalizeEmail(raw);
    if (email === null)
      problems.push({ path: ['identities', 'emails', index], message: `Not an email: ${raw}` });
    else if (!emails.includes(email)) emails.push(email);
  });
  let linkedinKey: string | null = null;
  if (identities.linkedinUrl !== undefined && identities.linkedinUrl !== '') {
    const result = normalizeLinkedinUrl(identities.linkedinUrl);
    if (result.ok) linkedinKey = result.key;
    else problems.push({ path: ['identities', 'linkedinUrl'], message: result.reason });
  }
  const phones: string[] = [];
  identities.phones.forEach((raw, index) => {
    const phone = normalizePhone(raw);
    if (phone === null)
      problems.push({ path: ['identities', 'phones', index], message: `Not a phone number: ${raw}` });
    else if (!phones.includes(phone)) phones.push(phone);
  });
  let domain: string | null = null;
  if (company.domain !== undefined && company.domain !== '') {
    domain = normalizeDomain(company.domain);
    if (domain === null)
      problems.push({ path: ['company', 'domain'], message: `Not a domain: ${company.domain}` });
  }
  if (problems.length > 0) {
    throw badRequest('invalid_identity', 'Some identities cannot be normalised', { issues: problems });
  }
  const keys: IdentityKey[] = [
    ...emails.map((value) => ({ kind: 'email' as const, value })),
    ...(linkedinKey === null ? [] : [{ kind: 'linkedin' as const, value: linkedinKey }]),
    ...phones.map((value) => ({ kind: 'phone' as const, value })),
  ];
  const normalized: Identities = { emails, phones };
  if (linkedinKey !== null) normalized.linkedinUrl = toLinkedinUrl(linkedinKey);
  return { identities: normalized, keys, domain };
}

/** The name + company lookup key: case, accents, punctuation and spacing do not matter. */
export function createNameKey(fullName: string | undefined, companyName: string | undefined): string | null {
  if (!fullName || !companyName) return null;
  const clean = (value: string) =>
    value
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
  const name = clean(fullName);
  const company = clean(companyName);
  return name === '' || company === '' ? null : `${name}|${company}`;
}
