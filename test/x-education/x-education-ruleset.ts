/**
 * What the X Education ruleset is made of: the features it may score, its gates, and the fitting settings.
 * `fit-ruleset.ts` writes the pre-contact variant to packages/rules/rulesets/x-education.json; the tests refit
 * it from the same train split and check the shipped file is exactly that.
 */
import { fileURLToPath } from 'node:url';
import type { LeadWithOutcome, Rule } from '@leadlight/contract';
import { backtestNow } from './data';
import { type FittedScorecard, fitScorecard, type ScorecardFeature } from './scorecard';

export const shippedRulesetPath = fileURLToPath(
  new URL('../../packages/rules/rulesets/x-education.json', import.meta.url),
);

/** What a form or the website records before anyone from sales talks to the lead. */
export const preContactFeatures: ScorecardFeature[] = [
  {
    type: 'category',
    id: 'origin',
    column: 'Lead Origin',
    name: 'Lead Origin',
    path: 'source.detail',
    kind: 'fit',
  },
  {
    type: 'category',
    id: 'source',
    column: 'Lead Source',
    name: 'Lead Source',
    path: 'source.channel',
    kind: 'fit',
  },
  {
    type: 'category',
    id: 'occupation',
    column: 'What is your current occupation',
    name: 'Occupation',
    path: 'custom.occupation',
    kind: 'fit',
  },
  {
    type: 'category',
    id: 'profile',
    column: 'Lead Profile',
    name: 'Lead Profile',
    path: 'custom.lead_profile',
    kind: 'fit',
  },
  {
    type: 'category',
    id: 'do-not-email',
    column: 'Do Not Email',
    name: 'Do Not Email',
    path: 'custom.do_not_email',
    kind: 'fit',
  },
  {
    type: 'bands',
    id: 'time-on-site',
    column: 'Total Time Spent on Website',
    name: 'Time on website',
    path: 'totals.timeOnSiteSeconds',
    kind: 'engagement',
    bands: [
      { min: 0, max: 0, label: 'none recorded' },
      { min: 1, max: 499, label: '1–499 s' },
      { min: 500, max: 749, label: '500–749 s' },
      { min: 750, label: '750 s or more' },
    ],
  },
  {
    type: 'category',
    id: 'last-activity',
    column: 'Last Activity',
    name: 'Last Activity',
    path: 'totals.lastActivity',
    kind: 'engagement',
  },
  {
    type: 'category',
    id: 'last-notable',
    column: 'Last Notable Activity',
    name: 'Last Notable Activity',
    path: 'custom.last_notable_activity',
    kind: 'engagement',
  },
];

/** Written by sales after contact (Tags, Lead Quality): strong, but only once a rep has talked to the lead. */
export const salesRecordedFeatures: ScorecardFeature[] = [
  { type: 'category', id: 'tag', column: 'Tags', name: 'Tag', path: 'tags', kind: 'fit' },
  {
    type: 'category',
    id: 'lead-quality',
    column: 'Lead Quality',
    name: 'Lead Quality',
    path: 'custom.lead_quality',
    kind: 'fit',
  },
];

/**
 * The export carries no name, email or phone (the case study stripped them); each row is identified by its
 * Prospect ID, which the importer keeps as the external id beside the lead, and the source system that holds
 * the contact details is named by Lead Origin. So the gate asks for a contact channel OR that origin: every
 * X Education row passes, while a lead with neither (nobody to reach, nowhere it came from) is `incomplete`.
 * Requiring an email here would flag all 9,240 rows incomplete, and an incomplete lead can never become MQL.
 */
export const xEducationGates: Rule[] = [
  {
    kind: 'gate',
    gate: 'required',
    id: 'identified',
    label: 'A contact channel, or the origin system that holds it',
    anyOf: ['identities.emails', 'identities.phones', 'identities.linkedinUrl', 'source.detail'],
  },
  {
    kind: 'gate',
    gate: 'junk',
    id: 'test-source',
    label: 'Test lead',
    junk: {
      detector: 'condition',
      when: { op: 'in', path: 'source.channel', values: ['testone', 'test'] },
      reason: 'Lead Source is a test value',
    },
  },
  { kind: 'gate', gate: 'junk', id: 'test-values', label: 'Test lead', junk: { detector: 'test_values' } },
];

export const scorecardSettings = { minLevelCount: 100, l2: 1, pointsPerLogOdds: 10 } as const;

export type XEducationVariant = 'pre-contact' | 'with-sales-notes';

const descriptions: Record<XEducationVariant, string> = {
  'pre-contact':
    'X Education (online courses): scores a lead before sales contacts it. Points were fitted on a 70% train ' +
    'split of the 9,240 historical leads (a logistic regression on these levels, 10 points per unit of ' +
    'log-odds, rounded; levels without a rule score 0); the MQL threshold maximises F1 on that split. The ' +
    'sales-recorded Tags and Lead Quality are deliberately not used. Figures and method: test/x-education/README.md.',
  'with-sales-notes':
    'X Education with the sales-recorded Tags and Lead Quality: for comparison only (those columns exist only ' +
    'after a rep has contacted the lead). Same method as x-education.json.',
};

/** The same fit over another feature list: for the diagnostics of report.ts, never shipped. */
export function fitXEducationDiagnostic(
  train: readonly LeadWithOutcome[],
  id: string,
  features: ScorecardFeature[],
): FittedScorecard {
  return fitScorecard(train, {
    id,
    name: `X Education diagnostic: ${id}`,
    description: 'Diagnostic variant of x-education.json (see test/x-education/report.ts).',
    features,
    gates: xEducationGates,
    now: backtestNow,
    ...scorecardSettings,
  });
}

export function fitXEducationRuleset(
  train: readonly LeadWithOutcome[],
  variant: XEducationVariant,
): FittedScorecard {
  const isPreContact = variant === 'pre-contact';
  return fitScorecard(train, {
    id: isPreContact ? 'x-education' : 'x-education-with-sales-notes',
    name: isPreContact ? 'X Education' : 'X Education (with sales notes)',
    description: descriptions[variant],
    features: isPreContact ? preContactFeatures : [...preContactFeatures, ...salesRecordedFeatures],
    gates: xEducationGates,
    now: backtestNow,
    ...scorecardSettings,
  });
}
