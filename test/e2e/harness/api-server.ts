import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { promisify } from 'node:util';
import { apiCliPath, repoRoot } from './paths';
import { waitFor, withTimeout } from './wait';

const execFileAsync = promisify(execFile);

export interface ApiServerOptions {
  databasePath: string;
  port: number;
  /** Where the server's stdout and stderr go (a file a person can read after a failure). */
  logPath: string;
}

export interface ApiServer {
  readonly url: string;
  readonly port: number;
  readonly databasePath: string;
  isRunning(): boolean;
  /** Stops the process (SIGTERM, then SIGKILL after a bound); the database file stays. */
  stop(): Promise<void>;
  /** Starts it again on the same database file and port. */
  start(): Promise<void>;
}

/** A clean environment: no LEADLIGHT_* setting of the caller's shell leaks into the server (flags say it all). */
const cliEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'test' };

/** Runs one `leadlight` CLI command to completion and returns its stdout. */
export async function runLeadlightCli(
  args: readonly string[],
  databasePath: string,
  options: { timeoutMs?: number } = {},
): Promise<string> {
  try {
    const { stdout } = await execFileAsync(process.execPath, [apiCliPath, ...args, '--db', databasePath], {
      cwd: repoRoot,
      env: cliEnv,
      timeout: options.timeoutMs ?? 60_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const failure = error as Error & { stderr?: string; stdout?: string };
    throw new Error(
      `leadlight ${args.join(' ')} failed: ${failure.message}\n${failure.stderr ?? ''}${failure.stdout ?? ''}`,
    );
  }
}

async function isHealthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/api/v1/health`, { signal: AbortSignal.timeout(1_000) });
    return response.ok;
  } catch {
    return false;
  }
}

/** The real API (`leadlight serve`) in its own process on a SQLite file, so tests can stop and restart it. */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const url = `http://127.0.0.1:${options.port}`;
  let child: ChildProcess | null = null;
  let log: WriteStream | null = null;

  async function start(): Promise<void> {
    if (child) throw new Error('The API is already running');
    log = createWriteStream(options.logPath, { flags: 'a' });
    const args = [
      'serve',
      '--db',
      options.databasePath,
      '--host',
      '127.0.0.1',
      '--port',
      String(options.port),
    ];
    const started = spawn(process.execPath, [apiCliPath, ...args], {
      cwd: repoRoot,
      env: cliEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.stdout?.pipe(log, { end: false });
    started.stderr?.pipe(log, { end: false });
    child = started;
    const exited = new Promise<never>((_, reject) => {
      started.once('exit', (code, signal) => {
        if (child === started) child = null;
        reject(
          new Error(`leadlight serve exited (${code ?? signal}) before it answered; see ${options.logPath}`),
        );
      });
    });
    exited.catch(() => undefined);
    await Promise.race([
      waitFor('the API health check', () => isHealthy(url), { timeoutMs: 60_000, intervalMs: 100 }),
      exited,
    ]);
  }

  async function stop(): Promise<void> {
    const running = child;
    if (!running) return;
    const exited = new Promise<void>((resolve) => {
      if (running.exitCode !== null || running.signalCode !== null) resolve();
      else running.once('exit', () => resolve());
    });
    running.kill('SIGTERM');
    try {
      await withTimeout(exited, 10_000, 'Stopping the API');
    } catch {
      running.kill('SIGKILL');
      await withTimeout(exited, 5_000, 'Killing the API');
    }
    child = null;
    log?.end();
    log = null;
  }

  await start();
  return {
    url,
    port: options.port,
    databasePath: options.databasePath,
    isRunning: () => child !== null,
    start,
    stop,
  };
}
