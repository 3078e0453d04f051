import { type ColumnMapping, type ColumnMappingInput, ColumnMappingSchema } from '@leadlight/contract';

/**
 * HubSpot contacts export. The column labels are those of HubSpot's documented default contact properties as its
 * export writes them ("First Name", "Lifecycle Stage", "Record ID", …); no real export file was available to test
 * against, so the tests use a header built from these labels.
 */
export const hubspotMappingInput = {
  name: 'hubspot',
  description: 'HubSpot contacts export (property labels as column names).',
  columns: [
    { column: 'Record ID', to: 'externalId' },
    { column: 'First Name', to: 'person.firstName' },
    { column: 'Last Name', to: 'person.lastName' },
    { column: 'Email', to: 'identities.emails', transforms: [{ op: 'email' }] },
    { column: 'Phone Number', to: 'identities.phones', transforms: [{ op: 'phone' }] },
    { column: 'Mobile Phone Number', to: 'identities.phones', transforms: [{ op: 'phone' }] },
    { column: 'Job Title', to: 'person.title' },
    { column: 'Company Name', to: 'company.name' },
    { column: 'Website URL', to: 'company.domain', transforms: [{ op: 'domain' }] },
    { column: 'Industry', to: 'company.industry' },
    { column: 'Number of Employees', to: 'company.size', transforms: [{ op: 'integer' }] },
    { column: 'Annual Revenue', to: 'company.annualRevenue', transforms: [{ op: 'number' }] },
    { column: 'Country/Region', to: 'company.country' },
    { column: ['City', 'State/Region'], join: ', ', to: 'person.location' },
    {
      column: 'Lifecycle Stage',
      to: 'stage',
      transforms: [
        {
          op: 'map',
          // Labels as exported, and the internal values an API export writes.
          values: {
            Subscriber: 'inquiry',
            Lead: 'inquiry',
            'Marketing Qualified Lead': 'mql',
            'Sales Qualified Lead': 'sql',
            Opportunity: 'opportunity',
            Customer: 'won',
            Evangelist: 'won',
            Other: null,
            marketingqualifiedlead: 'mql',
            salesqualifiedlead: 'sql',
          },
          otherwise: 'error',
        },
      ],
    },
    // The label itself too: "Subscriber" vs "Lead" and "Customer" vs "Evangelist" share a stage here.
    { column: 'Lifecycle Stage', to: 'custom.hubspot_lifecycle_stage' },
    { column: 'Lead Status', to: 'custom.lead_status' },
    { column: 'Original Source', to: 'source.channel' },
    { column: 'Original Source Drill-Down 1', to: 'source.detail' },
    { column: 'Original Source Drill-Down 2', to: 'source.campaign' },
    // A HubSpot user's name, not one of our users.
    { column: 'Contact owner', to: 'custom.hubspot_owner' },
    { column: 'Create Date', to: 'createdAt', transforms: [{ op: 'datetime' }] },
    { column: 'Last Activity Date', to: 'lastTouchedAt', transforms: [{ op: 'datetime' }] },
  ],
} satisfies ColumnMappingInput;

export const hubspotMapping: ColumnMapping = ColumnMappingSchema.parse(hubspotMappingInput);
