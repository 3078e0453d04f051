import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { createRowMapper, mapRows } from '../map-rows';
import { suggestMapping, toCustomKey } from './generic';
import { hubspotMapping } from './hubspot';
import { buildPresetMapping, detectPreset } from './index';

// HubSpot's documented contact export columns (property labels); not taken from a real export file.
const hubspotHeader = [
  'Record ID',
  'First Name',
  'Last Name',
  'Email',
  'Company Name',
  'Job Title',
  'Phone Number',
  'Lifecycle Stage',
  'Lead Status',
  'Original Source',
  'Website URL',
  'Country/Region',
  'Industry',
  'Number of Employees',
  'Annual Revenue',
  'Create Date',
];

function hubspotRow(values: Partial<Record<string, string>>): string[] {
  return hubspotHeader.map((column) => values[column] ?? '');
}

describe('hubspot preset', () => {
  it('maps a contact row onto the lead, lifecycle stage onto our waterfall', () => {
    const [row] = mapRows(
      hubspotHeader,
      [
        hubspotRow({
          'Record ID': '51',
          'First Name': 'Maria',
          'Last Name': 'Johnson',
          Email: 'Maria.Johnson@Example.com',
          'Company Name': 'Example Co',
          'Job Title': 'Head of Operations',
          'Phone Number': '+1 617 555 0100',
          'Lifecycle Stage': 'Marketing Qualified Lead',
          'Lead Status': 'Open',
          'Original Source': 'Organic Search',
          'Website URL': 'https://www.example.com/',
          'Country/Region': 'United States',
          Industry: 'Computer Software',
          'Number of Employees': '250',
          'Annual Revenue': '12500000',
          'Create Date': '2024-03-05 14:32',
        }),
      ],
      hubspotMapping,
    );
    expect(row).toMatchObject({ ok: true, externalId: '51', rowNumber: 2 });
    if (!row?.ok) throw new Error(JSON.stringify(row));
    expect(row.outcome).toBeUndefined();
    expect(row.lead).toMatchObject({
      person: { firstName: 'Maria', lastName: 'Johnson', title: 'Head of Operations' },
      company: {
        name: 'Example Co',
        domain: 'example.com',
        country: 'United States',
        industry: 'Computer Software',
        size: 250,
        annualRevenue: 12500000,
      },
      identities: { emails: ['maria.johnson@example.com'], phones: ['+16175550100'] },
      stage: 'mql',
      source: { channel: 'Organic Search' },
      custom: { hubspot_lifecycle_stage: 'Marketing Qualified Lead', lead_status: 'Open' },
      createdAt: '2024-03-05T14:32:00.000Z',
    });
  });

  it.each([
    ['Subscriber', 'inquiry'],
    ['lead', 'inquiry'],
    ['salesqualifiedlead', 'sql'],
    ['Customer', 'won'],
    ['Other', 'inquiry'],
  ])('lifecycle stage %s → %s', (label, stage) => {
    const [row] = mapRows(hubspotHeader, [hubspotRow({ 'Lifecycle Stage': label })], hubspotMapping);
    expect(row?.ok && row.lead.stage).toBe(stage);
  });

  it('refuses an unknown lifecycle stage instead of guessing', () => {
    const [row] = mapRows(hubspotHeader, [hubspotRow({ 'Lifecycle Stage': 'Champion' })], hubspotMapping);
    expect(row).toEqual({
      rowNumber: 2,
      ok: false,
      errors: [{ column: 'Lifecycle Stage', message: 'stage: unexpected value "Champion"' }],
    });
  });

  it('is detected from the header', () => {
    expect(detectPreset(hubspotHeader)).toEqual({ preset: 'hubspot', coverage: 1 });
  });
});

const crm = new URL('../../../../test/fixtures/crm/', import.meta.url);
const leadsDir = new URL('../../../../test/fixtures/leads/', import.meta.url);

describe('generic mapping (suggestMapping)', () => {
  it('guesses the Salesforce API names and keeps the rest as custom attributes', () => {
    const [header = [], ...rows] = parse(readFileSync(new URL('salesforce-leads-demo-org.csv', crm)), {
      bom: true,
    }) as string[][];
    const mapping = suggestMapping(header);
    const targets = Object.fromEntries(mapping.columns.map((rule) => [String(rule.column), rule.to]));
    expect(targets).toMatchObject({
      FirstName: 'person.firstName',
      LastName: 'person.lastName',
      Company: 'company.name',
      Email: 'identities.emails',
      Phone: 'identities.phones',
      Title: 'person.title',
      Country: 'company.country',
      City: 'person.location',
      LeadSource: 'source.channel',
      Industry: 'company.industry',
      AnnualRevenue: 'company.annualRevenue',
      NumberOfEmployees: 'company.size',
      IsConverted: 'outcome.converted',
      SICCode__c: 'custom.sic_code',
      NumberofLocations__c: 'custom.numberof_locations',
      Status: 'custom.status',
    });
    expect(createRowMapper(header, mapping).unmappedColumns).toEqual([]);
    const results = mapRows(header, rows, mapping);
    expect(results.filter((row) => !row.ok)).toEqual([]);
    expect(results.map((row) => row.ok && row.lead.person.lastName)).toHaveLength(22);
  });

  it('keeps every X Education column: a few guessed, the rest custom', () => {
    const text = readFileSync(new URL('x-education-leads.csv', leadsDir), 'utf8');
    const header = (text.split(/\r?\n/, 1)[0] ?? '').split(',');
    const mapping = suggestMapping(header);
    expect(mapping.columns).toHaveLength(37);
    const byColumn = new Map(mapping.columns.map((rule) => [String(rule.column), rule.to]));
    expect(byColumn.get('Prospect ID')).toBe('externalId');
    expect(byColumn.get('Converted')).toBe('outcome.converted');
    expect(byColumn.get('Lead Source')).toBe('source.channel');
    expect(byColumn.get('Tags')).toBe('tags');
    expect(byColumn.get('Lead Quality')).toBe('custom.lead_quality');
    expect(detectPreset(header)).toEqual({ preset: 'x-education', coverage: 1 });
  });

  it('lets the first column claim a field and keeps a second claimant as custom', () => {
    const mapping = suggestMapping(['Email', 'Company', 'Company Name', 'Work Email', '']);
    expect(mapping.columns.map((rule) => [rule.column, rule.to])).toEqual([
      ['Email', 'identities.emails'],
      ['Company', 'company.name'],
      ['Company Name', 'custom.company_name'],
      ['Work Email', 'identities.emails'],
    ]);
    const [row] = mapRows(
      ['Email', 'Company', 'Company Name', 'Work Email', ''],
      [['a@x.com', 'X', 'X Inc.', 'A@X.com', '']],
      mapping,
    );
    expect(row?.ok && row.lead.identities.emails).toEqual(['a@x.com']);
  });

  it('falls back to generic for an unknown header', () => {
    expect(detectPreset(['E-mail Address', 'Full Name', 'Favourite colour'])).toEqual({
      preset: 'generic',
      coverage: 2 / 3,
    });
    expect(buildPresetMapping('generic', ['Full Name']).columns[0]?.to).toBe('person.fullName');
  });

  it.each([
    ['Lead Quality', 'lead_quality'],
    ['NumberOfEmployees', 'number_of_employees'],
    ['Budget_Approved__c', 'budget_approved'],
    ['SICCode__c', 'sic_code'],
    ['Country/Region', 'country_region'],
    ['Année fiscale', 'annee_fiscale'],
    ['!!!', 'column'],
  ])('custom key of %s is %s', (name, key) => {
    expect(toCustomKey(name)).toBe(key);
  });
});
