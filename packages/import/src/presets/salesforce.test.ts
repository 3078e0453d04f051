import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { createRowMapper, type MappedRow, mapRows } from '../map-rows';
import { buildPresetMapping, detectPreset } from './index';
import { salesforceMapping } from './salesforce';

const crm = new URL('../../../../test/fixtures/crm/', import.meta.url);
const [header = [], ...rows] = parse(readFileSync(new URL('salesforce-leads-demo-org.csv', crm)), {
  bom: true,
}) as string[][];
const exportFields = (
  JSON.parse(readFileSync(new URL('salesforce-lead-export-fields.json', crm), 'utf8')) as { fields: string[] }
).fields;
const treeRecords = (
  JSON.parse(readFileSync(new URL('salesforce-leads-demo-org.json', crm), 'utf8')) as {
    records: Array<Record<string, unknown>>;
  }
).records;

const names = [
  'Kristen Akin',
  'Betty Bair',
  'Bertha Boxer',
  'Mike Braund',
  'Shelly Brownell',
  'Phyllis Cotton',
  'Carolyn Crenshaw',
  'Bill Dadio Jr',
  'Sandra Eberhard',
  'Patricia Feager',
  'Jeff Glimpse',
  'Tom James',
  'Eugena Luce',
  'Violet Maccleod',
  'Norm May',
  'Brenda Mcclure',
  'David Monaco',
  'Pamela Owenby',
  'Jack Rogers',
  'Kathy Snyder',
  'Pat Stumuller',
  'Andy Young',
];

function accepted(results: MappedRow[]) {
  return results.filter((row): row is Extract<MappedRow, { ok: true }> => row.ok);
}

describe('salesforce preset on the demo-org leads', () => {
  const results = mapRows(header, rows, buildPresetMapping('salesforce', header));
  const leads = accepted(results);

  it('maps all 22 leads with their names, companies and emails', () => {
    expect(results.filter((row) => !row.ok)).toEqual([]);
    expect(leads.map((row) => `${row.lead.person.firstName} ${row.lead.person.lastName}`)).toEqual(names);
    expect(leads[0]?.lead).toMatchObject({
      person: { firstName: 'Kristen', lastName: 'Akin', title: 'Director, Warehouse Mgmt' },
      company: { name: 'Aethna Home Products', country: 'USA' },
      identities: { emails: ['kakin@athenahome.com'], phones: ['4343693100'] },
      source: { channel: 'Partner Referral' },
      custom: {
        lead_status: 'Working - Contacted',
        salutation: 'Ms',
        number_of_locations: 130,
        sic_code: '2768',
      },
    });
  });

  it('reads the optional firmographics where the export has them', () => {
    const bertha = leads.find((row) => row.lead.person.lastName === 'Boxer')?.lead;
    expect(bertha?.company).toEqual({
      name: 'Farmers Coop. of Florida',
      country: 'USA',
      industry: 'Agriculture',
      annualRevenue: 900750000,
    });
    expect(bertha?.person.location).toBe('Tallahassee, FL');
    expect(bertha?.custom).toMatchObject({ rating: 'Hot', fax: '(850) 644-4300', postal_code: '32306' });
    expect(
      leads.filter((row) => row.lead.company.size !== undefined).map((row) => row.lead.company.size),
    ).toEqual([9000]);
  });

  it('takes the outcome from IsConverted (all false in the demo org, whatever Status says)', () => {
    expect(leads.every((row) => row.outcome?.converted === false)).toBe(true);
    const closedConverted = leads.filter((row) => row.lead.custom.lead_status === 'Closed - Converted');
    expect(closedConverted).toHaveLength(3);
  });

  it('accounts for every column: mapped, or ignored with a reason', () => {
    const mapper = createRowMapper(header, salesforceMapping);
    expect(mapper.unmappedColumns).toEqual([]);
    expect(mapper.ignoredColumns.sort()).toEqual(['CleanStatus', 'IsUnreadByOwner']);
  });

  it('knows every field of a Data Loader Lead export', () => {
    const mapper = createRowMapper(exportFields, salesforceMapping);
    expect(exportFields).toHaveLength(39);
    expect(mapper.unmappedColumns).toEqual([]);
    expect(mapper.headerErrors).toEqual([]);
  });

  it('is detected from the header', () => {
    expect(detectPreset(header).preset).toBe('salesforce');
    expect(detectPreset(exportFields).preset).toBe('salesforce');
  });

  it('gives the same leads from the tree-API JSON of the same org', () => {
    const jsonHeader = [...new Set(treeRecords.flatMap((record) => Object.keys(record)))].filter(
      (key) => key !== 'attributes',
    );
    const jsonRows = treeRecords.map((record) =>
      jsonHeader.map((key) => (record[key] === undefined ? '' : String(record[key]))),
    );
    const fromJson = accepted(mapRows(jsonHeader, jsonRows, buildPresetMapping('salesforce', jsonHeader)));
    expect(fromJson).toHaveLength(22);
    expect(fromJson.map((row) => row.lead)).toEqual(leads.map((row) => row.lead));
  });

  it('keeps an org-specific custom field it does not know as custom.*', () => {
    const extended = [...header, 'Budget_Approved__c'];
    const mapping = buildPresetMapping('salesforce', extended);
    const [row] = mapRows(extended, [[...(rows[0] as string[]), 'Yes']], mapping);
    expect(row?.ok && row.lead.custom.budget_approved).toBe('Yes');
  });
});
