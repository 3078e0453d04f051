import { existsSync, readFileSync } from 'node:fs';
import type { BacktestResult, LeadWithOutcome } from '@leadlight/contract';
import {
  buildPresetMapping,
  detectPreset,
  isPresetName,
  mapRows,
  presetNames,
  toLeadsWithOutcomes,
} from '@leadlight/import';
import { backtest, validateRuleset } from '@leadlight/rules';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { parse } from 'csv-parse/sync';
import { systemClock } from '../clock';
import { loadConfig } from '../config';
import { compileActiveRuleset } from '../db/active-ruleset';
import { closeDatabase, migrate, openDatabase } from '../db/client';
import { loadLeadsWithOutcomes } from '../services/rulesets';
import { failCommand, printResult } from './output';

interface RulesOptions {
  json?: boolean | undefined;
}

interface BacktestOptions extends RulesOptions {
  leads?: string | undefined;
  preset?: string | undefined;
  threshold?: number | undefined;
  db?: string | undefined;
}

function readJsonFile(file: string, isJson: boolean): unknown {
  if (!existsSync(file)) failCommand(`no such file: ${file}`, isJson);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return failCommand(`${file} is not JSON: ${(error as Error).message}`, isJson);
  }
}

/** Validates FILE; exits 1 listing every error by path when it is invalid. */
export function runRulesValidate(file: string, options: RulesOptions): void {
  const isJson = options.json === true;
  const result = validateRuleset(readJsonFile(file, isJson));
  if (result.ok) {
    const { ruleset } = result;
    printResult(
      isJson,
      { ok: true, id: ruleset.id, version: ruleset.version, rules: ruleset.rules.length, errors: [] },
      () =>
        `${file}: valid (${ruleset.id}@${ruleset.version}, ${ruleset.rules.length} rules, MQL at ${ruleset.thresholds.mql})`,
    );
    return;
  }
  printResult(isJson, { ok: false, errors: result.errors }, () =>
    [
      `${file}: ${result.errors.length} error(s)`,
      ...result.errors.map((e) => `  ${e.path || '(root)'}: ${e.message}`),
    ].join('\n'),
  );
  process.exitCode = 1;
}

/** Leads with outcomes from a CSV export, mapped by a preset (detected when not given). */
function readLeadsCsv(
  file: string,
  presetName: string | undefined,
  isJson: boolean,
): { leads: LeadWithOutcome[]; preset: string; rows: number } {
  if (!existsSync(file)) failCommand(`no such file: ${file}`, isJson);
  let records: string[][];
  try {
    records = parse(readFileSync(file), {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as string[][];
  } catch (error) {
    return failCommand(`cannot parse ${file} as CSV: ${(error as Error).message}`, isJson);
  }
  const [header, ...rows] = records;
  if (header === undefined) failCommand(`${file} is empty`, isJson);
  const preset = presetName ?? detectPreset(header).preset;
  if (!isPresetName(preset)) failCommand(`unknown preset ${preset} (use ${presetNames.join(', ')})`, isJson);
  const leads = toLeadsWithOutcomes(mapRows(header, rows, buildPresetMapping(preset, header)));
  return { leads, preset, rows: rows.length };
}

function formatRate(value: number | null): string {
  return value === null ? 'n/a' : `${(value * 100).toFixed(1)}%`;
}

function describeBacktest(result: BacktestResult, source: string): string {
  const lines = [
    `${source}: ${result.leads} leads with outcomes, ${result.converted} converted`,
    `  MQL threshold ${result.threshold}: ${result.mqlCount} predicted MQL (${formatRate(result.mqlShare)})`,
    `  precision ${formatRate(result.precision)}, recall ${formatRate(result.recall)}, F1 ${result.f1 === null ? 'n/a' : result.f1.toFixed(3)}, AUC ${result.auc === null ? 'n/a' : result.auc.toFixed(3)}`,
    `  conversion: MQL ${formatRate(result.mqlConversionRate)} vs rest ${formatRate(result.restConversionRate)}`,
    '  decile  leads  converted  rate     lift   scores',
  ];
  for (const decile of result.deciles) {
    lines.push(
      `  ${String(decile.decile).padStart(6)}  ${String(decile.count).padStart(5)}  ${String(decile.converted).padStart(9)}  ${formatRate(decile.conversionRate).padEnd(7)}  ${decile.lift === null ? 'n/a ' : decile.lift.toFixed(2)}   ${decile.minScore ?? ''}…${decile.maxScore ?? ''}`,
    );
  }
  return lines.join('\n');
}

/** Backtests FILE on a CSV export with outcomes (--leads), or on the database's leads with known outcomes. */
export function runRulesBacktest(file: string, options: BacktestOptions): void {
  const isJson = options.json === true;
  const validation = validateRuleset(readJsonFile(file, isJson));
  if (!validation.ok) {
    failCommand(
      `${file} is invalid: ${validation.errors.map((e) => `${e.path || '(root)'}: ${e.message}`).join('; ')}`,
      isJson,
    );
  }
  if (options.preset !== undefined && options.leads === undefined)
    failCommand('--preset needs --leads', isJson);
  const compiled = compileActiveRuleset(validation.ruleset).compiled;
  let leads: LeadWithOutcome[];
  let source: string;
  if (options.leads !== undefined) {
    const read = readLeadsCsv(options.leads, options.preset, isJson);
    leads = read.leads;
    source = `${options.leads} (preset ${read.preset}, ${read.rows} rows)`;
  } else {
    const { databasePath } = loadConfig({ databasePath: options.db });
    const db = openDatabase(databasePath);
    try {
      migrate(db);
      leads = loadLeadsWithOutcomes(db);
    } finally {
      closeDatabase(db);
    }
    source = databasePath;
  }
  if (leads.length === 0) failCommand(`no leads with a known outcome in ${source}`, isJson);
  const result = backtest(compiled, leads, {
    now: systemClock.now(),
    ...(options.threshold === undefined ? {} : { threshold: options.threshold }),
  });
  printResult(
    isJson,
    { ruleset: `${validation.ruleset.id}@${validation.ruleset.version}`, source, result },
    () => describeBacktest(result, source),
  );
}

function parseThreshold(value: string): number {
  const threshold = Number(value);
  if (!Number.isInteger(threshold)) throw new InvalidArgumentError('not an integer');
  return threshold;
}

/** `leadlight rules validate FILE` and `leadlight rules backtest FILE [--leads CSV --preset NAME]`. */
export function registerRulesCommands(program: Command): void {
  const rules = program.command('rules').description('check and measure ruleset files before drafting them');
  rules
    .command('validate')
    .description('validate a ruleset JSON file; exit 1 listing every error by path')
    .argument('<file>')
    .option('--json', 'print one JSON document (for scripts)')
    .action(runRulesValidate);
  rules
    .command('backtest')
    .description(
      'score leads with known outcomes using a ruleset file and report precision, recall, AUC, deciles',
    )
    .argument('<file>')
    .option('--leads <csv>', 'a CSV export with outcomes (default: the leads with outcomes in the database)')
    .addOption(
      new Option('--preset <name>', 'column mapping of --leads (default: detected)').choices([
        ...presetNames,
      ]),
    )
    .option('--threshold <points>', 'try another MQL threshold', parseThreshold)
    .option('--db <file>', 'SQLite database file (default: $LEADLIGHT_DB or ./data/leadlight.db)')
    .option('--json', 'print one JSON document (for scripts)')
    .action(runRulesBacktest);
}
