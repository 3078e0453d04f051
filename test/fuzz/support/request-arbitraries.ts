import fc from 'fast-check';
import type { Actor } from './fuzz-world';

/** Values that have broken APIs before: wrong types, edges of numbers, markup, SQL, formulas, control characters. */
export const hostileValues: readonly unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  -0.000001,
  1e21,
  2 ** 53 + 2,
  -(2 ** 31),
  '',
  ' ',
  'x'.repeat(10_001),
  '<img src=x onerror=alert(1)>',
  "'; DROP TABLE leads; --",
  '" OR 1=1 --',
  '=cmd|" /C calc"!A0',
  '%_\\',
  '\u0000',
  '\u202egnp.exe',
  '😀👩‍👩‍👧',
  '2026-11-24T09:00:00.000Z',
  '2999-01-01T00:00:00Z',
  'not-a-date',
  'me',
  'none',
  '__proto__',
  'constructor',
  [],
  {},
  [1, 'two', null],
  { nested: { deeper: [{}] } },
];

/** Fields nobody may set through the API (mass assignment probes) and prototype keys. */
export const forbiddenKeys = [
  'id',
  'role',
  'version',
  'score',
  'grade',
  'stage',
  'ownerId',
  'authorId',
  'userId',
  'createdAt',
  'isAdmin',
  'gate',
  'constructor',
  'prototype',
] as const;

const printable = fc.string({ unit: 'grapheme-ascii', maxLength: 40 });
const anyText = fc.oneof(
  printable,
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
);

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...hostileValues) },
  { weight: 2, arbitrary: anyText },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

type Json = Record<string, unknown>;

/** One edit of a valid body: drop a field, give one a hostile value, add a forbidden or unknown one. */
type Mutation =
  | { kind: 'drop'; pick: number }
  | { kind: 'set'; pick: number; value: unknown }
  | { kind: 'deep'; pick: number; value: unknown }
  | { kind: 'add'; key: string; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('set' as const), pick: fc.nat(), value: hostileValue }),
  fc.record({ kind: fc.constant('deep' as const), pick: fc.nat(), value: hostileValue }),
  fc.record({
    kind: fc.constant('add' as const),
    key: fc.oneof(fc.constantFrom(...forbiddenKeys), printable),
    value: hostileValue,
  }),
);

function applyMutation(body: Json, change: Mutation): Json {
  const keys = Object.keys(body);
  const copy: Json = { ...body };
  const key = keys.length === 0 ? undefined : keys[('pick' in change ? change.pick : 0) % keys.length];
  switch (change.kind) {
    case 'drop':
      if (key !== undefined) delete copy[key];
      return copy;
    case 'set':
      if (key !== undefined) copy[key] = change.value;
      return copy;
    case 'deep': {
      const inner = key === undefined ? undefined : copy[key];
      if (key !== undefined && inner !== null && typeof inner === 'object' && !Array.isArray(inner)) {
        const innerKeys = Object.keys(inner);
        const innerKey = innerKeys[change.pick % Math.max(innerKeys.length, 1)] ?? 'extra';
        copy[key] = { ...(inner as Json), [innerKey]: change.value };
      } else if (key !== undefined && Array.isArray(inner)) {
        copy[key] = [...inner, change.value];
      }
      return copy;
    }
    case 'add':
      // defineProperty: a literal "__proto__" or "constructor" key must become an own property, as JSON.parse makes it.
      Object.defineProperty(copy, change.key, { value: change.value, enumerable: true, writable: true });
      return copy;
  }
}

export type BodyCase = { kind: 'json'; value: unknown } | { kind: 'raw'; text: string };

const malformedJson = fc.oneof(
  fc.constantFrom(
    '{"body": ',
    '{"__proto__": {"role": "admin"}, "body": "x"}',
    '{"constructor": {"prototype": {"isAdmin": true}}}',
    'null',
    '[]',
    '"just a string"',
    '1e999',
    '\uFEFF{"body":"bom"}',
    '{"a":1,"a":2}',
    `${'['.repeat(5000)}${']'.repeat(5000)}`,
    '{"body": "\\ud800"}',
    'not json at all',
  ),
  anyText,
);

/** A request body: mostly a valid template with a few mutations, sometimes arbitrary JSON or broken text. */
export function bodyArbitrary(validBody: (n: number) => unknown): fc.Arbitrary<BodyCase> {
  const mutated = fc.tuple(fc.nat(), fc.array(mutation, { maxLength: 3 })).map(([n, changes]): BodyCase => {
    const base = validBody(n);
    if (base === null || typeof base !== 'object' || Array.isArray(base))
      return { kind: 'json', value: base };
    return { kind: 'json', value: changes.reduce(applyMutation, base as Json) };
  });
  return fc.oneof(
    { weight: 6, arbitrary: mutated },
    {
      weight: 1,
      arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value): BodyCase => ({ kind: 'json', value })),
    },
    { weight: 1, arbitrary: malformedJson.map((text): BodyCase => ({ kind: 'raw', text })) },
  );
}

export type AuthCase =
  | { kind: 'actor'; actor: Actor; scheme: string }
  | { kind: 'bad'; header: string | null };

/** Mostly a real token of some actor; sometimes none, a malformed header or a near-miss token. */
export function authArbitrary(tokens: Record<Actor, string>): fc.Arbitrary<AuthCase> {
  const actorNames = Object.keys(tokens) as Actor[];
  const good = fc.record({
    kind: fc.constant('actor' as const),
    actor: fc.constantFrom(...actorNames),
    scheme: fc.constantFrom('Bearer', 'bearer', 'BEARER'),
  });
  const bad = fc
    .oneof(
      fc.constant(null),
      fc.constantFrom('Bearer', 'Bearer ', 'Basic YWRtaW46YWRtaW4=', 'Token abc', 'Bearer a b'),
      printable.map((text) => `Bearer ${text}x`),
      fc.constantFrom(...actorNames).map((actor) => `Bearer ${tokens[actor]}x`),
      fc.constantFrom(...actorNames).map((actor) => `Bearer ${tokens[actor].slice(0, -1)}`),
    )
    .map((header): AuthCase => ({ kind: 'bad', header }));
  return fc.oneof({ weight: 9, arbitrary: good }, { weight: 1, arbitrary: bad });
}

export const contentTypeArbitrary = fc.oneof(
  { weight: 12, arbitrary: fc.constant('application/json') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      'application/vnd.api+json',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/jsonx',
      'application/xml',
    ),
  },
  { weight: 1, arbitrary: printable },
);

export const idempotencyKeyArbitrary: fc.Arbitrary<string | null> = fc.oneof(
  { weight: 6, arbitrary: fc.constant(null) },
  { weight: 3, arbitrary: fc.constantFrom('fuzz-key-1', 'fuzz-key-2', 'fuzz-key-3') },
  { weight: 1, arbitrary: printable.filter((key) => key.trim().length > 0) },
  { weight: 1, arbitrary: fc.constant('k'.repeat(300)) },
);

const headerName = fc.stringMatching(/^x-[a-z0-9-]{1,20}$/);
export const extraHeadersArbitrary = fc.array(
  fc.oneof(
    fc.tuple(fc.constantFrom('x-forwarded-for', 'origin', 'accept', 'accept-language', 'referer'), printable),
    fc.tuple(headerName, printable),
  ),
  { maxLength: 3 },
);

/** A path parameter: mostly existing ids, otherwise random or tricky values (never "." or "..", which URLs resolve). */
export function paramArbitrary(existing: readonly string[]): fc.Arbitrary<string> {
  const tricky = fc.constantFrom(
    ' ',
    '%',
    'a'.repeat(101),
    "' OR '1'='1",
    'null',
    '0',
    '-1',
    '__proto__',
    'constructor',
    'me',
    '../users',
    'a/b',
  );
  const options: fc.WeightedArbitrary<string>[] = [
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }) },
    { weight: 1, arbitrary: tricky },
  ];
  if (existing.length > 0) {
    options.push({ weight: 6, arbitrary: fc.constantFrom(...existing) });
    options.push({ weight: 1, arbitrary: fc.constantFrom(...existing).map((id) => ` ${id.toUpperCase()} `) });
  }
  return fc.oneof(...options).filter((value) => value !== '.' && value !== '..');
}

/** Query pairs: known keys with hostile or plausible values, unknown keys, repeated keys. */
export function queryArbitrary(knownKeys: readonly string[]): fc.Arbitrary<[string, string][]> {
  const value = fc.oneof(
    fc.constantFrom(
      '',
      ' ',
      '1',
      '0',
      '-5',
      '201',
      '50',
      'mql',
      'me',
      'none',
      '-createdAt',
      'score',
      '%',
      '_',
    ),
    fc.string({ unit: 'grapheme', maxLength: 60 }),
    fc.constant('q'.repeat(600)),
  );
  const key =
    knownKeys.length > 0
      ? fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom(...knownKeys) },
          { weight: 1, arbitrary: fc.stringMatching(/^[a-z_]{1,10}$/) },
        )
      : fc.stringMatching(/^[a-z_]{1,10}$/);
  return fc.array(fc.tuple(key, value), { maxLength: 4 });
}
