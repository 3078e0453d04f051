import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { ExportLeadsQuerySchema, exportFormats, leadSorts, stages } from '@leadlight/contract';
import { type Command, Option } from 'commander';
import { loadConfig } from '../config';
import { closeDatabase, migrate, openDatabase } from '../db/client';
import { streamLeadExport } from '../services/export-leads';
import { failCommand, printResult } from './output';

interface ExportCommandOptions {
  format?: string | undefined;
  stage?: string | undefined;
  owner?: string | undefined;
  source?: string | undefined;
  campaign?: string | undefined;
  tag?: string | undefined;
  flag?: string | undefined;
  q?: string | undefined;
  sort?: string | undefined;
  out?: string | undefined;
  db?: string | undefined;
  json?: boolean | undefined;
}

/** `leadlight export [--format csv|json] [filters] [--out FILE]`: the API's export, to a file or stdout. */
export async function runExport(options: ExportCommandOptions): Promise<void> {
  const isJson = options.json === true;
  const { out, db: dbPath, json: _json, ...filters } = options;
  const parsed = ExportLeadsQuerySchema.safeParse(
    Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined)),
  );
  if (!parsed.success) {
    failCommand(
      parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('; '),
      isJson,
    );
  }
  if (isJson && out === undefined)
    failCommand('--json describes the export written with --out; add --out FILE', isJson);
  const { databasePath } = loadConfig({ databasePath: dbPath });
  const db = openDatabase(databasePath);
  let count = 0;
  try {
    migrate(db);
    const output = out === undefined ? process.stdout : createWriteStream(out);
    // "me" means nobody on the command line: there is no caller.
    const chunks = streamLeadExport(db, parsed.data, {
      viewerId: '',
      now: new Date(),
      onCount: (n) => (count = n),
    });
    for await (const chunk of chunks) {
      if (!output.write(chunk)) await once(output, 'drain');
    }
    if (out !== undefined) {
      const file = output as ReturnType<typeof createWriteStream>;
      file.end();
      await once(file, 'finish');
      printResult(
        isJson,
        { file: out, format: parsed.data.format, count },
        () => `exported ${count} leads to ${out}`,
      );
    }
  } finally {
    closeDatabase(db);
  }
}

export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description('export leads as CSV or JSON, with the filters of the lead list')
    .addOption(new Option('--format <format>', 'output format').choices([...exportFormats]).default('csv'))
    .addOption(new Option('--stage <stage>', 'only this stage').choices([...stages]))
    .option('--owner <id>', 'owner user id, or "none" for unowned leads')
    .option('--source <channel>', 'source channel')
    .option('--campaign <name>', 'source campaign')
    .option('--tag <tag>', 'tag')
    .option('--flag <flag>', 'score flag (junk, incomplete)')
    .option('--q <text>', 'text search over name, company, domain, emails and title')
    .addOption(new Option('--sort <sort>', 'order').choices([...leadSorts]).default('-createdAt'))
    .option('--out <file>', 'write to FILE instead of stdout')
    .option('--db <file>', 'SQLite database file (default: $LEADLIGHT_DB or ./data/leadlight.db)')
    .option('--json', 'with --out: print a JSON summary of the export (for scripts)')
    .action(runExport);
}
