import {
  type ColumnTransform,
  type ImportTargetType,
  normalizeDomain,
  normalizeEmail,
  normalizeLinkedinUrl,
  normalizePhone,
} from '@leadlight/contract';

/** A cell on its way to a lead field: text at first, then whatever the transforms made of it. */
export type CellValue = string | number | boolean | string[];

export type StepResult = { ok: true; value: CellValue | null } | { ok: false; message: string };

const numberPattern = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const defaultTrue = ['yes', 'y', 'true', '1'];
const defaultFalse = ['no', 'n', 'false', '0'];

/** Quotes a value for an error message, cut short: errors name the bad value without echoing a whole cell. */
export function quote(value: unknown): string {
  const text = Array.isArray(value) ? value.join(', ') : String(value);
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}

function parseNumber(value: CellValue): number | null {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (!numberPattern.test(text)) return null;
  const parsed = Number(text);
  return Number.isFinite(parsed) ? parsed : null;
}

function parseBoolean(value: CellValue, trueWords: string[], falseWords: string[]): boolean | null {
  if (typeof value === 'boolean') return value;
  const text = String(value).trim().toLowerCase();
  if (trueWords.some((word) => word.toLowerCase() === text)) return true;
  if (falseWords.some((word) => word.toLowerCase() === text)) return false;
  return null;
}

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;
const isoDateTime =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** ISO-8601 instant for a date or date-time; local times without an offset are read as UTC. */
export function parseDateTime(text: string): string | null {
  const trimmed = text.trim();
  const dateOnly = isoDate.exec(trimmed);
  const match = dateOnly ?? isoDateTime.exec(trimmed);
  if (!match) return null;
  const [, year, month, day, hour = '00', minute = '00', second = '00', fraction = ''] = match;
  const offsetRaw = dateOnly ? 'Z' : (match[8] ?? 'Z');
  const offset = offsetRaw.toUpperCase() === 'Z' ? 'Z' : `${offsetRaw.slice(0, 3)}:${offsetRaw.slice(-2)}`;
  const millis = (fraction || '.').slice(0, 4).padEnd(4, '0');
  const instant = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}${millis}${offset}`);
  if (Number.isNaN(instant.getTime())) return null;
  // Date rolls 2024-02-30 over to March: refuse instead of storing a different day.
  const check = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (check.getUTCDate() !== Number(day) || check.getUTCMonth() !== Number(month) - 1) return null;
  return instant.toISOString();
}

function describeDate(text: string): string {
  return /^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}/.test(text.trim())
    ? `${quote(text)} is ambiguous (day/month order): use YYYY-MM-DD`
    : `not a date: ${quote(text)}`;
}

/** Applies one transform. A value of null means "missing": later steps are skipped and the field stays unset. */
export function applyTransform(value: CellValue, transform: ColumnTransform): StepResult {
  switch (transform.op) {
    case 'number': {
      const parsed = parseNumber(value);
      return parsed === null
        ? { ok: false, message: `not a number: ${quote(value)}` }
        : { ok: true, value: parsed };
    }
    case 'integer': {
      const parsed = parseNumber(value);
      return parsed === null || !Number.isInteger(parsed)
        ? { ok: false, message: `not a whole number: ${quote(value)}` }
        : { ok: true, value: parsed };
    }
    case 'scale': {
      const parsed = parseNumber(value);
      return parsed === null
        ? { ok: false, message: `not a number: ${quote(value)}` }
        : { ok: true, value: parsed * transform.factor };
    }
    case 'boolean': {
      const parsed = parseBoolean(value, transform.true, transform.false);
      return parsed === null
        ? {
            ok: false,
            message: `expected ${[...transform.true, ...transform.false].join('/')}, got ${quote(value)}`,
          }
        : { ok: true, value: parsed };
    }
    case 'split': {
      const parts = (Array.isArray(value) ? value : String(value).split(transform.separator))
        .map((part) => part.trim())
        .filter((part) => part !== '');
      return { ok: true, value: parts.length > 0 ? parts : null };
    }
    case 'map': {
      const text = String(value);
      const key = transform.caseInsensitive
        ? Object.keys(transform.values).find((candidate) => candidate.toLowerCase() === text.toLowerCase())
        : Object.hasOwn(transform.values, text)
          ? text
          : undefined;
      if (key !== undefined) return { ok: true, value: transform.values[key] ?? null };
      if (transform.otherwise === 'missing') return { ok: true, value: null };
      if (transform.otherwise === 'error') return { ok: false, message: `unexpected value ${quote(value)}` };
      return { ok: true, value };
    }
    case 'lowercase':
      return {
        ok: true,
        value: Array.isArray(value) ? value.map((item) => item.toLowerCase()) : String(value).toLowerCase(),
      };
    case 'email':
      return normalizeEach(value, (text) => normalizeEmail(text), 'not a valid email address');
    case 'phone':
      return normalizeEach(value, (text) => normalizePhone(text), 'not a phone number (6–15 digits)');
    case 'domain':
      return normalizeEach(value, (text) => normalizeDomain(text), 'not a web address or domain');
    case 'linkedin': {
      const result = normalizeLinkedinUrl(String(value));
      return result.ok
        ? { ok: true, value: result.key }
        : { ok: false, message: `not a LinkedIn profile URL (${result.reason}): ${quote(value)}` };
    }
    case 'datetime': {
      const parsed = parseDateTime(String(value));
      return parsed === null
        ? { ok: false, message: describeDate(String(value)) }
        : { ok: true, value: parsed };
    }
  }
}

function normalizeEach(
  value: CellValue,
  normalize: (text: string) => string | null,
  problem: string,
): StepResult {
  const items = Array.isArray(value) ? value : [String(value)];
  const normalized: string[] = [];
  for (const item of items) {
    const result = normalize(item);
    if (result === null) return { ok: false, message: `${problem}: ${quote(item)}` };
    normalized.push(result);
  }
  return { ok: true, value: Array.isArray(value) ? normalized : (normalized[0] ?? null) };
}

export type CoercedValue = string | number | boolean | string[];

/** Fits a transformed value to the type its target field holds; numbers are parsed here when no transform did. */
export function coerceToTarget(
  value: CellValue,
  type: ImportTargetType,
  target: string,
): { ok: true; value: CoercedValue } | { ok: false; message: string } {
  switch (type) {
    case 'string':
      if (Array.isArray(value)) return { ok: false, message: `${target} holds one value, got a list` };
      return { ok: true, value: String(value) };
    case 'strings':
      return { ok: true, value: Array.isArray(value) ? value : [String(value)] };
    case 'number':
    case 'integer': {
      if (Array.isArray(value) || typeof value === 'boolean') {
        return { ok: false, message: `${target} needs a number, got ${quote(value)}` };
      }
      const parsed = parseNumber(value);
      if (parsed === null) return { ok: false, message: `${target} needs a number, got ${quote(value)}` };
      if (type === 'integer' && !Number.isInteger(parsed)) {
        return { ok: false, message: `${target} needs a whole number, got ${quote(value)}` };
      }
      return { ok: true, value: parsed };
    }
    case 'boolean': {
      const parsed = Array.isArray(value) ? null : parseBoolean(value, defaultTrue, defaultFalse);
      return parsed === null
        ? { ok: false, message: `${target} needs yes/no, got ${quote(value)}` }
        : { ok: true, value: parsed };
    }
    case 'datetime': {
      if (typeof value !== 'string')
        return { ok: false, message: `${target} needs a date, got ${quote(value)}` };
      const parsed = parseDateTime(value);
      return parsed === null ? { ok: false, message: describeDate(value) } : { ok: true, value: parsed };
    }
    case 'any':
      if (Array.isArray(value)) {
        return {
          ok: false,
          message: `${target} holds one value, got a list (map lists to tags or join them)`,
        };
      }
      return { ok: true, value };
  }
}
