import type { GateRule, JunkDetector, Lead } from '@leadlight/contract';
import { buildConditionNode, buildDomainSet, compileConditionNode } from './conditions';
import { readField, resolveFieldPath } from './field-paths';
import {
  defaultRoleLocalParts,
  defaultTestValues,
  getDisposableDomains,
  reservedEmailDomains,
} from './junk-lists';
import { domainOf, isDomainInSet, isPresent, localPartOf, normalizeText } from './primitives';

export interface GateFinding {
  kind: 'junk' | 'incomplete';
  reason: string;
  field?: string;
}

/** Returns why the lead fails the gate, or null when it passes. */
export type GateCheck = (lead: Lead) => GateFinding | null;

function readEmails(lead: Lead): string[] {
  const emails = lead.identities?.emails;
  if (!Array.isArray(emails)) return [];
  return emails.filter((email): email is string => typeof email === 'string' && email.trim() !== '');
}

function readText(lead: Lead, path: string): string | undefined {
  const resolved = resolveFieldPath(path);
  const value = resolved === null ? undefined : readField(lead, resolved);
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

const testValueFields = ['person.fullName', 'person.firstName', 'person.lastName', 'company.name'] as const;

function compileJunkDetector(label: string, detector: JunkDetector): GateCheck {
  switch (detector.detector) {
    case 'disposable_email': {
      const extra = buildDomainSet(detector.extraDomains);
      const isDisposable = (domain: string) => {
        const { exact, wildcard } = getDisposableDomains();
        return exact.has(domain) || isDomainInSet(domain, wildcard) || isDomainInSet(domain, extra);
      };
      return (lead) => {
        const emails = readEmails(lead);
        if (emails.length === 0) return null;
        for (const email of emails) if (!isDisposable(domainOf(email))) return null;
        const domain = domainOf(emails[0]!);
        return {
          kind: 'junk',
          reason: `${label}: ${domain} is a disposable email domain`,
          field: 'identities.emails',
        };
      };
    }
    case 'test_values': {
      const values = new Set((detector.values ?? defaultTestValues).map(normalizeText));
      const reserved = new Set(reservedEmailDomains);
      return (lead) => {
        for (const path of testValueFields) {
          const text = readText(lead, path);
          if (text !== undefined && values.has(normalizeText(text)))
            return {
              kind: 'junk',
              reason: `${label}: "${text}" in ${path} looks like a test value`,
              field: path,
            };
        }
        for (const email of readEmails(lead)) {
          if (values.has(localPartOf(email)) || isDomainInSet(domainOf(email), reserved))
            return {
              kind: 'junk',
              reason: `${label}: ${email} looks like a test address`,
              field: 'identities.emails',
            };
        }
        return null;
      };
    }
    case 'competitor_domain': {
      const domains = buildDomainSet(detector.domains);
      return (lead) => {
        const companyDomain = readText(lead, 'company.domain');
        if (companyDomain !== undefined && isDomainInSet(domainOf(companyDomain), domains))
          return {
            kind: 'junk',
            reason: `${label}: ${domainOf(companyDomain)} is a competitor`,
            field: 'company.domain',
          };
        for (const email of readEmails(lead)) {
          const domain = domainOf(email);
          if (isDomainInSet(domain, domains))
            return {
              kind: 'junk',
              reason: `${label}: ${domain} is a competitor`,
              field: 'identities.emails',
            };
        }
        return null;
      };
    }
    case 'role_address': {
      const localParts = new Set((detector.localParts ?? defaultRoleLocalParts).map(normalizeText));
      return (lead) => {
        const emails = readEmails(lead);
        if (emails.length === 0) return null;
        for (const email of emails) if (!localParts.has(localPartOf(email))) return null;
        return {
          kind: 'junk',
          reason: `${label}: ${emails.join(', ')} ${emails.length === 1 ? 'is a role address' : 'are role addresses'}, not a person`,
          field: 'identities.emails',
        };
      };
    }
    case 'condition': {
      const holds = compileConditionNode(buildConditionNode(detector.when));
      const reason = `${label}: ${detector.reason}`;
      return (lead) => (holds(lead) ? { kind: 'junk', reason } : null);
    }
  }
}

export function compileGate(rule: GateRule): GateCheck {
  if (rule.gate === 'junk') return compileJunkDetector(rule.label, rule.junk);
  const resolved = rule.anyOf.map((path) => {
    const field = resolveFieldPath(path);
    if (field === null) throw new Error(`unknown field path "${path}": validate the ruleset first`);
    return field;
  });
  const reason = `${rule.label}: needs ${rule.anyOf.join(' or ')}`;
  const field = rule.anyOf[0];
  return (lead) => {
    for (const path of resolved) if (isPresent(readField(lead, path))) return null;
    return { kind: 'incomplete', reason, field };
  };
}
