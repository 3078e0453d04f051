import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** The real CLI (`leadlight`), run by node exactly as `pnpm leadlight` runs it. */
export const cliPath = fileURLToPath(new URL('../../../api/bin/leadlight.mjs', import.meta.url));

/** The environment minus LEADLIGHT_* variables, so the shell running the tests cannot change the API's config. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('LEADLIGHT_')));
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one CLI command to completion. */
export function runCli(args: string[], timeoutMs = 90_000): CliResult {
  const result = spawnSync(process.execPath, [cliPath, ...args], {
    env: cleanEnv(),
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Creates a user through `leadlight users add` and returns the token it prints alone on stdout. */
export function addUser(dbPath: string, role: 'rep' | 'marketer' | 'admin', email: string): string {
  const result = runCli([
    'users',
    'add',
    '--name',
    `Fault ${role}`,
    '--email',
    email,
    '--role',
    role,
    '--db',
    dbPath,
  ]);
  const token = result.stdout.trim();
  if (result.status !== 0 || !token.startsWith('ll_')) {
    throw new Error(`users add failed (${result.status}): ${result.stderr}${result.stdout}`);
  }
  return token;
}

export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface ApiProcess {
  child: ChildProcess;
  baseUrl: string;
  /** stderr so far (the API logs unexpected errors there). */
  stderr(): string;
  /** SIGKILL: no shutdown handler runs, exactly like a crash or `kill -9`. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts `leadlight serve` on a database file and waits until /health answers. */
export async function startApi(dbPath: string, port: number, timeoutMs = 90_000): Promise<ApiProcess> {
  const child = spawn(
    process.execPath,
    [cliPath, 'serve', '--db', dbPath, '--port', String(port), '--host', '127.0.0.1'],
    { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  child.stdout?.resume();
  const baseUrl = `http://127.0.0.1:${port}/api/v1`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`leadlight serve exited with ${child.exitCode}: ${stderr}`);
    try {
      const response = await fetch(`${baseUrl}/health`);
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (Date.now() >= deadline) {
    child.kill('SIGKILL');
    throw new Error(`leadlight serve did not answer within ${timeoutMs} ms: ${stderr}`);
  }
  return {
    child,
    baseUrl,
    stderr: () => stderr,
    kill: async () => {
      child.kill('SIGKILL');
      await waitForExit(child);
    },
    stop: async () => {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await waitForExit(child);
      clearTimeout(timer);
    },
  };
}

/** JSON request with a bearer token; network failures surface as `{ status: 0 }` (the caller decides). */
export async function callApi(
  baseUrl: string,
  token: string,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; text: string }> {
  try {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(30_000),
    });
    return { status: response.status, text: await response.text() };
  } catch {
    return { status: 0, text: '' };
  }
}
