import { chmodSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SingleBar } from 'cli-progress';
import { loadConfig } from '../config';
import { closeDatabase, migrate, openDatabase } from '../db/client';
import { defaultDemoLeadsFile, readDemoLeads, seedDemoDatabase } from '../demo/seed-demo';
import { failCommand, printResult } from './output';

export interface DemoOptions {
  db?: string | undefined;
  leads?: string | undefined;
  force?: boolean | undefined;
  json?: boolean | undefined;
}

function describeStages(stages: Record<string, number>): string {
  return Object.entries(stages)
    .map(([stage, count]) => `${count} ${stage}`)
    .join(', ');
}

/** Builds a fresh demo database and saves the demo tokens next to it (mode 600). */
export async function runDemo(options: DemoOptions): Promise<void> {
  const isJson = options.json === true;
  const config = loadConfig({ databasePath: options.db });
  const path = config.databasePath;
  const files = [path, `${path}-wal`, `${path}-shm`];
  if (existsSync(path)) {
    if (!options.force)
      failCommand(`${path} exists; pass --force to replace it with a fresh demo database`, isJson);
    for (const file of files) rmSync(file, { force: true });
  }
  const leadsFile = options.leads ?? defaultDemoLeadsFile;
  if (!existsSync(leadsFile)) failCommand(`leads file not found: ${leadsFile}`, isJson);

  const db = openDatabase(path);
  migrate(db);
  const bar =
    isJson || !process.stderr.isTTY
      ? undefined
      : new SingleBar({
          stream: process.stderr,
          format: 'importing X Education leads [{bar}] {value}/{total}',
        });
  let isStarted = false;
  const result = await seedDemoDatabase(db, {
    leadsCsv: readDemoLeads(leadsFile),
    now: new Date(),
    onProgress: (done, total) => {
      if (!bar) return;
      if (!isStarted) {
        bar.start(total, 0);
        isStarted = true;
      }
      bar.update(done);
    },
  });
  bar?.stop();
  closeDatabase(db);

  const tokensFile = join(dirname(path), 'demo-tokens.json');
  writeFileSync(tokensFile, `${JSON.stringify(result.users, null, 2)}\n`, { mode: 0o600 });
  chmodSync(tokensFile, 0o600);
  const openTotal = Object.values(result.openLeads).reduce((sum, count) => sum + count, 0);
  printResult(isJson, { database: path, tokensFile, ...result }, () =>
    [
      `Demo database ready: ${path}`,
      `Active ruleset: ${result.rulesetId} (signed off by sales and marketing; backtest it in the dashboard's Rules screen)`,
      `Imported ${result.importedLeads} X Education leads, ${result.rejectedRows.length} rows refused: closed history (${result.convertedLeads} converted) and the newest ${openTotal} still open (${describeStages(result.openLeads)})`,
      'Prospects of the extension test pages:',
      ...result.prospects.map((prospect) => `  ${prospect.name} (${prospect.stage}) — ${prospect.page}`),
      `Users and tokens (also saved to ${tokensFile}):`,
      ...result.users.map((user) => `  ${user.role.padEnd(9)} ${user.name} <${user.email}>  ${user.token}`),
    ].join('\n'),
  );
}
