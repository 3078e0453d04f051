import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Calls that would make scoring depend on the clock, chance, the environment or I/O. */
const forbidden: Array<[RegExp, string]> = [
  [/\bDate\.now\s*\(/, 'Date.now()'],
  [/\bnew\s+Date\s*\(\s*\)/, 'new Date() without an argument'],
  [/\bMath\.random\s*\(/, 'Math.random()'],
  [/\bperformance\s*\.\s*now\b/, 'performance.now()'],
  [/\bcrypto\s*\./, 'crypto'],
  [/\bprocess\s*\./, 'process'],
  [/\b(fetch|XMLHttpRequest|WebSocket)\s*\(/, 'network I/O'],
  [/\b(document|window|localStorage|sessionStorage|navigator)\s*\./, 'the DOM'],
  [/\b(setTimeout|setInterval|setImmediate|queueMicrotask)\s*\(/, 'timers'],
  [/\brequire\s*\(/, 'require()'],
  [/\bimport\s*\(/, 'dynamic import()'],
  [/from\s+['"](node:|fs|path|os|http|https|net|child_process)/, 'a Node module'],
];

function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

const sourceDir = import.meta.dirname;
const sources = readdirSync(sourceDir).filter(
  (name) => name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.includes('.testkit.'),
);

describe('rules sources are pure', () => {
  it('scans the real sources', () => {
    expect(sources).toEqual(
      expect.arrayContaining(['index.ts', 'compile-ruleset.ts', 'codegen.ts', 'backtest.ts']),
    );
  });

  it.each(sources)('%s calls no clock, randomness, environment or I/O', (name) => {
    const code = stripComments(readFileSync(join(sourceDir, name), 'utf8'));
    const found = forbidden.filter(([pattern]) => pattern.test(code)).map(([, what]) => what);
    expect(found).toEqual([]);
  });

  it('the scanner catches what it looks for', () => {
    const samples = [
      'const t = Date.now();',
      'new Date()',
      'Math.random()',
      "import x from 'node:fs';",
      'process.exit(1)',
    ];
    for (const sample of samples)
      expect(forbidden.some(([pattern]) => pattern.test(stripComments(sample)))).toBe(true);
    expect(
      forbidden.some(([pattern]) =>
        pattern.test(stripComments('new Date(nowMs).toISOString(); // Date.now()')),
      ),
    ).toBe(false);
  });
});
