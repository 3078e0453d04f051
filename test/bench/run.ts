/**
 * `pnpm bench [module…]`: runs the registered bench modules (all, or those named), prints one table and writes
 * bench-results.json at the repo root, one key per figure. Running only some modules keeps the other keys.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchFigure } from './bench-module';
import { benchModules } from './registry';

const resultsPath = fileURLToPath(new URL('../../bench-results.json', import.meta.url));

function formatValue(figure: BenchFigure): string {
  const { value } = figure;
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

async function main() {
  const requested = process.argv.slice(2);
  const unknown = requested.filter((name) => !benchModules.some((module) => module.name === name));
  if (unknown.length > 0) {
    console.error(
      `unknown bench module(s): ${unknown.join(', ')} (known: ${benchModules.map((m) => m.name).join(', ')})`,
    );
    process.exit(2);
  }
  const modules =
    requested.length === 0 ? benchModules : benchModules.filter((m) => requested.includes(m.name));
  const figures: BenchFigure[] = [];
  for (const module of modules) {
    console.log(`\n▶ ${module.name}: ${module.description}`);
    const started = performance.now();
    figures.push(...(await module.run((line) => console.log(`  ${line}`))));
    console.log(`  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }

  const keyWidth = Math.max(...figures.map((figure) => figure.key.length), 3);
  const valueWidth = Math.max(...figures.map((figure) => formatValue(figure).length), 5);
  console.log(`\n${'key'.padEnd(keyWidth)}  ${'value'.padStart(valueWidth)}  unit        what`);
  for (const figure of figures) {
    console.log(
      `${figure.key.padEnd(keyWidth)}  ${formatValue(figure).padStart(valueWidth)}  ${figure.unit.padEnd(10)}  ${figure.label}`,
    );
  }

  const previous: Record<string, number> =
    requested.length > 0 && existsSync(resultsPath) ? JSON.parse(readFileSync(resultsPath, 'utf8')) : {};
  const results = { ...previous, ...Object.fromEntries(figures.map((figure) => [figure.key, figure.value])) };
  writeFileSync(resultsPath, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwrote ${resultsPath}`);
}

await main();
