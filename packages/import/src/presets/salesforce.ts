import {
  type ColumnMapping,
  type ColumnMappingInput,
  ColumnMappingSchema,
  type ColumnTransformInput,
} from '@leadlight/contract';

const trueFalse: ColumnTransformInput = { op: 'boolean', true: ['true', '1'], false: ['false', '0'] };

/**
 * Salesforce Lead export with API field names as Data Loader writes them (the 39 fields of
 * test/fixtures/crm/salesforce-lead-export-fields.json, plus Name and the date fields a wider SOQL adds). Header
 * matching is case-insensitive, so `NumberofLocations__c` and `NumberOfLocations__c` are one column. Other custom
 * `__c` fields of an org are not known here: `buildPresetMapping` keeps them as `custom.*`.
 */
export const salesforceMappingInput = {
  name: 'salesforce',
  description: 'Salesforce Lead export (Data Loader / API field names).',
  columns: [
    { column: 'Id', to: 'externalId' },
    { column: 'Name', to: 'person.fullName' },
    { column: 'FirstName', to: 'person.firstName' },
    { column: 'LastName', to: 'person.lastName' },
    { column: 'Salutation', to: 'custom.salutation' },
    { column: 'Title', to: 'person.title' },
    { column: 'Company', to: 'company.name' },
    { column: 'Email', to: 'identities.emails', transforms: [{ op: 'email' }] },
    { column: 'Phone', to: 'identities.phones', transforms: [{ op: 'phone' }] },
    { column: 'MobilePhone', to: 'identities.phones', transforms: [{ op: 'phone' }] },
    // A fax number is no way to reach a person: kept, but not as a phone identity.
    { column: 'Fax', to: 'custom.fax' },
    { column: 'Website', to: 'company.domain', transforms: [{ op: 'domain' }] },
    { column: 'Industry', to: 'company.industry' },
    { column: 'AnnualRevenue', to: 'company.annualRevenue', transforms: [{ op: 'number' }] },
    { column: 'NumberOfEmployees', to: 'company.size', transforms: [{ op: 'integer' }] },
    { column: 'Country', to: 'company.country' },
    { column: ['City', 'State'], join: ', ', to: 'person.location' },
    { column: 'Street', to: 'custom.street' },
    { column: 'PostalCode', to: 'custom.postal_code' },
    { column: 'Latitude', to: 'custom.latitude', transforms: [{ op: 'number' }] },
    { column: 'Longitude', to: 'custom.longitude', transforms: [{ op: 'number' }] },
    { column: 'GeocodeAccuracy', to: 'custom.geocode_accuracy' },
    { column: 'LeadSource', to: 'source.channel' },
    // Lead Status is Salesforce's own process state (Open - Not Contacted, Working - Contacted, Closed - …); it does
    // not map one-to-one onto our waterfall, so it is kept as is and the stage starts at inquiry.
    { column: 'Status', to: 'custom.lead_status' },
    { column: 'Rating', to: 'custom.rating' },
    { column: 'Description', to: 'custom.description' },
    // A Salesforce user id, not one of our users: kept for reference, never as `owner`.
    { column: 'OwnerId', to: 'custom.salesforce_owner_id' },
    { column: 'CompanyDunsNumber', to: 'custom.company_duns_number' },
    { column: 'DandBCompanyId', to: 'custom.dandb_company_id' },
    { column: 'CreatedDate', to: 'createdAt', transforms: [{ op: 'datetime' }] },
    { column: 'LastActivityDate', to: 'lastTouchedAt', transforms: [{ op: 'datetime' }] },
    { column: 'IsConverted', to: 'outcome.converted', transforms: [trueFalse] },
    { column: 'ConvertedDate', to: 'outcome.convertedAt', transforms: [{ op: 'datetime' }] },
    // Custom fields of the standard demo org (test/fixtures/crm).
    { column: 'CurrentGenerators__c', to: 'custom.current_generators' },
    { column: 'NumberOfLocations__c', to: 'custom.number_of_locations', transforms: [{ op: 'integer' }] },
    { column: 'Primary__c', to: 'custom.primary' },
    { column: 'ProductInterest__c', to: 'custom.product_interest' },
    { column: 'SicCode__c', to: 'custom.sic_code' },
  ],
  // Record-keeping of Salesforce itself, with no meaning for qualification: Data.com clean status and key, the
  // privacy record's id, and the owner's unread flag.
  ignore: ['CleanStatus', 'Jigsaw', 'IndividualId', 'IsUnreadByOwner'],
} satisfies ColumnMappingInput;

export const salesforceMapping: ColumnMapping = ColumnMappingSchema.parse(salesforceMappingInput);
