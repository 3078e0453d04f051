import { buildPresetMapping, createRowMapper } from '@leadlight/import';
import { describe, expect, it } from 'vitest';
import {
  describeColumnTargets,
  describeTarget,
  ignoreTarget,
  setColumnTarget,
  suggestCustomTarget,
  unmappedTarget,
} from './edit-mapping';

const header = ['First Name', 'Last Name', 'E-mail', 'City', 'State', 'Lead Quality'];

type Mapping = ReturnType<typeof buildPresetMapping>;

/** The mapping with City and State joined into one location rule, replacing whatever fed that field or City. */
function joinCityAndState(mapping: Mapping): Mapping {
  return {
    ...mapping,
    columns: [
      ...mapping.columns.filter((rule) => rule.to !== 'person.location' && rule.column !== 'City'),
      {
        column: ['City', 'State'],
        to: 'person.location',
        join: ', ',
        transforms: [],
        missingValues: [],
        required: false,
      },
    ],
  };
}

describe('edit-mapping', () => {
  it('describes the field each column feeds, joined rules included', () => {
    const mapping = setColumnTarget(buildPresetMapping('generic', header), 'State', 'person.location');
    const joined = joinCityAndState(mapping);
    const targets = describeColumnTargets(joined, header);
    expect(targets.find((target) => target.column === 'E-mail')?.target).toBe('identities.emails');
    expect(targets.find((target) => target.column === 'City')).toEqual({
      column: 'City',
      target: 'person.location',
      joinedWith: ['State'],
    });
  });

  it('moves one column and leaves the rest of a joined rule and the preset rules alone', () => {
    const base = buildPresetMapping('generic', header);
    const joined = joinCityAndState(base);
    const edited = setColumnTarget(joined, 'state', 'company.country');
    expect(edited.name).toBe(`${base.name} (edited)`);
    expect(edited.columns.find((rule) => rule.to === 'person.location')?.column).toBe('City');
    expect(edited.columns.find((rule) => rule.column === 'state')?.to).toBe('company.country');
    expect(setColumnTarget(edited, 'City', ignoreTarget).ignore).toContain('City');
    expect(setColumnTarget(edited, 'City', ignoreTarget).name).toBe(`${base.name} (edited)`);

    const unmapped = setColumnTarget(edited, 'Lead Quality', unmappedTarget);
    const mapper = createRowMapper(header, unmapped);
    expect(mapper.unmappedColumns).toEqual(['Lead Quality']);
  });

  it('normalises an identity column mapped by hand, as the presets do', () => {
    const edited = setColumnTarget(
      buildPresetMapping('generic', header),
      'Lead Quality',
      'identities.emails',
    );
    const emailOnly = setColumnTarget(edited, 'E-mail', ignoreTarget);
    const mapper = createRowMapper(header, emailOnly);
    const row = mapper.mapRow(['Ana', 'Lima', 'x', 'Porto', '', ' Ana@Example.COM '], 2);
    expect(row.ok && row.lead.identities.emails).toEqual(['ana@example.com']);
    const bad = mapper.mapRow(['Ana', 'Lima', 'x', 'Porto', '', 'not-an-email'], 3);
    expect(bad.ok).toBe(false);
    expect(suggestCustomTarget('Lead Quality')).toBe('custom.lead_quality');
    expect(describeTarget('identities.emails')).toBe('Email (identities.emails)');
    expect(describeTarget('custom.lead_quality')).toBe('Custom attribute: lead_quality');
  });
});
