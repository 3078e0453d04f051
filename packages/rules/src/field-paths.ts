import { customFieldPrefix, type Lead, type LeadFieldType, leadFieldTypes } from '@leadlight/contract';

/** A path resolved once at compile time: where to read it and what type it holds. */
export interface ResolvedPath {
  path: string;
  type: LeadFieldType;
  /** `lead[group][key]`, or `lead[group]` when key is null; for custom.* group is "custom" and key is admin-defined. */
  group: string;
  key: string | null;
  isCustom: boolean;
}

const hasOwn = Object.hasOwn;

/** Resolves a rule's field path, or null when the path is not a lead field rules may read. */
export function resolveFieldPath(path: string): ResolvedPath | null {
  if (hasOwn(leadFieldTypes, path)) {
    const type = leadFieldTypes[path as keyof typeof leadFieldTypes];
    const dot = path.indexOf('.');
    if (dot === -1) return { path, type, group: path, key: null, isCustom: false };
    return { path, type, group: path.slice(0, dot), key: path.slice(dot + 1), isCustom: false };
  }
  if (path.startsWith(customFieldPrefix)) {
    const key = path.slice(customFieldPrefix.length);
    if (key.length === 0 || key.length > 100) return null;
    return { path, type: 'any', group: 'custom', key, isCustom: true };
  }
  return null;
}

/**
 * Reads a resolved path from a lead. Only own properties are read, so a custom key such as "constructor"
 * or "__proto__" never reaches Object.prototype.
 */
export function readField(lead: Lead, resolved: ResolvedPath): unknown {
  const record = lead as unknown as Record<string, unknown>;
  if (!hasOwn(record, resolved.group)) return undefined;
  const outer = record[resolved.group];
  if (resolved.key === null) return outer;
  if (outer === null || typeof outer !== 'object') return undefined;
  const inner = outer as Record<string, unknown>;
  return hasOwn(inner, resolved.key) ? inner[resolved.key] : undefined;
}
