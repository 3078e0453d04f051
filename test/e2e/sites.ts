import type { CreateLeadRequestInput, Stage } from '@leadlight/contract';
import type { LookupIdentity } from './harness/api-client';

/** A fixture page served at the real URL the content script matches. */
export interface SitePage {
  url: string;
  /** Path under test/fixtures/pages. */
  file: string;
  /** How the API finds the person the page shows (what the adapter reads from it). */
  identity: LookupIdentity;
}

export interface SiteCase {
  site: 'linkedin' | 'gmail' | 'outlook' | 'salesforce' | 'hubspot';
  /** A page whose prospect the test seeds as a lead first (moved on to `stage` when given). */
  known: SitePage & { lead: CreateLeadRequestInput; stage?: Stage };
  /** A page whose prospect no lead names yet: the overlay offers to capture it. */
  unknown: SitePage;
}

/**
 * One known and one unknown prospect per site, from the saved and reconstructed pages in test/fixtures/pages (each
 * page's header names the person it shows). Different people throughout, so no test sees another test's lead.
 */
export const siteCases: readonly SiteCase[] = [
  {
    site: 'linkedin',
    known: {
      url: 'https://www.linkedin.com/in/eduardo-alvarez-nowak/',
      file: 'linkedin/profile-2024-a.html',
      identity: { linkedin: 'https://www.linkedin.com/in/eduardo-alvarez-nowak' },
      lead: {
        person: { fullName: 'Eduardo Alvarez Nowak', title: 'Tech Education Lead' },
        company: { name: 'Novare Potential' },
        identities: { linkedinUrl: 'https://www.linkedin.com/in/eduardo-alvarez-nowak' },
        source: { channel: 'linkedin' },
      },
      stage: 'mql',
    },
    unknown: {
      url: 'https://www.linkedin.com/in/sri-lalitha-jeevanige-35520a61/',
      file: 'linkedin/profile-2024-b.html',
      identity: { linkedin: 'https://www.linkedin.com/in/sri-lalitha-jeevanige-35520a61' },
    },
  },
  {
    site: 'gmail',
    known: {
      url: 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmXvQbCpLtNwZbJ',
      file: 'gmail/thread-latest-from-prospect.html',
      identity: { email: 'priya.natarajan@northwind-traders.example' },
      lead: {
        person: { fullName: 'Priya Natarajan', title: 'Logistics Manager' },
        company: { name: 'Northwind Traders', domain: 'northwind-traders.example' },
        identities: { emails: ['priya.natarajan@northwind-traders.example'] },
        source: { channel: 'email' },
      },
    },
    unknown: {
      url: 'https://mail.google.com/mail/u/0/#sent/FMfcgzQXJWDsKmXvQbCpLtNwZbK',
      file: 'gmail/thread-own-sent.html',
      identity: { email: 'dana.whitfield@northwind-traders.example' },
    },
  },
  {
    site: 'outlook',
    known: {
      url: 'https://outlook.live.com/mail/0/inbox/id/AQQkADAwATM0MDAAMS1iNTcwLWE',
      file: 'outlook/live-reading-pane.html',
      identity: { email: 'marco.bianchi@bianchi-logistica.example' },
      lead: {
        person: { fullName: 'Marco Bianchi' },
        company: { name: 'Bianchi Logistica', domain: 'bianchi-logistica.example' },
        identities: { emails: ['marco.bianchi@bianchi-logistica.example'] },
        source: { channel: 'email' },
      },
    },
    unknown: {
      url: 'https://outlook.office.com/mail/inbox/id/AAQkAGE1ZjQ2000',
      file: 'outlook/office-reading-pane.html',
      identity: { email: 'priya.natarajan@northwind-traders.example' },
    },
  },
  {
    site: 'salesforce',
    known: {
      url: 'https://acme-dev-ed.lightning.force.com/lightning/r/Lead/00Q5g000004FvbZEAS/view',
      file: 'salesforce/lead-record.html',
      identity: { email: 'bertha@fcof.net' },
      lead: {
        person: { fullName: 'Bertha Boxer', title: 'Director of Vendor Relations' },
        company: { name: 'Farmers Coop. of Florida', domain: 'fcof.net' },
        identities: { emails: ['bertha@fcof.net'] },
        source: { channel: 'import', detail: 'salesforce' },
      },
      stage: 'sal',
    },
    unknown: {
      url: 'https://acme-dev-ed.lightning.force.com/lightning/r/Contact/0035g00000Hq7NFAAZ/view',
      file: 'salesforce/contact-record.html',
      identity: { email: 'rose@edge.com' },
    },
  },
  {
    site: 'hubspot',
    known: {
      url: 'https://app.hubspot.com/contacts/24075316/record/0-1/51',
      file: 'hubspot/contact-record.html',
      identity: { email: 'jordan.ellis@contoso-freight.example' },
      lead: {
        person: { fullName: 'Jordan Ellis' },
        company: { name: 'Contoso Freight', domain: 'contoso-freight.example' },
        identities: { emails: ['jordan.ellis@contoso-freight.example'] },
        source: { channel: 'import', detail: 'hubspot' },
      },
    },
    // HubSpot has one contact page; the capture test runs it against a database where Jordan is not a lead yet.
    unknown: {
      url: 'https://app.hubspot.com/contacts/24075316/record/0-1/51',
      file: 'hubspot/contact-record.html',
      identity: { email: 'jordan.ellis@contoso-freight.example' },
    },
  },
];
