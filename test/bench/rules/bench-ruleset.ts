import type { Lead, RulesetInput } from '@leadlight/contract';
import type { ScoreSummary } from '@leadlight/rules';

/**
 * The benchmark's 20 simple rules on X Education leads (as mapped by @leadlight/import), and the same rules
 * written by hand in TypeScript: the practical speed limit. bench-ruleset.test.ts proves both (and the
 * json-rules-engine translation) score every X Education lead identically.
 */
export const benchRuleset: RulesetInput = {
  id: 'bench-x-education',
  name: 'Bench: 20 simple rules on X Education',
  version: 1,
  rules: [
    {
      kind: 'fit',
      id: 'working',
      label: 'Working professional',
      when: { op: 'equals', path: 'custom.occupation', value: 'Working Professional' },
      points: 25,
    },
    {
      kind: 'fit',
      id: 'student',
      label: 'Student',
      when: { op: 'equals', path: 'custom.occupation', value: 'Student' },
      points: -5,
    },
    {
      kind: 'fit',
      id: 'reference',
      label: 'Came by reference',
      when: { op: 'equals', path: 'source.channel', value: 'Reference' },
      points: 20,
    },
    {
      kind: 'fit',
      id: 'welingak',
      label: 'Welingak website',
      when: { op: 'equals', path: 'source.channel', value: 'Welingak Website' },
      points: 25,
    },
    {
      kind: 'fit',
      id: 'olark',
      label: 'Olark chat',
      when: { op: 'equals', path: 'source.channel', value: 'Olark Chat' },
      points: -5,
    },
    {
      kind: 'fit',
      id: 'add-form',
      label: 'Lead add form',
      when: { op: 'equals', path: 'source.detail', value: 'Lead Add Form' },
      points: 25,
    },
    {
      kind: 'fit',
      id: 'landing',
      label: 'Landing page',
      when: { op: 'equals', path: 'source.detail', value: 'Landing Page Submission' },
      points: 3,
    },
    {
      kind: 'fit',
      id: 'no-email',
      label: 'Do not email',
      when: { op: 'equals', path: 'custom.do_not_email', value: true },
      points: -10,
    },
    {
      kind: 'fit',
      id: 'india',
      label: 'In India',
      when: { op: 'equals', path: 'company.country', value: 'India' },
      points: 2,
    },
    {
      kind: 'fit',
      id: 'quality',
      label: 'Relevant by sales',
      when: { op: 'in', path: 'custom.lead_quality', values: ['High in Relevance', 'Might be'] },
      points: 10,
    },
    {
      kind: 'fit',
      id: 'will-revert',
      label: 'Will revert',
      when: { op: 'contains', path: 'tags', value: 'will revert' },
      points: 20,
    },
    {
      kind: 'fit',
      id: 'ringing',
      label: 'Ringing',
      when: { op: 'equals', path: 'tags', value: 'Ringing' },
      points: -10,
    },
    {
      kind: 'fit',
      id: 'active-high',
      label: 'High activity index',
      when: { op: 'equals', path: 'custom.asymmetrique_activity_index', value: 'High' },
      points: 5,
    },
    {
      kind: 'engagement',
      basis: 'condition',
      id: 'sms',
      label: 'SMS sent',
      when: { op: 'equals', path: 'totals.lastActivity', value: 'SMS Sent' },
      points: 15,
    },
    {
      kind: 'engagement',
      basis: 'condition',
      id: 'opened',
      label: 'Email opened',
      when: { op: 'equals', path: 'totals.lastActivity', value: 'Email Opened' },
      points: 5,
    },
    {
      kind: 'engagement',
      basis: 'condition',
      id: 'chat-only',
      label: 'Chat or converted only',
      when: {
        op: 'in',
        path: 'totals.lastActivity',
        values: ['Olark Chat Conversation', 'Converted to Lead'],
      },
      points: -5,
    },
    {
      kind: 'engagement',
      basis: 'total',
      id: 'time',
      label: 'Time on site',
      total: 'timeOnSiteSeconds',
      pointsPerUnit: 0.02,
      cap: 30,
    },
    {
      kind: 'engagement',
      basis: 'total',
      id: 'visits',
      label: 'Visits',
      total: 'visits',
      pointsPerUnit: 1,
      cap: 5,
    },
    {
      kind: 'engagement',
      basis: 'condition',
      id: 'pages',
      label: '2–5 pages a visit',
      when: { op: 'between', path: 'totals.pageViewsPerVisit', min: 2, max: 5 },
      points: 3,
    },
    {
      kind: 'gate',
      gate: 'junk',
      id: 'test-source',
      label: 'Test lead',
      junk: {
        detector: 'condition',
        when: { op: 'equals', path: 'source.channel', value: 'testone' },
        reason: 'Lead Source is a test value',
      },
    },
  ],
  thresholds: { mql: 40, grades: { A: 40, B: 25, C: 10 }, sql: { minVerified: 2 } },
};

const text = (value: unknown) => (typeof value === 'string' ? value.trim().toLowerCase() : undefined);

function scalePoints(units: number, pointsPerUnit: number, cap: number): number {
  let raw = units * pointsPerUnit;
  if (raw > cap) raw = cap;
  else if (raw < -cap) raw = -cap;
  const rounded = raw < 0 ? -Math.round(-raw) : Math.round(raw);
  return rounded === 0 ? 0 : rounded;
}

function isVerified(lead: Lead, item: string): boolean {
  return Object.hasOwn(lead.qualification, item) && lead.qualification[item]!.state === 'verified';
}

/** The same 20 rules, by hand: what a developer would write without a rules engine. */
export function scoreByHand(lead: Lead): ScoreSummary {
  const custom = lead.custom;
  const occupation = text(custom.occupation);
  const channel = text(lead.source.channel);
  const origin = text(lead.source.detail);
  const lastActivity = text(lead.totals.lastActivity);
  const quality = text(custom.lead_quality);
  let fit = 0;
  let engagement = 0;
  if (occupation === 'working professional') fit += 25;
  if (occupation === 'student') fit -= 5;
  if (channel === 'reference') fit += 20;
  if (channel === 'welingak website') fit += 25;
  if (channel === 'olark chat') fit -= 5;
  if (origin === 'lead add form') fit += 25;
  if (origin === 'landing page submission') fit += 3;
  if (custom.do_not_email === true) fit -= 10;
  if (text(lead.company.country) === 'india') fit += 2;
  if (quality === 'high in relevance' || quality === 'might be') fit += 10;
  let willRevert = false;
  let ringing = false;
  for (const tag of lead.tags) {
    const normalized = tag.trim().toLowerCase();
    if (normalized.includes('will revert')) willRevert = true;
    if (normalized === 'ringing') ringing = true;
  }
  if (willRevert) fit += 20;
  if (ringing) fit -= 10;
  if (text(custom.asymmetrique_activity_index) === 'high') fit += 5;
  if (lastActivity === 'sms sent') engagement += 15;
  if (lastActivity === 'email opened') engagement += 5;
  if (lastActivity === 'olark chat conversation' || lastActivity === 'converted to lead') engagement -= 5;
  const { timeOnSiteSeconds, visits, pageViewsPerVisit } = lead.totals;
  if (typeof timeOnSiteSeconds === 'number') engagement += scalePoints(timeOnSiteSeconds, 0.02, 30);
  if (typeof visits === 'number') engagement += scalePoints(visits, 1, 5);
  if (typeof pageViewsPerVisit === 'number' && pageViewsPerVisit >= 2 && pageViewsPerVisit <= 5)
    engagement += 3;
  const isJunk = channel === 'testone';
  const total = fit + engagement;
  let verified = 0;
  for (const item of ['budget', 'authority', 'need', 'timeline']) if (isVerified(lead, item)) verified += 1;
  const grade = fit >= 40 ? 'A' : fit >= 25 ? 'B' : fit >= 10 ? 'C' : 'D';
  const suggestedStage = isJunk ? 'disqualified' : verified >= 2 ? 'sql' : total >= 40 ? 'mql' : 'inquiry';
  return { fit, engagement, qualification: 0, total, grade, suggestedStage, isJunk, isIncomplete: false };
}

/**
 * The same rules compared byte for byte (no trim, no lower-casing), as a quick script would: not Leadlight's
 * semantics, but it shows what case-insensitive text costs. On X Education it scores identically.
 */
export function scoreByHandCaseSensitive(lead: Lead): ScoreSummary {
  const { custom, source, totals } = lead;
  const occupation = custom.occupation;
  const channel = source.channel;
  const origin = source.detail;
  const lastActivity = totals.lastActivity;
  const quality = custom.lead_quality;
  let fit = 0;
  let engagement = 0;
  if (occupation === 'Working Professional') fit += 25;
  if (occupation === 'Student') fit -= 5;
  if (channel === 'Reference') fit += 20;
  if (channel === 'Welingak Website') fit += 25;
  if (channel === 'Olark Chat') fit -= 5;
  if (origin === 'Lead Add Form') fit += 25;
  if (origin === 'Landing Page Submission') fit += 3;
  if (custom.do_not_email === true) fit -= 10;
  if (lead.company.country === 'India') fit += 2;
  if (quality === 'High in Relevance' || quality === 'Might be') fit += 10;
  let willRevert = false;
  let ringing = false;
  for (const tag of lead.tags) {
    if (tag.includes('Will revert') || tag.includes('will revert')) willRevert = true;
    if (tag === 'Ringing') ringing = true;
  }
  if (willRevert) fit += 20;
  if (ringing) fit -= 10;
  if (custom.asymmetrique_activity_index === 'High') fit += 5;
  if (lastActivity === 'SMS Sent') engagement += 15;
  if (lastActivity === 'Email Opened') engagement += 5;
  if (lastActivity === 'Olark Chat Conversation' || lastActivity === 'Converted to Lead') engagement -= 5;
  const { timeOnSiteSeconds, visits, pageViewsPerVisit } = totals;
  if (typeof timeOnSiteSeconds === 'number') engagement += scalePoints(timeOnSiteSeconds, 0.02, 30);
  if (typeof visits === 'number') engagement += scalePoints(visits, 1, 5);
  if (typeof pageViewsPerVisit === 'number' && pageViewsPerVisit >= 2 && pageViewsPerVisit <= 5)
    engagement += 3;
  const isJunk = channel === 'testone';
  const total = fit + engagement;
  let verified = 0;
  for (const item of ['budget', 'authority', 'need', 'timeline']) if (isVerified(lead, item)) verified += 1;
  const grade = fit >= 40 ? 'A' : fit >= 25 ? 'B' : fit >= 10 ? 'C' : 'D';
  const suggestedStage = isJunk ? 'disqualified' : verified >= 2 ? 'sql' : total >= 40 ? 'mql' : 'inquiry';
  return { fit, engagement, qualification: 0, total, grade, suggestedStage, isJunk, isIncomplete: false };
}
