import { type ColumnMappingInput, ColumnMappingSchema } from '@leadlight/contract';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRowMapper, mapRows, parseColumnMapping } from './map-rows';
import { suggestMapping } from './presets/generic';
import { hubspotMapping } from './presets/hubspot';
import { salesforceMapping } from './presets/salesforce';
import { xEducationMapping } from './presets/x-education';
import { parseDateTime } from './transform-value';

function mapping(input: Omit<ColumnMappingInput, 'name'>) {
  return ColumnMappingSchema.parse({ name: 'test', ...input });
}

describe('mapRows', () => {
  it('trims cells, treats placeholders as missing and joins several columns', () => {
    const header = ['First', 'City', 'State', 'Segment'];
    const result = mapRows(
      header,
      [['  Ada ', 'Leeds', 'N/A', 'Select']],
      mapping({
        missingValues: ['Select'],
        columns: [
          { column: 'First', to: 'person.firstName' },
          { column: ['City', 'State'], join: ', ', to: 'person.location', missingValues: ['N/A'] },
          { column: 'Segment', to: 'custom.segment' },
        ],
      }),
    );
    expect(result).toEqual([
      {
        rowNumber: 2,
        ok: true,
        lead: expect.objectContaining({ person: { firstName: 'Ada', location: 'Leeds' }, custom: {} }),
      },
    ]);
  });

  it('splits a list into tags and merges list columns without duplicates', () => {
    const [row] = mapRows(
      ['Tags', 'Email', 'Email 2'],
      [['vip; webinar ;; vip', 'a@x.com', 'A@X.COM']],
      mapping({
        columns: [
          { column: 'Tags', to: 'tags', transforms: [{ op: 'split' }] },
          { column: 'Email', to: 'identities.emails', transforms: [{ op: 'email' }] },
          { column: 'Email 2', to: 'identities.emails', transforms: [{ op: 'email' }] },
        ],
      }),
    );
    expect(row?.ok && row.lead.tags).toEqual(['vip', 'webinar']);
    expect(row?.ok && row.lead.identities.emails).toEqual(['a@x.com']);
  });

  it('refuses two different values for one single-valued field rather than keep one silently', () => {
    const [row] = mapRows(
      ['Company', 'Account'],
      [['Acme', 'Acme Corp']],
      mapping({
        columns: [
          { column: 'Company', to: 'company.name' },
          { column: 'Account', to: 'company.name' },
        ],
      }),
    );
    expect(row).toEqual({
      rowNumber: 2,
      ok: false,
      errors: [
        {
          column: 'Account',
          message: 'company.name is already "Acme" from "Company"; this column says "Acme Corp"',
        },
      ],
    });
  });

  it('fills defaults only where no column gave a value', () => {
    const rules = mapping({
      columns: [{ column: 'Source', to: 'source.channel' }],
      defaults: { 'source.channel': 'import', 'source.campaign': 'spring-fair' },
    });
    const [withSource, without] = mapRows(['Source'], [['web'], ['']], rules);
    expect(withSource?.ok && withSource.lead.source).toEqual({ channel: 'web', campaign: 'spring-fair' });
    expect(without?.ok && without.lead.source).toEqual({ channel: 'import', campaign: 'spring-fair' });
  });

  it('keeps formula-looking values verbatim: escaping them is the exporter’s job', () => {
    const [row] = mapRows(
      ['Company'],
      [['=HYPERLINK("http://x.example","x")']],
      mapping({ columns: [{ column: 'Company', to: 'company.name' }] }),
    );
    expect(row?.ok && row.lead.company.name).toBe('=HYPERLINK("http://x.example","x")');
  });

  it('reports Lead schema violations against the column that wrote the field', () => {
    const [row] = mapRows(
      ['Tag', 'Stage'],
      [['x'.repeat(61), 'qualified']],
      mapping({
        columns: [
          { column: 'Tag', to: 'tags' },
          { column: 'Stage', to: 'stage' },
        ],
      }),
    );
    expect(row?.ok).toBe(false);
    if (row?.ok !== false) return;
    expect(row.errors.map((error) => error.column).sort()).toEqual(['Stage', 'Tag']);
    expect(row.errors.find((error) => error.column === 'Tag')?.message).toMatch(/^tags\.0: /);
  });

  it('fails a row whose cells run past the header, and accepts a short row', () => {
    const rules = mapping({
      columns: [
        { column: 'A', to: 'custom.a' },
        { column: 'B', to: 'custom.b' },
      ],
    });
    const [long, short, trailingEmpty] = mapRows(
      ['A', 'B'],
      [['1', '2', 'lost?'], ['1'], ['1', '2', ' ']],
      rules,
    );
    expect(long).toMatchObject({
      ok: false,
      errors: [{ message: expect.stringMatching(/3 cells but the header 2/) }],
    });
    expect(short?.ok && short.lead.custom).toEqual({ a: '1' });
    expect(trailingEmpty?.ok).toBe(true);
  });

  it('reports header problems on every row, and unmapped, ignored and absent columns once', () => {
    const rules = mapping({
      columns: [
        { column: 'Id', to: 'externalId', required: true },
        { column: 'Name', to: 'person.fullName' },
        { column: 'Phone', to: 'identities.phones' },
      ],
      ignore: ['Internal'],
    });
    const mapper = createRowMapper(['name', 'Name', 'Internal', 'Notes'], rules);
    expect(mapper.headerErrors).toEqual([
      { column: 'Id', message: 'required column "Id" is not in the file' },
      { column: 'Name', message: 'the header has 2 columns named "Name"' },
    ]);
    expect(mapper.absentColumns).toEqual(['Id', 'Phone']);
    expect(mapper.ignoredColumns).toEqual(['Internal']);
    expect(mapper.unmappedColumns).toEqual(['Name', 'Notes']);
    expect(mapper.mapRow(['Ada', 'Ada', '', ''], 7)).toMatchObject({ rowNumber: 7, ok: false });
  });

  it('numbers rows from the option, so errors point at the spreadsheet row', () => {
    const rules = mapping({ columns: [{ column: 'Visits', to: 'totals.visits' }] });
    const results = mapRows(['Visits'], [['1'], ['1,5']], rules, { firstRowNumber: 10 });
    expect(results[1]).toEqual({
      rowNumber: 11,
      ok: false,
      errors: [{ column: 'Visits', message: 'totals.visits needs a number, got "1,5"' }],
    });
  });

  it('refuses custom keys that would reach Object.prototype', () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const result = parseColumnMapping({ name: 'm', columns: [{ column: 'P', to: `custom.${key}` }] });
      expect(result.ok).toBe(false);
    }
  });

  it.each([
    [{ op: 'number' }, '1e3', 1000],
    [{ op: 'integer' }, '12.0', 12],
    [{ op: 'scale', factor: 60 }, '2.5', 150],
    [{ op: 'boolean' }, 'YES', true],
    [{ op: 'map', values: { hot: 'A', cold: 'C' } }, 'Hot', 'A'],
    [{ op: 'map', values: { hot: 'A' }, caseInsensitive: false }, 'Hot', 'Hot'],
    [{ op: 'lowercase' }, 'MiXed', 'mixed'],
    [{ op: 'phone' }, '+44 20 7946 0958', '+442079460958'],
    [{ op: 'domain' }, 'https://www.Example.com/x', 'example.com'],
    [{ op: 'linkedin' }, 'https://uk.linkedin.com/in/JaneDoe/?locale=en_GB', 'linkedin.com/in/janedoe'],
  ] as const)('transform %j turns %j into %j', (transform, cell, expected) => {
    const [row] = mapRows(
      ['V'],
      [[cell]],
      mapping({ columns: [{ column: 'V', to: 'custom.v', transforms: [transform] }] }),
    );
    expect(row?.ok && row.lead.custom.v).toBe(expected);
  });

  it.each([
    [{ op: 'number' }, '1,234', 'custom.v: not a number: "1,234"'],
    [{ op: 'integer' }, '2.5', 'custom.v: not a whole number: "2.5"'],
    [{ op: 'boolean' }, 'maybe', 'custom.v: expected yes/y/true/1/no/n/false/0, got "maybe"'],
    [{ op: 'map', values: { a: 1 }, otherwise: 'error' }, 'b', 'custom.v: unexpected value "b"'],
    [{ op: 'email' }, 'jane at example.com', 'custom.v: not a valid email address: "jane at example.com"'],
    [
      { op: 'datetime' },
      '03/05/2024',
      'custom.v: "03/05/2024" is ambiguous (day/month order): use YYYY-MM-DD',
    ],
    [
      { op: 'linkedin' },
      'https://lnkd.in/abc',
      expect.stringMatching(/^custom\.v: not a LinkedIn profile URL \(lnkd\.in/),
    ],
  ] as const)('transform %j refuses %j', (transform, cell, message) => {
    const [row] = mapRows(
      ['V'],
      [[cell]],
      mapping({ columns: [{ column: 'V', to: 'custom.v', transforms: [transform] }] }),
    );
    expect(row).toEqual({ rowNumber: 2, ok: false, errors: [{ column: 'V', message }] });
  });

  it('maps a value to missing, which then does not count as given', () => {
    const rules = mapping({
      columns: [{ column: 'Stage', to: 'stage', transforms: [{ op: 'map', values: { Other: null } }] }],
    });
    const [row] = mapRows(['Stage'], [['Other']], rules);
    expect(row?.ok && row.lead.stage).toBe('inquiry');
  });

  it('never throws and returns one result per row, whatever the cells', () => {
    const header = [...xEducationMapping.columns.map((rule) => String(rule.column)), 'Email', 'Website'];
    const mappings = [xEducationMapping, salesforceMapping, hubspotMapping, suggestMapping(header)];
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.oneof(fc.string(), fc.constantFrom('Select', '1', 'Yes', '2024-02-30', '')), {
            maxLength: 45,
          }),
          {
            maxLength: 5,
          },
        ),
        fc.constantFrom(...mappings),
        (rows, rules) => {
          const results = mapRows(header, rows, rules);
          expect(results).toHaveLength(rows.length);
          for (const result of results) expect(typeof result.ok).toBe('boolean');
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('parseColumnMapping', () => {
  it('accepts a mapping file and fills its defaults', () => {
    const result = parseColumnMapping({
      name: 'm',
      columns: [{ column: 'E-mail', to: 'identities.emails' }],
    });
    expect(result).toEqual({
      ok: true,
      mapping: {
        name: 'm',
        columns: [
          {
            column: 'E-mail',
            to: 'identities.emails',
            join: ' ',
            transforms: [],
            missingValues: [],
            required: false,
          },
        ],
        missingValues: [],
        ignore: [],
        defaults: {},
      },
    });
  });

  it('names the path of every problem and never throws', () => {
    const result = parseColumnMapping({
      name: 'm',
      columns: [
        { column: 'A', to: 'person.shoeSize' },
        { column: 'B', to: 'custom.b', transforms: [{ op: 'eval' }] },
      ],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((error) => error.path)).toEqual(['columns.0.to', 'columns.1.transforms.0.op']);
    expect(parseColumnMapping(null).ok).toBe(false);
    expect(parseColumnMapping('{}').ok).toBe(false);
  });
});

describe('parseDateTime', () => {
  it.each([
    ['2024-03-05', '2024-03-05T00:00:00.000Z'],
    ['2024-03-05 14:32', '2024-03-05T14:32:00.000Z'],
    ['2024-03-05T14:32:10Z', '2024-03-05T14:32:10.000Z'],
    ['2024-03-05T14:32:10.123+02:00', '2024-03-05T12:32:10.123Z'],
    ['2024-03-05T14:32:10.000+0000', '2024-03-05T14:32:10.000Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
    ['2024-02-30', null],
    ['2023-02-29', null],
    ['2024-13-01', null],
    ['05/03/2024', null],
    ['yesterday', null],
  ])('%s → %s', (input, expected) => {
    expect(parseDateTime(input)).toBe(expected);
  });
});
