import type { LeadSummary, LeadView } from '@leadlight/contract';

/* For component tests only: leads shaped exactly as the contract's schemas say the API answers them. */

export const hostileName = '<img src=x onerror=alert(1)>';

export function makeLeadSummary(overrides: Partial<LeadSummary> = {}): LeadSummary {
  return {
    id: 'lead-1',
    version: 1,
    stage: 'mql',
    ownerId: null,
    fullName: 'Ada Lovelace',
    companyName: 'Acme',
    companyDomain: 'acme.test',
    email: 'ada@acme.test',
    source: { channel: 'web_form', campaign: 'spring' },
    tags: [],
    score: 72.4,
    grade: 'B',
    flags: [],
    gate: 'accepted',
    attempts: { made: 2, required: 5 },
    sla: { state: 'ok', dueAt: '2026-11-30T10:00:00.000Z' },
    createdAt: '2026-11-20T09:00:00.000Z',
    updatedAt: '2026-11-21T09:00:00.000Z',
    ...overrides,
  };
}

export function makeLeadView(overrides: Partial<LeadView> = {}): LeadView {
  return {
    ...makeLeadSummary(),
    person: { fullName: 'Ada Lovelace', title: 'Director of Engineering' },
    company: { name: 'Acme', domain: 'acme.test' },
    identities: { emails: ['ada@acme.test'], phones: [] },
    totals: {},
    custom: {},
    qualification: {},
    contributions: [{ label: 'Director title', points: 20 }],
    nextAction: 'Call',
    review: null,
    rulesetId: 'default@1',
    firstTouchedAt: null,
    lastTouchedAt: null,
    mqlAt: '2026-11-20T09:00:00.000Z',
    recycleAt: null,
    hasConverted: null,
    ...overrides,
  };
}
