import type { CreateLeadRequestInput, LeadView } from '@leadlight/contract';
import { expect } from 'vitest';
import { getActiveRuleset } from '../db/active-ruleset';
import { readJson, type TestContext } from './test-context';

/** A lead the default ruleset scores past the MQL threshold (VP, 1,200 people, software, work email, visits). */
export const strongLead = {
  person: { fullName: 'Avery Quinn', title: 'VP Sales', seniority: 'vp' },
  company: { name: 'Quinn Robotics', domain: 'quinn-robotics.com', size: 1200, industry: 'software' },
  identities: {
    emails: ['Avery.Quinn@Quinn-Robotics.com'],
    linkedinUrl: 'https://www.linkedin.com/in/avery-quinn-42/',
    phones: [],
  },
  source: { channel: 'web_form', campaign: 'q4-webinar' },
  tags: ['webinar'],
  totals: { visits: 12 },
} satisfies CreateLeadRequestInput;

/** A lead that passes the gate but stays an inquiry (individual contributor at a small company). */
export const weakLead = {
  person: { fullName: 'Robin Marsh', title: 'Analyst', seniority: 'individual' },
  company: { name: 'Marsh & Daughters', domain: 'marsh-daughters.co.uk', size: 12 },
  identities: { emails: ['robin@marsh-daughters.co.uk'], phones: ['+44 20 7946 0958'] },
  source: { channel: 'paid_search' },
  tags: ['ppc'],
} satisfies CreateLeadRequestInput;

/** Creates a lead through the API as `as` (default marketer) and returns its view; fails the test on refusal. */
export async function createLeadViaApi(
  ctx: TestContext,
  lead: CreateLeadRequestInput,
  options: { as?: 'marketer' | 'admin' } = {},
): Promise<LeadView> {
  const response = await ctx.request('POST', '/api/v1/leads', { as: options.as ?? 'marketer', body: lead });
  const body = await readJson<{ lead: LeadView }>(response);
  expect(response.status, JSON.stringify(body)).toBe(201);
  return body.lead;
}

/** A variant of `lead` with other identities, so several can coexist. */
export function withIdentity(lead: CreateLeadRequestInput, index: number): CreateLeadRequestInput {
  return {
    ...lead,
    person: { ...lead.person, fullName: `${lead.person?.fullName ?? 'Lead'} ${index}` },
    identities: { emails: [`person${index}@${lead.company?.domain ?? 'example-corp.com'}`], phones: [] },
  };
}

/** Attempts the active ruleset asks for before a lead counts as unresponsive (the "of N" in next actions). */
export function requiredAttempts(ctx: TestContext): number {
  return getActiveRuleset(ctx.db).ruleset.followUp.minAttemptsBeforeUnresponsive;
}
