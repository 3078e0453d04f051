import { CliError } from './cli/output';
import { createProgram } from './cli/program';
import { DatabaseFileError } from './db/client';

try {
  await createProgram().parseAsync(process.argv);
} catch (error) {
  if (!(error instanceof CliError || error instanceof DatabaseFileError)) throw error;
  if (error instanceof CliError && error.isJson)
    process.stdout.write(`${JSON.stringify({ error: { message: error.message } })}\n`);
  process.stderr.write(`leadlight: ${error.message}\n`);
  process.exitCode = 1;
}
