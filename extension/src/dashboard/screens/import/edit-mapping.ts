import {
  type ColumnMapping,
  ColumnMappingSchema,
  type ColumnRuleInput,
  type ColumnTransformInput,
  customImportPrefix,
  type ImportTargetPath,
  importTargetTypes,
} from '@leadlight/contract';
import { normalizeHeaderName, toCustomKey } from '@leadlight/import';

/*
 * Hand edits of a preset's mapping, one header column at a time. The preset's own rules (transforms, missing values,
 * joined columns) stay as they are for every column the user does not touch.
 */

/** The column is listed in the mapping's `ignore`: deliberately not imported. */
export const ignoreTarget = 'ignore';
/** Neither mapped nor ignored: not imported, and the API reports it as unmapped. */
export const unmappedTarget = '';

export const standardTargets = Object.keys(importTargetTypes) as ImportTargetPath[];

/** Normalisers the API's presets apply to identity fields, so a hand-mapped email column is checked the same way. */
const identityTransforms: Partial<Record<ImportTargetPath, ColumnTransformInput[]>> = {
  'identities.emails': [{ op: 'email' }],
  'identities.phones': [{ op: 'phone' }],
  'identities.linkedinUrl': [{ op: 'linkedin' }],
  'company.domain': [{ op: 'domain' }],
};

export interface ColumnTarget {
  column: string;
  /** A target path, `ignoreTarget` or `unmappedTarget`. */
  target: string;
  /** Other header columns joined into the same field by the same rule (e.g. City + State → person.location). */
  joinedWith: string[];
}

function ruleColumns(column: string | string[]): string[] {
  return typeof column === 'string' ? [column] : column;
}

/** Which field each header column feeds under `mapping`. */
export function describeColumnTargets(mapping: ColumnMapping, header: readonly string[]): ColumnTarget[] {
  const ignored = new Set(mapping.ignore.map(normalizeHeaderName));
  return header.map((column) => {
    const key = normalizeHeaderName(column);
    const rule = mapping.columns.find((candidate) =>
      ruleColumns(candidate.column).some((name) => normalizeHeaderName(name) === key),
    );
    if (rule) {
      const joinedWith = ruleColumns(rule.column).filter((name) => normalizeHeaderName(name) !== key);
      return { column, target: rule.to, joinedWith };
    }
    return { column, target: ignored.has(key) ? ignoreTarget : unmappedTarget, joinedWith: [] };
  });
}

/** The custom attribute an unknown column becomes by default (`Lead Quality` → `custom.lead_quality`). */
export function suggestCustomTarget(column: string): string {
  return `${customImportPrefix}${toCustomKey(column)}`;
}

/** Names a marketer recognises; the path stays visible, as rules and exports use it. */
const targetLabels: Record<ImportTargetPath, string> = {
  'person.fullName': 'Full name',
  'person.firstName': 'First name',
  'person.lastName': 'Last name',
  'person.title': 'Job title',
  'person.headline': 'Headline',
  'person.seniority': 'Seniority',
  'person.location': 'Location',
  'company.name': 'Company',
  'company.domain': 'Company domain',
  'company.industry': 'Industry',
  'company.size': 'Company size (employees)',
  'company.country': 'Country',
  'company.annualRevenue': 'Annual revenue',
  'identities.emails': 'Email',
  'identities.linkedinUrl': 'LinkedIn URL',
  'identities.phones': 'Phone',
  'source.channel': 'Source',
  'source.campaign': 'Campaign',
  'source.detail': 'Source detail',
  tags: 'Tags',
  owner: 'Owner (user id or email)',
  stage: 'Stage',
  'totals.visits': 'Visits',
  'totals.timeOnSiteSeconds': 'Time on site (s)',
  'totals.pageViewsPerVisit': 'Page views per visit',
  'totals.lastActivity': 'Last activity',
  createdAt: 'Created at',
  firstTouchedAt: 'First touched at',
  lastTouchedAt: 'Last touched at',
  externalId: 'Id in the source system',
  'outcome.converted': 'Outcome: converted',
  'outcome.revenue': 'Outcome: revenue',
  'outcome.convertedAt': 'Outcome: converted at',
};

export function describeTarget(target: string): string {
  if (target === ignoreTarget) return 'Ignore (not imported)';
  if (target === unmappedTarget) return 'Not mapped (reported)';
  if (target.startsWith(customImportPrefix))
    return `Custom attribute: ${target.slice(customImportPrefix.length)}`;
  const label = targetLabels[target as ImportTargetPath];
  return label ? `${label} (${target})` : target;
}

/** Marks a mapping as edited by hand, once (the API stores the name with the job). */
export function nameEditedMapping(name: string): string {
  const suffix = ' (edited)';
  return name.endsWith(suffix) ? name : `${name.slice(0, 100 - suffix.length)}${suffix}`;
}

/**
 * `mapping` with `column` feeding `target` instead of whatever it fed: the column leaves its rule (a joined rule keeps
 * its other columns) and the ignore list, then gains a rule of its own or an ignore entry.
 */
export function setColumnTarget(mapping: ColumnMapping, column: string, target: string): ColumnMapping {
  const key = normalizeHeaderName(column);
  const isOther = (name: string) => normalizeHeaderName(name) !== key;
  const columns: ColumnRuleInput[] = mapping.columns.flatMap((rule) => {
    const names = ruleColumns(rule.column);
    const rest = names.filter(isOther);
    if (rest.length === names.length) return [rule];
    if (rest.length === 0) return [];
    return [{ ...rule, column: rest.length === 1 ? (rest[0] as string) : rest }];
  });
  const ignore = mapping.ignore.filter(isOther);
  if (target === ignoreTarget) ignore.push(column);
  else if (target !== unmappedTarget) {
    columns.push({
      column,
      to: target,
      transforms: identityTransforms[target as ImportTargetPath] ?? [],
    });
  }
  return ColumnMappingSchema.parse({ ...mapping, name: nameEditedMapping(mapping.name), columns, ignore });
}
