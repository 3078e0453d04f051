export {
  createRowMapper,
  type ImportOutcome,
  type MappedRow,
  type MapRowsOptions,
  mapRows,
  normalizeHeaderName,
  type ParseMappingResult,
  parseColumnMapping,
  type RowError,
  type RowMapper,
  toLeadsWithOutcomes,
} from './map-rows';
export { suggestMapping, toCustomKey } from './presets/generic';
export { hubspotMapping } from './presets/hubspot';
export {
  buildPresetMapping,
  detectPreset,
  isPresetName,
  type PresetDetection,
  type PresetName,
  presetMappings,
  presetNames,
} from './presets/index';
export { salesforceMapping } from './presets/salesforce';
export { xEducationMapping } from './presets/x-education';
export { parseDateTime } from './transform-value';
