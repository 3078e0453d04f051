import { existsSync, readFileSync } from 'node:fs';
import { type ImportJob, type ImportRowIssue, importEncodings, importPresetNames } from '@leadlight/contract';
import { parseColumnMapping } from '@leadlight/import';
import { SingleBar } from 'cli-progress';
import { type Command, Option } from 'commander';
import { loadConfig } from '../config';
import { closeDatabase, migrate, openDatabase } from '../db/client';
import { listImportRowIssues } from '../db/imports';
import { importCsvFile, toImportRowIssue } from '../services/import-leads';
import { failCommand, printResult } from './output';

interface ImportCommandOptions {
  preset?: (typeof importPresetNames)[number] | 'auto' | undefined;
  map?: string | undefined;
  dryRun?: boolean | undefined;
  duplicates?: 'report' | 'merge' | undefined;
  encoding?: (typeof importEncodings)[number] | undefined;
  db?: string | undefined;
  json?: boolean | undefined;
}

const shownIssues = 20;

function readMapping(file: string, isJson: boolean) {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    failCommand(`cannot read the mapping ${file}: ${(error as Error).message}`, isJson);
  }
  const result = parseColumnMapping(json);
  if (!result.ok) {
    failCommand(
      `the mapping ${file} is invalid: ${result.errors.map((e) => `${e.path || '(root)'}: ${e.message}`).join('; ')}`,
      isJson,
    );
  }
  return result.mapping;
}

function describeJob(job: ImportJob, issues: ImportRowIssue[]): string {
  const { progress } = job;
  const verb =
    job.status === 'cancelled' ? 'stopped on request; imported' : job.isDryRun ? 'would import' : 'imported';
  if (job.status === 'failed' && job.error) return `import failed: ${job.error.message}`;
  const lines = [
    `${job.isDryRun ? 'dry run: ' : ''}${verb} ${job.fileName} with mapping "${job.mappingName}": ${progress.rowsDone} rows`,
    `  accepted ${progress.accepted}, in review ${progress.review} (gate: junk / incomplete), rejected ${progress.rejected}, duplicates ${progress.duplicates}, merged ${progress.merged}; with outcome ${progress.withOutcome}`,
  ];
  if (job.columns && job.columns.unmapped.length > 0)
    lines.push(`  not imported columns: ${job.columns.unmapped.join(', ')}`);
  for (const issue of issues.slice(0, shownIssues)) {
    const text = issue.messages.map((m) => `${m.column}: ${m.message}`).join('; ');
    lines.push(`  row ${issue.rowNumber} ${issue.kind}: ${text}`);
  }
  if (issues.length > shownIssues) lines.push(`  … ${issues.length - shownIssues} more (use --json for all)`);
  lines.push(`  job ${job.id}`);
  return lines.join('\n');
}

/** `leadlight import FILE [--preset NAME | --map FILE.json] [--dry-run] [--json]` with a progress bar on stderr. */
export async function runImport(file: string, options: ImportCommandOptions): Promise<void> {
  const isJson = options.json === true;
  if (!existsSync(file)) failCommand(`no such file: ${file}`, isJson);
  const mapping = options.map === undefined ? undefined : readMapping(options.map, isJson);
  const { databasePath } = loadConfig({ databasePath: options.db });
  const db = openDatabase(databasePath);
  const bar = new SingleBar({
    format:
      'importing [{bar}] {value}/{total} rows | accepted {accepted} review {review} rejected {rejected} duplicates {duplicates}',
    stream: process.stderr,
    hideCursor: true,
  });
  let isBarStarted = false;
  try {
    migrate(db);
    const job = await importCsvFile(db, file, {
      preset: options.preset ?? 'auto',
      mapping,
      isDryRun: options.dryRun === true,
      duplicates: options.duplicates ?? 'report',
      encoding: options.encoding ?? 'utf-8',
      actor: null,
      onProgress: (progress) => {
        if (isJson) return;
        const payload = { ...progress };
        if (!isBarStarted) {
          bar.start(progress.totalRows ?? 0, progress.rowsDone, payload);
          isBarStarted = true;
        } else bar.update(progress.rowsDone, payload);
      },
    });
    if (isBarStarted) bar.stop();
    const issues = listImportRowIssues(db, job.id, { limit: Number.MAX_SAFE_INTEGER }).map(toImportRowIssue);
    printResult(isJson, { job, issues }, () => describeJob(job, issues));
    // A stopped import did not do what the command asked: scripts must see it.
    if (job.status === 'failed' || job.status === 'cancelled') process.exitCode = 1;
  } finally {
    if (isBarStarted) bar.stop();
    closeDatabase(db);
  }
}

export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description('import leads from a CSV file (the gate, de-duplication and scoring apply to every row)')
    .argument('<file>', 'CSV file (UTF-8, or --encoding latin1)')
    .addOption(
      new Option('--preset <name>', 'column mapping preset (default: detected from the header)')
        .choices([...importPresetNames, 'auto'])
        .conflicts('map'),
    )
    .option('--map <file.json>', 'custom column mapping (JSON, see ColumnMappingSchema)')
    .option('--dry-run', 'report what would be imported; store nothing')
    .addOption(
      new Option('--duplicates <mode>', 'known people: report them, or merge new values into them')
        .choices(['report', 'merge'])
        .default('report'),
    )
    .addOption(
      new Option('--encoding <name>', 'file encoding').choices([...importEncodings]).default('utf-8'),
    )
    .option('--db <file>', 'SQLite database file (default: $LEADLIGHT_DB or ./data/leadlight.db)')
    .option('--json', 'print one JSON document (for scripts)')
    .action(runImport);
}
