import { Command, InvalidArgumentError } from 'commander';
import { apiVersion } from '../version';
import { runBackup } from './backup';
import { runDemo } from './demo';
import { registerExportCommand } from './export';
import { registerImportCommand } from './import';
import { registerRulesCommands } from './rules';
import { runServe, type ServeOptions } from './serve';
import { runUsersAdd, runUsersList, runUsersRevoke } from './users';

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new InvalidArgumentError('not a port number');
  return port;
}

const dbOption = [
  '--db <file>',
  'SQLite database file (default: $LEADLIGHT_DB or ./data/leadlight.db)',
] as const;
const jsonOption = ['--json', 'print one JSON document (for scripts)'] as const;

/** The whole CLI; main.ts runs it, tests run it in-process. */
export function createProgram(): Command {
  const program = new Command()
    .name('leadlight')
    .description('Leadlight: lead qualification where sales reps work. API server and admin tools.')
    .version(apiVersion);

  program
    .command('serve')
    .description('apply pending migrations, then serve the API')
    .option('--port <port>', 'port (default: $LEADLIGHT_PORT or 8787)', parsePort)
    .option('--host <host>', 'interface (default: $LEADLIGHT_HOST or 127.0.0.1)')
    .option(...dbOption)
    .option(...jsonOption)
    .action(async (options: ServeOptions) => {
      await runServe(options);
    });

  program
    .command('demo')
    .description(
      'create a fresh demo database: users with tokens, default ruleset, X Education leads, prospects',
    )
    .option(...dbOption)
    .option('--leads <file>', 'X Education CSV (default: test/fixtures/leads/x-education-leads.csv)')
    .option('--force', 'replace an existing database file')
    .option(...jsonOption)
    .action(runDemo);

  const users = program.command('users').description('manage users and their API tokens');
  users
    .command('add')
    .description('add a user; prints the new token alone on stdout')
    .requiredOption('--name <name>', 'full name')
    .requiredOption('--email <email>', 'email (unique)')
    .requiredOption('--role <role>', 'rep | marketer | admin')
    .option('--team <team>', 'sales | marketing (default from the role)')
    .option(...dbOption)
    .option(...jsonOption)
    .action(runUsersAdd);
  users
    .command('list')
    .description('list users and their tokens (never the tokens themselves)')
    .option(...dbOption)
    .option(...jsonOption)
    .action(runUsersList);
  users
    .command('revoke')
    .description('revoke a token by id, or every token of a user by email')
    .argument('<token-id-or-email>')
    .option(...dbOption)
    .option(...jsonOption)
    .action(runUsersRevoke);

  program
    .command('backup')
    .description('online backup of the database to FILE (safe while the API runs)')
    .argument('<file>')
    .option(...dbOption)
    .option(...jsonOption)
    .action(runBackup);

  registerImportCommand(program);
  registerExportCommand(program);
  registerRulesCommands(program);
  return program;
}
