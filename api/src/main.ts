import { CliError } from './cli/output';
import { createProgram } from './cli/program';

try {
  await createProgram().parseAsync(process.argv);
} catch (error) {
  if (!(error instanceof CliError)) throw error;
  if (error.isJson) process.stdout.write(`${JSON.stringify({ error: { message: error.message } })}\n`);
  process.stderr.write(`leadlight: ${error.message}\n`);
  process.exitCode = 1;
}
