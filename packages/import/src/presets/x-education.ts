import {
  type ColumnMapping,
  type ColumnMappingInput,
  ColumnMappingSchema,
  type ColumnTransformInput,
} from '@leadlight/contract';

const yesNo: ColumnTransformInput = { op: 'boolean', true: ['Yes'], false: ['No'] };
const asymmetriqueLevels: ColumnTransformInput = {
  op: 'map',
  values: { '01.High': 'High', '02.Medium': 'Medium', '03.Low': 'Low' },
  otherwise: 'error',
};

/**
 * X Education (upGrad / Kaggle "Lead Scoring" case study, test/fixtures/leads): 9,240 leads of an online-education
 * company, 37 columns. Every column is kept: standard Lead fields where one fits, `custom.<snake_case>` otherwise.
 *
 * - `Select` is the form's unanswered drop-down: treated as missing in every column.
 * - `Converted` is the outcome (for backtests), not a lead field: it comes back as `outcome.converted`.
 * - `Prospect ID` is the external id; `Lead Number` (also unique) stays as `custom.lead_number`.
 * - `Total Time Spent on Website`: the data dictionary gives no unit. Read as seconds: the median is 248 over a median
 *   of 3 visits (≈2 min a visit) and the maximum 2,272; as minutes the median lead would have spent 4 hours.
 * - `Country` goes to `company.country`, the Lead's only country field (these leads are individuals); `City` to
 *   `person.location`; `Specialization` ("the industry domain in which the customer worked before", per the
 *   dictionary) to `company.industry`.
 * - `Tags` and `Lead Quality` are written by the sales team after contact ("Closed by Horizzon", "Lost to EINS",
 *   "Will revert after reading the email"): kept, but a ruleset scoring new leads on them learns from the outcome.
 * - The dictionary documents the Asymmetrique indices/scores only as "an index and score assigned to each customer
 *   based on their activity and their profile"; the index's `01.High`/`02.Medium`/`03.Low` become High/Medium/Low.
 */
export const xEducationMappingInput = {
  name: 'x-education',
  description: 'X Education leads (Kaggle "Lead Scoring" case study): 37 columns, `Select` = not answered.',
  missingValues: ['Select'],
  columns: [
    { column: 'Prospect ID', to: 'externalId', required: true },
    { column: 'Lead Number', to: 'custom.lead_number' },
    { column: 'Lead Origin', to: 'source.detail' },
    { column: 'Lead Source', to: 'source.channel' },
    { column: 'Do Not Email', to: 'custom.do_not_email', transforms: [yesNo] },
    { column: 'Do Not Call', to: 'custom.do_not_call', transforms: [yesNo] },
    {
      column: 'Converted',
      to: 'outcome.converted',
      transforms: [{ op: 'boolean', true: ['1'], false: ['0'] }],
    },
    { column: 'TotalVisits', to: 'totals.visits', transforms: [{ op: 'number' }] },
    { column: 'Total Time Spent on Website', to: 'totals.timeOnSiteSeconds', transforms: [{ op: 'number' }] },
    { column: 'Page Views Per Visit', to: 'totals.pageViewsPerVisit', transforms: [{ op: 'number' }] },
    { column: 'Last Activity', to: 'totals.lastActivity' },
    { column: 'Country', to: 'company.country' },
    { column: 'Specialization', to: 'company.industry' },
    { column: 'How did you hear about X Education', to: 'custom.heard_about_from' },
    { column: 'What is your current occupation', to: 'custom.occupation' },
    { column: 'What matters most to you in choosing a course', to: 'custom.what_matters_most' },
    { column: 'Search', to: 'custom.saw_ad_search', transforms: [yesNo] },
    { column: 'Magazine', to: 'custom.saw_ad_magazine', transforms: [yesNo] },
    { column: 'Newspaper Article', to: 'custom.saw_ad_newspaper_article', transforms: [yesNo] },
    { column: 'X Education Forums', to: 'custom.saw_ad_forums', transforms: [yesNo] },
    { column: 'Newspaper', to: 'custom.saw_ad_newspaper', transforms: [yesNo] },
    { column: 'Digital Advertisement', to: 'custom.saw_ad_digital', transforms: [yesNo] },
    { column: 'Through Recommendations', to: 'custom.through_recommendations', transforms: [yesNo] },
    {
      column: 'Receive More Updates About Our Courses',
      to: 'custom.wants_course_updates',
      transforms: [yesNo],
    },
    { column: 'Tags', to: 'tags' },
    { column: 'Lead Quality', to: 'custom.lead_quality' },
    {
      column: 'Update me on Supply Chain Content',
      to: 'custom.wants_supply_chain_content',
      transforms: [yesNo],
    },
    { column: 'Get updates on DM Content', to: 'custom.wants_dm_content', transforms: [yesNo] },
    { column: 'Lead Profile', to: 'custom.lead_profile' },
    { column: 'City', to: 'person.location' },
    {
      column: 'Asymmetrique Activity Index',
      to: 'custom.asymmetrique_activity_index',
      transforms: [asymmetriqueLevels],
    },
    {
      column: 'Asymmetrique Profile Index',
      to: 'custom.asymmetrique_profile_index',
      transforms: [asymmetriqueLevels],
    },
    {
      column: 'Asymmetrique Activity Score',
      to: 'custom.asymmetrique_activity_score',
      transforms: [{ op: 'integer' }],
    },
    {
      column: 'Asymmetrique Profile Score',
      to: 'custom.asymmetrique_profile_score',
      transforms: [{ op: 'integer' }],
    },
    {
      column: 'I agree to pay the amount through cheque',
      to: 'custom.agrees_to_pay_by_cheque',
      transforms: [yesNo],
    },
    {
      column: 'A free copy of Mastering The Interview',
      to: 'custom.wants_free_interview_book',
      transforms: [yesNo],
    },
    { column: 'Last Notable Activity', to: 'custom.last_notable_activity' },
  ],
} satisfies ColumnMappingInput;

export const xEducationMapping: ColumnMapping = ColumnMappingSchema.parse(xEducationMappingInput);
