import type { EngagementEvent, QualificationState } from '@leadlight/contract';

/*
 * The semantics every scoring path shares. The interpreter and the generated code both call these (or inline
 * exactly the same expressions), which is what keeps the two paths' results identical.
 */

const normalizedTexts = new Map<string, string>();
const maxNormalizedTexts = 8192;
const maxMemoLength = 200;

/**
 * Text is compared trimmed and case-insensitively. Lead values repeat a lot (titles, channels, answers), so
 * results are memoised: a hash lookup costs less than two new strings. The memo only ever maps a string to
 * its own normalisation, so results never depend on what was scored before.
 */
export function normalizeText(value: string): string {
  let normalized = normalizedTexts.get(value);
  if (normalized === undefined) {
    normalized = value.trim().toLowerCase();
    if (value.length <= maxMemoLength) {
      if (normalizedTexts.size >= maxNormalizedTexts) normalizedTexts.clear();
      normalizedTexts.set(value, normalized);
    }
  }
  return normalized;
}

/** Present: not undefined/null, not blank text, not an empty list (or a list of blanks). */
export function isPresent(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) {
    for (const element of value) if (isPresent(element)) return true;
    return false;
  }
  return true;
}

/** The value `exists` reports as matched: the first present element of a list, or the value itself. */
export function firstPresentScalar(value: unknown): string | number | boolean | null {
  if (Array.isArray(value)) {
    for (const element of value) if (isPresent(element)) return toMatchedValue(element);
    return null;
  }
  return toMatchedValue(value);
}

export function toMatchedValue(value: unknown): string | number | boolean | null {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null;
}

/** The domain of an email (after the last @) or of a bare domain, normalised. */
export function domainOf(value: string): string {
  const text = normalizeText(value);
  const at = text.lastIndexOf('@');
  const domain = at === -1 ? text : text.slice(at + 1);
  return domain.endsWith('.') ? domain.slice(0, -1) : domain;
}

/** The local part of an email without a "+tag", normalised; "" when there is no @. */
export function localPartOf(value: string): string {
  const text = normalizeText(value);
  const at = text.lastIndexOf('@');
  if (at <= 0) return '';
  const local = text.slice(0, at);
  const plus = local.indexOf('+');
  return plus === -1 ? local : local.slice(0, plus);
}

/** True when the domain or one of its parents is in the set ("eu.acme.com" is in { "acme.com" }). */
export function isDomainInSet(domain: string, domains: ReadonlySet<string>): boolean {
  let rest = domain;
  while (rest !== '') {
    if (domains.has(rest)) return true;
    const dot = rest.indexOf('.');
    if (dot === -1) return false;
    rest = rest.slice(dot + 1);
  }
  return false;
}

/** Splits a URL pattern into the literal parts between its `*` wildcards, lower-cased. */
export function compileUrlPattern(pattern: string): string[] {
  return normalizeText(pattern)
    .split('*')
    .filter((part) => part !== '');
}

/** The parts must occur in order anywhere in the URL; linear scans only, so no pattern can blow up. */
export function matchesUrlPattern(url: string, parts: readonly string[]): boolean {
  const text = url.toLowerCase();
  let from = 0;
  for (const part of parts) {
    const found = text.indexOf(part, from);
    if (found === -1) return false;
    from = found + part.length;
  }
  return true;
}

/** Half away from zero, and never -0: points are integers so contributions sum exactly. */
export function roundPoints(value: number): number {
  const rounded = value < 0 ? -Math.round(-value) : Math.round(value);
  return rounded === 0 ? 0 : rounded;
}

/** units × pointsPerUnit, clamped to ±cap, then rounded. */
export function scaleToPoints(units: number, pointsPerUnit: number, cap: number): number {
  let raw = units * pointsPerUnit;
  if (Number.isNaN(raw)) return 0;
  if (raw > cap) raw = cap;
  else if (raw < -cap) raw = -cap;
  return roundPoints(raw);
}

export interface EventRuleSpec {
  eventTypes: ReadonlySet<string>;
  urlParts: readonly string[] | null;
  isSum: boolean;
  /** Infinity when the rule has no window. */
  windowMs: number;
  /** 0 when the rule has no decay. */
  halfLifeMs: number;
  pointsPerUnit: number;
  cap: number;
}

/** Counted (or summed) events within the window before `now`, each decayed by its age; future events never count. */
export function sumEventUnits(
  events: readonly EngagementEvent[] | undefined,
  nowMs: number,
  spec: EventRuleSpec,
) {
  if (events === undefined || events.length === 0) return 0;
  let units = 0;
  for (const event of events) {
    if (!spec.eventTypes.has(event.type)) continue;
    if (
      spec.urlParts !== null &&
      (typeof event.url !== 'string' || !matchesUrlPattern(event.url, spec.urlParts))
    )
      continue;
    const at = Date.parse(event.at);
    if (!(at <= nowMs)) continue;
    const age = nowMs - at;
    if (age > spec.windowMs) continue;
    const unit = spec.isSum ? (typeof event.value === 'number' ? event.value : 0) : 1;
    units += spec.halfLifeMs > 0 ? unit * 0.5 ** (age / spec.halfLifeMs) : unit;
  }
  return units;
}

/** The state of a checklist answer; own keys only, and anything malformed counts as unknown. */
export function readAnswerState(qualification: unknown, item: string): QualificationState {
  if (qualification === null || typeof qualification !== 'object' || !Object.hasOwn(qualification, item))
    return 'unknown';
  const answer = (qualification as Record<string, unknown>)[item];
  if (answer === null || typeof answer !== 'object') return 'unknown';
  const state = (answer as { state?: unknown }).state;
  return state === 'claimed' || state === 'verified' ? state : 'unknown';
}
