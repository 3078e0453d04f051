import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { closeDatabase, openDatabase } from '../db/client';
import { findUserByToken, listUsers } from '../db/users';
import { CliError } from './output';
import { createProgram } from './program';

const directory = mkdtempSync(join(tmpdir(), 'leadlight-cli-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** Runs the CLI in-process and returns what it printed on stdout. */
async function leadlight(...args: string[]): Promise<string> {
  let output = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    output += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  });
  try {
    await createProgram().exitOverride().parseAsync(args, { from: 'user' });
  } finally {
    spy.mockRestore();
  }
  return output;
}

describe('leadlight CLI', () => {
  const dbPath = join(directory, 'cli.db');

  it('users add prints the new token alone; users list never shows it; revoke by email', async () => {
    const output = await leadlight(
      'users',
      'add',
      '--name',
      'Sam Rivera',
      '--email',
      'sam@acme-corp.com',
      '--role',
      'rep',
      '--db',
      dbPath,
    );
    const token = output.trim();
    expect(output).toMatch(/^ll_[A-Za-z0-9_-]{43}\n$/);
    const db = openDatabase(dbPath);
    expect(findUserByToken(db, token)?.user).toMatchObject({ email: 'sam@acme-corp.com', team: 'sales' });
    closeDatabase(db);

    const listed = JSON.parse(await leadlight('users', 'list', '--json', '--db', dbPath)) as {
      items: { email: string; tokens: { prefix: string }[] }[];
    };
    expect(listed.items.map((user) => user.email)).toEqual(['sam@acme-corp.com']);
    expect(listed.items[0]?.tokens[0]?.prefix).toBe(token.slice(0, 10));
    expect(JSON.stringify(listed)).not.toContain(token);

    const revoked = JSON.parse(
      await leadlight('users', 'revoke', 'sam@acme-corp.com', '--json', '--db', dbPath),
    ) as {
      revoked: unknown[];
    };
    expect(revoked.revoked).toHaveLength(1);
    const after = openDatabase(dbPath);
    expect(findUserByToken(after, token)).toBeUndefined();
    closeDatabase(after);
  });

  it('refuses bad input with a CliError (stderr + exit 1 in main.ts) and writes nothing', async () => {
    const path = join(directory, 'refused.db');
    await expect(
      leadlight('users', 'add', '--name', 'X', '--email', 'x@acme-corp.com', '--role', 'boss', '--db', path),
    ).rejects.toThrow(CliError);
    await leadlight(
      'users',
      'add',
      '--name',
      'X',
      '--email',
      'x@acme-corp.com',
      '--role',
      'admin',
      '--db',
      path,
    );
    await expect(
      leadlight('users', 'add', '--name', 'Y', '--email', 'X@acme-corp.com', '--role', 'rep', '--db', path),
    ).rejects.toThrow(/exists/);
    await expect(leadlight('users', 'revoke', 'no-such-token', '--db', path)).rejects.toThrow(/no token/);
  });

  it('backs up the database online', async () => {
    const source = join(directory, 'source.db');
    await leadlight(
      'users',
      'add',
      '--name',
      'Ada',
      '--email',
      'ada@acme-corp.com',
      '--role',
      'admin',
      '--db',
      source,
    );
    const backupPath = join(directory, 'backups', 'copy.db');
    const result = JSON.parse(await leadlight('backup', backupPath, '--json', '--db', source)) as {
      bytes: number;
    };
    expect(result.bytes).toBeGreaterThan(0);
    const copy = openDatabase(backupPath);
    expect(listUsers(copy).map((user) => user.email)).toEqual(['ada@acme-corp.com']);
    closeDatabase(copy);
  });

  it('serve applies migrations, prints the URL and answers', async () => {
    let output = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      output += String(chunk);
      return true;
    });
    const { runServe } = await import('./serve');
    const server = await runServe({ port: 0, db: join(directory, 'served.db'), json: true });
    spy.mockRestore();
    try {
      const printed = JSON.parse(output) as { url: string; apiUrl: string };
      expect(printed.url).toBe(server.url);
      const health = await fetch(`${printed.apiUrl}/health`);
      expect(health.status).toBe(200);
      const me = await fetch(`${printed.apiUrl}/me`);
      expect(me.status).toBe(401);
    } finally {
      await server.close();
    }
  });

  it('the bin runs the CLI through tsx: --help lists every subcommand', async () => {
    const bin = fileURLToPath(new URL('../../bin/leadlight.mjs', import.meta.url));
    const help = await promisify(execFile)(process.execPath, [bin, '--help']);
    for (const command of ['serve', 'demo', 'users', 'backup']) expect(help.stdout).toContain(command);
  }, 60_000);
});
