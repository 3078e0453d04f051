import type { ExportedLead, ExportFormat, ExportLeadsQuery } from '@leadlight/contract';
import { stringify } from 'csv-stringify/sync';
import { getActiveRuleset } from '../db/active-ruleset';
import type { DbOrTx } from '../db/client';
import { listLeadRows } from '../db/lead-lists';
import { loadTagsAndFlags, readProfile } from '../db/leads';
import { toLeadSummary } from './lead-views';

const pageSize = 500;

/**
 * OWASP "CSV injection": a cell starting with = + - @ (or tab / carriage return) is a formula to Excel and
 * LibreOffice; a leading apostrophe makes it text.
 */
export function escapeCsvCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export const exportCsvColumns = [
  'id',
  'stage',
  'owner_id',
  'full_name',
  'first_name',
  'last_name',
  'title',
  'company_name',
  'company_domain',
  'industry',
  'company_size',
  'country',
  'emails',
  'phones',
  'linkedin_url',
  'source_channel',
  'source_campaign',
  'source_detail',
  'tags',
  'score',
  'grade',
  'flags',
  'gate',
  'attempts',
  'has_converted',
  'created_at',
  'updated_at',
] as const;

function toCsvRecord(lead: ExportedLead): string[] {
  const text = (value: string | number | boolean | null | undefined) =>
    value === null || value === undefined ? '' : String(value);
  const cells = [
    lead.id,
    lead.stage,
    text(lead.ownerId),
    text(lead.fullName),
    text(lead.person.firstName),
    text(lead.person.lastName),
    text(lead.person.title),
    text(lead.companyName),
    text(lead.companyDomain),
    text(lead.company.industry),
    text(lead.company.size),
    text(lead.company.country),
    lead.identities.emails.join('; '),
    lead.identities.phones.join('; '),
    text(lead.identities.linkedinUrl),
    text(lead.source.channel),
    text(lead.source.campaign),
    text(lead.source.detail),
    lead.tags.join('; '),
    text(lead.score),
    text(lead.grade),
    lead.flags.join('; '),
    lead.gate,
    text(lead.attempts.made),
    text(lead.hasConverted),
    lead.createdAt,
    lead.updatedAt,
  ];
  // Every cell, numbers included: a negative score reads as text ('-5), which is safer than one rule per column.
  return cells.map(escapeCsvCell);
}

/**
 * Every lead matching the list's filters, in the list's order, read page by page with the list's own keyset query
 * and yielded as text chunks (CSV with a header row, or `{"items":[…],"count":n}`): memory stays flat.
 */
export async function* streamLeadExport(
  db: DbOrTx,
  query: ExportLeadsQuery,
  options: { viewerId: string; now: Date; format?: ExportFormat; onCount?: (count: number) => void },
): AsyncGenerator<string> {
  const format = options.format ?? query.format;
  const ruleset = getActiveRuleset(db);
  const { format: _format, ...filters } = query;
  let cursor: string | undefined;
  let count = 0;
  yield format === 'csv' ? stringify([[...exportCsvColumns]]) : '{"items":[';
  do {
    const { rows, nextCursor } = listLeadRows(db, { ...filters, cursor, limit: pageSize }, options.viewerId);
    const extras = loadTagsAndFlags(
      db,
      rows.map((row) => row.id),
    );
    const leads = rows.map((row): ExportedLead => {
      const profile = readProfile(row);
      return {
        ...toLeadSummary(row, extras.get(row.id) ?? { tags: [], flags: [] }, profile, ruleset, options.now),
        person: profile.person,
        company: profile.company,
        identities: profile.identities,
        totals: profile.totals,
        custom: profile.custom,
        hasConverted: row.hasConverted,
      };
    });
    if (leads.length > 0) {
      if (format === 'csv') yield stringify(leads.map(toCsvRecord));
      else yield (count === 0 ? '' : ',') + leads.map((lead) => JSON.stringify(lead)).join(',');
    }
    count += leads.length;
    cursor = nextCursor ?? undefined;
  } while (cursor !== undefined);
  options.onCount?.(count);
  if (format === 'json') yield `],"count":${count}}`;
}
