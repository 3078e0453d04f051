import { readFileSync } from 'node:fs';
import { LeadWithOutcomeSchema } from '@leadlight/contract';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { createRowMapper, type MappedRow, mapRows, toLeadsWithOutcomes } from '../map-rows';
import { xEducationMapping } from './x-education';

const fixture = new URL('../../../../test/fixtures/leads/x-education-leads.csv', import.meta.url);
const [header = [], ...rows] = parse(readFileSync(fixture), { bom: true }) as string[][];
const results = mapRows(header, rows, xEducationMapping);
const accepted = results.filter((row): row is Extract<MappedRow, { ok: true }> => row.ok);

describe('x-education preset on the real file', () => {
  it('reads all 9,240 rows, every one valid, with 3,561 converted', () => {
    expect(header).toHaveLength(37);
    expect(rows).toHaveLength(9240);
    const failures = results.filter((row) => !row.ok);
    expect(failures).toEqual([]);
    expect(accepted).toHaveLength(9240);
    expect(accepted.filter((row) => row.outcome?.converted === true)).toHaveLength(3561);
    expect(accepted.filter((row) => row.outcome?.converted === false)).toHaveLength(5679);
  });

  it('maps every one of the 37 columns: nothing is left unmapped or ignored', () => {
    const mapper = createRowMapper(header, xEducationMapping);
    expect(mapper.unmappedColumns).toEqual([]);
    expect(mapper.ignoredColumns).toEqual([]);
    expect(mapper.absentColumns).toEqual([]);
    expect(mapper.mappedColumns).toHaveLength(37);
  });

  it('maps the first row field by field', () => {
    // 7927b2df-…,660737,API,Olark Chat,No,No,0,0,0,0,Page Visited on Website,,Select,Select,Unemployed,…
    const first = results[0];
    expect(first).toMatchObject({
      rowNumber: 2,
      ok: true,
      externalId: '7927b2df-8bba-4d29-b9a2-b6e0beafe620',
    });
    if (!first?.ok) throw new Error('first row failed');
    expect(first.outcome).toEqual({ converted: false });
    expect(first.lead.source).toEqual({ channel: 'Olark Chat', detail: 'API' });
    expect(first.lead.totals).toEqual({
      visits: 0,
      timeOnSiteSeconds: 0,
      pageViewsPerVisit: 0,
      lastActivity: 'Page Visited on Website',
    });
    expect(first.lead.company).toEqual({});
    expect(first.lead.person).toEqual({});
    expect(first.lead.tags).toEqual(['Interested in other courses']);
    expect(first.lead.custom).toEqual({
      lead_number: '660737',
      do_not_email: false,
      do_not_call: false,
      occupation: 'Unemployed',
      what_matters_most: 'Better Career Prospects',
      saw_ad_search: false,
      saw_ad_magazine: false,
      saw_ad_newspaper_article: false,
      saw_ad_forums: false,
      saw_ad_newspaper: false,
      saw_ad_digital: false,
      through_recommendations: false,
      wants_course_updates: false,
      lead_quality: 'Low in Relevance',
      wants_supply_chain_content: false,
      wants_dm_content: false,
      asymmetrique_activity_index: 'Medium',
      asymmetrique_profile_index: 'Medium',
      asymmetrique_activity_score: 15,
      asymmetrique_profile_score: 15,
      agrees_to_pay_by_cheque: false,
      wants_free_interview_book: false,
      last_notable_activity: 'Modified',
    });
    // "Select" (Specialization, How did you hear, Lead Profile, City) counts as not answered: no key at all.
    expect(first.lead.custom).not.toHaveProperty('heard_about_from');
    expect(first.lead.custom).not.toHaveProperty('lead_profile');
  });

  it('never stores the Select placeholder and keeps real answers', () => {
    const values = accepted.flatMap((row) => [
      row.lead.company.industry,
      row.lead.person.location,
      row.lead.custom.lead_profile,
      row.lead.custom.heard_about_from,
    ]);
    expect(values).not.toContain('Select');
    const cities = accepted.filter((row) => row.lead.person.location === 'Mumbai');
    expect(cities).toHaveLength(3222);
    const withIndustry = accepted.filter((row) => row.lead.company.industry !== undefined);
    expect(withIndustry).toHaveLength(9240 - 1942 - 1438);
  });

  it('keeps the engagement totals as numbers, leaving the 137 blank visit counts unset', () => {
    const withoutVisits = accepted.filter((row) => row.lead.totals.visits === undefined);
    expect(withoutVisits).toHaveLength(137);
    expect(Math.max(...accepted.map((row) => row.lead.totals.timeOnSiteSeconds ?? 0))).toBe(2272);
    expect(Math.max(...accepted.map((row) => row.lead.totals.visits ?? 0))).toBe(251);
  });

  it('gives the 9,240 leads with outcomes in the shape backtest takes', () => {
    const withOutcomes = toLeadsWithOutcomes(results);
    expect(withOutcomes).toHaveLength(9240);
    expect(withOutcomes.filter((item) => item.converted)).toHaveLength(3561);
    expect(LeadWithOutcomeSchema.safeParse(withOutcomes[0]).success).toBe(true);
  });

  it('readOutcome reads only the outcome of a row', () => {
    const mapper = createRowMapper(header, xEducationMapping);
    const converted = rows.filter((row) => mapper.readOutcome(row)?.converted === true);
    expect(converted).toHaveLength(3561);
  });

  it('rejects a malformed row with the column and value, and goes on with the rest', () => {
    const good = rows[0] as string[];
    const broken = [...good];
    broken[header.indexOf('TotalVisits')] = 'many';
    broken[header.indexOf('Converted')] = 'maybe';
    const noId = [...good];
    noId[0] = '';
    const [bad, missingId, fine] = mapRows(header, [broken, noId, good], xEducationMapping);
    expect(bad).toEqual({
      rowNumber: 2,
      ok: false,
      externalId: '7927b2df-8bba-4d29-b9a2-b6e0beafe620',
      errors: [
        { column: 'Converted', message: 'outcome.converted: expected 1/0, got "maybe"' },
        { column: 'TotalVisits', message: 'totals.visits: not a number: "many"' },
      ],
    });
    expect(missingId).toEqual({
      rowNumber: 3,
      ok: false,
      errors: [{ column: 'Prospect ID', message: 'externalId is required' }],
    });
    expect(fine?.ok).toBe(true);
  });
});
