import { statSync } from 'node:fs';
import { loadConfig } from '../config';
import { backupDatabase, closeDatabase, openDatabase } from '../db/client';
import { failCommand, printResult } from './output';

/** Online backup: the API may keep serving (and writing) while it copies. */
export async function runBackup(
  file: string,
  options: { db?: string | undefined; json?: boolean | undefined },
) {
  const isJson = options.json === true;
  const { databasePath } = loadConfig({ databasePath: options.db });
  if (databasePath === ':memory:') failCommand('cannot back up an in-memory database', isJson);
  const db = openDatabase(databasePath);
  try {
    await backupDatabase(db, file);
  } finally {
    closeDatabase(db);
  }
  const bytes = statSync(file).size;
  printResult(
    isJson,
    { source: databasePath, backup: file, bytes },
    () => `backed up ${databasePath} to ${file} (${bytes} bytes)`,
  );
}
