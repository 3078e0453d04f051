import { type ColumnMapping, ColumnMappingSchema, type ColumnRuleInput } from '@leadlight/contract';
import { normalizeHeaderName } from '../map-rows';
import { suggestMapping, toCustomKey } from './generic';
import { hubspotMapping } from './hubspot';
import { salesforceMapping } from './salesforce';
import { xEducationMapping } from './x-education';

export const presetNames = ['x-education', 'salesforce', 'hubspot', 'generic'] as const;
export type PresetName = (typeof presetNames)[number];

/** The fixed presets; `generic` has no fixed form: it is `suggestMapping(header)`. */
export const presetMappings = {
  'x-education': xEducationMapping,
  salesforce: salesforceMapping,
  hubspot: hubspotMapping,
} as const satisfies Record<Exclude<PresetName, 'generic'>, ColumnMapping>;

export function isPresetName(name: string): name is PresetName {
  return (presetNames as readonly string[]).includes(name);
}

function ruleColumns(mapping: ColumnMapping): string[] {
  return mapping.columns.flatMap((rule) => (typeof rule.column === 'string' ? [rule.column] : rule.column));
}

/**
 * The mapping of a preset for one file: the preset's rules, plus every header column it neither maps nor ignores kept
 * as `custom.<snake_case>` (an org's own Salesforce `__c` fields, a HubSpot custom property). Nothing is dropped.
 */
export function buildPresetMapping(name: PresetName, header: readonly string[]): ColumnMapping {
  if (name === 'generic') return suggestMapping(header);
  const preset = presetMappings[name];
  const known = new Set([...ruleColumns(preset), ...preset.ignore].map(normalizeHeaderName));
  const taken = new Set(
    preset.columns
      .filter((rule) => rule.to.startsWith('custom.'))
      .map((rule) => rule.to.slice('custom.'.length)),
  );
  const extra: ColumnRuleInput[] = [];
  for (const column of header) {
    if (column.trim() === '' || known.has(normalizeHeaderName(column))) continue;
    known.add(normalizeHeaderName(column));
    let key = toCustomKey(column);
    for (let n = 2; taken.has(key); n++) key = `${toCustomKey(column)}_${n}`;
    taken.add(key);
    extra.push({ column, to: `custom.${key}` });
  }
  if (extra.length === 0) return preset;
  return ColumnMappingSchema.parse({ ...preset, columns: [...preset.columns, ...extra] });
}

/** Columns whose presence identifies an export: all must be there for the preset to be chosen. */
const signatures: Record<Exclude<PresetName, 'generic'>, string[]> = {
  'x-education': ['Prospect ID', 'Lead Origin', 'Lead Source'],
  salesforce: ['LastName', 'Company'],
  hubspot: ['First Name', 'Last Name', 'Lifecycle Stage'],
};

export type PresetDetection = {
  preset: PresetName;
  /** Share of the file's columns the chosen preset knows (mapped or deliberately ignored), 0–1. */
  coverage: number;
};

/**
 * Which preset a header looks like: a fixed preset when all its signature columns are present and it knows at least
 * half of the file's columns (the best coverage wins), else `generic`.
 */
export function detectPreset(header: readonly string[]): PresetDetection {
  const columns = header.map(normalizeHeaderName).filter((name) => name !== '');
  let best: PresetDetection = { preset: 'generic', coverage: 0 };
  for (const name of Object.keys(presetMappings) as Array<keyof typeof presetMappings>) {
    const preset = presetMappings[name];
    const known = new Set([...ruleColumns(preset), ...preset.ignore].map(normalizeHeaderName));
    if (!signatures[name].every((column) => columns.includes(normalizeHeaderName(column)))) continue;
    const coverage =
      columns.length === 0 ? 0 : columns.filter((column) => known.has(column)).length / columns.length;
    if (coverage >= 0.5 && coverage > best.coverage) best = { preset: name, coverage };
  }
  if (best.preset === 'generic') {
    const guessed = suggestMapping(header).columns.filter((rule) => !rule.to.startsWith('custom.')).length;
    best = { preset: 'generic', coverage: columns.length === 0 ? 0 : guessed / columns.length };
  }
  return best;
}
