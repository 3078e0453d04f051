import type { CreateFollowUpRequest, CreateLeadRequestInput, Stage } from '@leadlight/contract';

/**
 * Named prospects of the demo database: the people the extension's test pages show (test/fixtures/pages/…), so the
 * overlay finds them when those pages are opened against a demo API. Identities must match the pages exactly.
 * All are fictional (the pages say so), except Bertha Boxer, from Salesforce's public demo-org sample data.
 * Their `.example` domains are reserved, so the default ruleset's junk gate flags them; the demo reconsiders them
 * as a marketer would (that review is part of their history). The ones a rep has talked to carry the occupation
 * the X Education ruleset scores; Jordan Ellis, Bertha Boxer and Omar Haddad were captured without it. Priya Natarajan (Gmail / Outlook thread pages) is
 * deliberately absent: the overlay shows "capture" for her.
 */
export interface DemoProspect {
  /** Which test page shows this person. */
  page: string;
  lead: CreateLeadRequestInput;
  /** Stage to move to after creation (with reason), and touches / answers to log on the way. */
  stage?: { to: Stage; reasonCode?: string; reasonText?: string };
  followUps?: CreateFollowUpRequest[];
  qualification?: { itemId: string; state: 'claimed' | 'verified'; value?: string }[];
  notes?: string[];
}

export const demoProspects: readonly DemoProspect[] = [
  {
    page: 'linkedin/sales-navigator-lead.html, gmail/thread-*.html, outlook/office-*.html',
    lead: {
      person: { fullName: 'Dana Whitfield', title: 'VP Operations', seniority: 'vp' },
      company: {
        name: 'Northwind Traders',
        domain: 'northwind-traders.example',
        size: 1800,
        industry: 'logistics',
      },
      identities: {
        emails: ['dana.whitfield@northwind-traders.example'],
        linkedinUrl: 'https://www.linkedin.com/in/dana-whitfield-7a1b2c/',
        phones: [],
      },
      source: { channel: 'web_form', campaign: 'cold-chain-webinar' },
      tags: ['webinar'],
      // The occupation X Education's form asks (the active ruleset scores it): what their titles say.
      custom: { occupation: 'Working Professional' },
      totals: { visits: 9 },
    },
    stage: { to: 'mql' },
    followUps: [
      { channel: 'call', outcome: 'no_answer' },
      { channel: 'email', outcome: 'replied', note: 'Asked for pricing for 3 sites' },
    ],
    qualification: [{ itemId: 'need', state: 'claimed', value: 'Cold-chain visibility across 3 warehouses' }],
    notes: ['Prefers email; in Europe until Friday.'],
  },
  {
    page: 'outlook/live-reading-pane.html',
    lead: {
      person: { fullName: 'Marco Bianchi', title: 'Managing Director', seniority: 'c_level' },
      company: {
        name: 'Bianchi Logistica',
        domain: 'bianchi-logistica.example',
        size: 240,
        industry: 'logistics',
      },
      identities: { emails: ['marco.bianchi@bianchi-logistica.example'], phones: [] },
      source: { channel: 'referral' },
      tags: ['partner-referral'],
      // The occupation X Education's form asks (the active ruleset scores it): what their titles say.
      custom: { occupation: 'Working Professional' },
    },
    stage: { to: 'sal' },
    followUps: [{ channel: 'call', outcome: 'connected' }],
    qualification: [
      { itemId: 'budget', state: 'claimed', value: 'Budget in the 2027 plan' },
      { itemId: 'authority', state: 'verified', value: 'Signs contracts himself' },
    ],
  },
  {
    page: 'hubspot/contact-record.html',
    lead: {
      person: { fullName: 'Jordan Ellis', title: 'Procurement Manager', seniority: 'manager' },
      company: { name: 'Contoso Freight', domain: 'contoso-freight.example', size: 60 },
      identities: { emails: ['jordan.ellis@contoso-freight.example'], phones: [] },
      source: { channel: 'hubspot', detail: 'contact 51' },
      tags: [],
    },
  },
  {
    page: 'salesforce/lead-record.html',
    lead: {
      person: { fullName: 'Bertha Boxer', title: 'Director of Vendor Relations', seniority: 'director' },
      company: { name: 'Farmers Coop. of Florida', domain: 'fcof.net', industry: 'agriculture' },
      identities: { emails: ['bertha@fcof.net'], phones: ['(850) 644-4200'] },
      source: { channel: 'salesforce', detail: 'Web' },
      tags: ['crm-sync'],
    },
    stage: { to: 'nurture', reasonCode: 'timing', reasonText: 'Re-evaluating vendors next season' },
  },
  {
    page: 'any-page/person-json-ld.html',
    lead: {
      person: { fullName: 'Lena Fischer', title: 'Chief Operating Officer', seniority: 'c_level' },
      company: { name: 'Fischer Kühllogistik GmbH', domain: 'fischer-kuehllogistik.example', size: 420 },
      identities: {
        emails: ['lena.fischer@fischer-kuehllogistik.example'],
        linkedinUrl: 'https://www.linkedin.com/in/lena-fischer-coo/',
        phones: [],
      },
      source: { channel: 'event', campaign: 'logimat-2026' },
      tags: ['event'],
      // The occupation X Education's form asks (the active ruleset scores it): what their titles say.
      custom: { occupation: 'Working Professional' },
    },
    stage: { to: 'mql' },
  },
  {
    page: 'any-page/person-microdata.html',
    lead: {
      person: { fullName: 'Omar Haddad', title: 'Head of IT', seniority: 'director' },
      company: { name: 'Haddad Freight Forwarding', domain: 'haddad-freight.example', size: 35 },
      identities: {
        emails: ['omar@haddad-freight.example'],
        linkedinUrl: 'https://www.linkedin.com/in/omar-haddad-it/',
        phones: [],
      },
      source: { channel: 'organic_search' },
      tags: [],
    },
  },
];
