import type { RulesetDiffEntry } from '@leadlight/contract';

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Lists whose elements all carry a distinct string `id` (rules, moments, checklist items) are matched by id. */
function indexById(list: readonly unknown[]): Map<string, unknown> | null {
  const byId = new Map<string, unknown>();
  for (const element of list) {
    if (!isRecord(element) || typeof element.id !== 'string' || byId.has(element.id)) return null;
    byId.set(element.id, element);
  }
  return byId;
}

function isSameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function walk(before: unknown, after: unknown, path: string, changes: RulesetDiffEntry[]): void {
  if (isSameJson(before, after)) return;
  if (isRecord(before) && isRecord(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const key of keys) {
      const child = path === '' ? key : `${path}.${key}`;
      if (!(key in after)) changes.push({ path: child, kind: 'removed', before: before[key] });
      else if (!(key in before)) changes.push({ path: child, kind: 'added', after: after[key] });
      else walk(before[key], after[key], child, changes);
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const beforeById = indexById(before);
    const afterById = indexById(after);
    if (beforeById && afterById) {
      for (const [id, element] of beforeById) {
        const child = `${path}[id=${id}]`;
        if (afterById.has(id)) walk(element, afterById.get(id), child, changes);
        else changes.push({ path: child, kind: 'removed', before: element });
      }
      for (const [id, element] of afterById) {
        if (!beforeById.has(id)) changes.push({ path: `${path}[id=${id}]`, kind: 'added', after: element });
      }
      const orderBefore = [...beforeById.keys()].filter((id) => afterById.has(id));
      const orderAfter = [...afterById.keys()].filter((id) => beforeById.has(id));
      // Order matters for rules (explanations list contributions in ruleset order).
      if (!isSameJson(orderBefore, orderAfter)) {
        changes.push({ path: `${path}[order]`, kind: 'changed', before: orderBefore, after: orderAfter });
      }
      return;
    }
    const length = Math.max(before.length, after.length);
    for (let index = 0; index < length; index += 1) {
      const child = `${path}[${index}]`;
      if (index >= after.length) changes.push({ path: child, kind: 'removed', before: before[index] });
      else if (index >= before.length) changes.push({ path: child, kind: 'added', after: after[index] });
      else walk(before[index], after[index], child, changes);
    }
    return;
  }
  changes.push({ path, kind: 'changed', before, after });
}

/** A structural diff of two JSON documents, by path: what a reviewer reads before approving a version. */
export function diffJson(before: unknown, after: unknown): RulesetDiffEntry[] {
  const changes: RulesetDiffEntry[] = [];
  walk(before, after, '', changes);
  return changes;
}
