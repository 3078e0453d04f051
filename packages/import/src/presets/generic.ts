import {
  type ColumnMapping,
  ColumnMappingSchema,
  type ColumnRuleInput,
  type ColumnTransformInput,
} from '@leadlight/contract';

/** Header key for guessing: lowercase letters and digits only (`E-mail Address` → `emailaddress`). */
export function compactHeaderName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** `Lead Quality` → `lead_quality`; the key of a custom attribute for an unknown column. */
export function toCustomKey(name: string): string {
  const key = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/__c$/i, '')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 90);
  return key === '' ? 'column' : key;
}

type Guess = { to: string; transforms?: ColumnTransformInput[] };

/** Common header spellings (compacted) → target. Order of `guesses` decides ties: the first column claims a field. */
const guesses: Array<[string[], Guess]> = [
  [['firstname', 'first', 'givenname', 'forename'], { to: 'person.firstName' }],
  [['lastname', 'last', 'surname', 'familyname'], { to: 'person.lastName' }],
  [['name', 'fullname', 'contactname', 'leadname', 'contact', 'person'], { to: 'person.fullName' }],
  [['title', 'jobtitle', 'position', 'role'], { to: 'person.title' }],
  [['headline'], { to: 'person.headline' }],
  [['location', 'city', 'address'], { to: 'person.location' }],
  [
    ['email', 'emailaddress', 'workemail', 'businessemail', 'mail', 'primaryemail'],
    { to: 'identities.emails', transforms: [{ op: 'email' }] },
  ],
  [
    [
      'phone',
      'phonenumber',
      'telephone',
      'tel',
      'workphone',
      'mobile',
      'mobilephone',
      'mobilephonenumber',
      'cell',
    ],
    { to: 'identities.phones', transforms: [{ op: 'phone' }] },
  ],
  [
    ['linkedin', 'linkedinurl', 'linkedinprofile', 'linkedinprofileurl', 'personlinkedinurl', 'linkedinbio'],
    { to: 'identities.linkedinUrl', transforms: [{ op: 'linkedin' }] },
  ],
  [
    ['company', 'companyname', 'organization', 'organisation', 'account', 'accountname', 'employer'],
    { to: 'company.name' },
  ],
  [
    ['website', 'websiteurl', 'domain', 'companydomain', 'companywebsite', 'url', 'web'],
    { to: 'company.domain', transforms: [{ op: 'domain' }] },
  ],
  [['industry', 'sector'], { to: 'company.industry' }],
  [
    ['employees', 'numberofemployees', 'employeecount', 'companysize', 'headcount', 'noofemployees'],
    { to: 'company.size', transforms: [{ op: 'integer' }] },
  ],
  [['annualrevenue', 'revenue'], { to: 'company.annualRevenue', transforms: [{ op: 'number' }] }],
  [['country', 'countryregion'], { to: 'company.country' }],
  [['source', 'leadsource', 'originalsource', 'channel'], { to: 'source.channel' }],
  [['campaign', 'utmcampaign', 'campaignname'], { to: 'source.campaign' }],
  [['tags', 'tag', 'labels'], { to: 'tags', transforms: [{ op: 'split', separator: ';' }] }],
  [
    ['createdate', 'createddate', 'created', 'createdat', 'datecreated'],
    { to: 'createdAt', transforms: [{ op: 'datetime' }] },
  ],
  [['id', 'recordid', 'leadid', 'contactid', 'prospectid', 'externalid'], { to: 'externalId' }],
  [['converted', 'isconverted'], { to: 'outcome.converted', transforms: [{ op: 'boolean' }] }],
];

const guessByHeader = new Map<string, Guess>();
for (const [names, guess] of guesses) for (const name of names) guessByHeader.set(name, guess);

/**
 * A mapping guessed from header names alone (case, spaces and punctuation ignored). Each standard field is claimed
 * by the first column that names it; every other column — unknown or a second claimant — is kept as
 * `custom.<snake_case>`, so nothing in the file is dropped. A starting point to review, not a promise.
 */
export function suggestMapping(header: readonly string[]): ColumnMapping {
  const claimed = new Set<string>();
  const customKeys = new Set<string>();
  const columns: ColumnRuleInput[] = [];
  for (const name of header) {
    if (name.trim() === '') continue;
    const guess = guessByHeader.get(compactHeaderName(name));
    const isList =
      guess?.to === 'identities.emails' || guess?.to === 'identities.phones' || guess?.to === 'tags';
    if (guess && (isList || !claimed.has(guess.to))) {
      claimed.add(guess.to);
      columns.push({ column: name, to: guess.to, transforms: guess.transforms ?? [] });
      continue;
    }
    columns.push({ column: name, to: `custom.${uniqueKey(toCustomKey(name), customKeys)}` });
  }
  return ColumnMappingSchema.parse({
    name: 'generic',
    description: 'Guessed from the header names.',
    columns,
  });
}

function uniqueKey(key: string, taken: Set<string>): string {
  let candidate = key;
  for (let n = 2; taken.has(candidate); n++) candidate = `${key}_${n}`;
  taken.add(candidate);
  return candidate;
}
