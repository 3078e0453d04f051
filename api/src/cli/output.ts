/** A command failure: main.ts prints it to stderr (and as JSON on stdout with --json) and exits 1. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly isJson: boolean,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** CLI output: human text, or one JSON document with --json (for scripts). */
export function printResult(isJson: boolean, value: unknown, text: () => string): void {
  process.stdout.write(isJson ? `${JSON.stringify(value, null, 2)}\n` : `${text()}\n`);
}

export function failCommand(message: string, isJson: boolean): never {
  throw new CliError(message, isJson);
}
