import { z } from 'zod';

export const prospectSites = [
  'linkedin',
  'sales_navigator',
  'gmail',
  'outlook',
  'salesforce',
  'hubspot',
  'page',
] as const;
export const ProspectSiteSchema = z.enum(prospectSites);
export type ProspectSite = z.infer<typeof ProspectSiteSchema>;

/**
 * The person a page shows, as a site adapter read it: only what identifies them.
 * Adapters return null rather than a guess, so every field here was really on the page.
 */
export const ProspectSchema = z.strictObject({
  site: ProspectSiteSchema,
  pageUrl: z.string().max(2000),
  fullName: z.string().trim().min(1).max(200).optional(),
  headline: z.string().trim().max(500).optional(),
  title: z.string().trim().max(300).optional(),
  companyName: z.string().trim().max(200).optional(),
  companyDomain: z.string().trim().max(253).optional(),
  email: z.string().trim().max(320).optional(),
  linkedinUrl: z.string().trim().max(500).optional(),
  phone: z.string().trim().max(50).optional(),
  location: z.string().trim().max(200).optional(),
  /** The CRM's own record id (Salesforce 15/18-char id, HubSpot contact id). */
  crmRecordId: z.string().trim().max(100).optional(),
});
export type Prospect = z.infer<typeof ProspectSchema>;
