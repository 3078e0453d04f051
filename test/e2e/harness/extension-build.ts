import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extensionBuildDir, extensionDir, repoRoot } from './paths';

/** Everything the Chrome build is made from: a build older than any of these is stale. */
const buildInputs = [
  join(extensionDir, 'src'),
  join(extensionDir, 'public'),
  join(extensionDir, 'wxt.config.ts'),
  join(extensionDir, 'package.json'),
  join(repoRoot, 'packages/contract/src'),
  join(repoRoot, 'packages/rules/src'),
];

function newestModification(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules') continue;
    newest = Math.max(newest, newestModification(join(path, entry)));
  }
  return newest;
}

/** True when extension/.output/chrome-mv3 exists and is newer than every source it is built from. */
export function isExtensionBuildFresh(): boolean {
  const manifest = join(extensionBuildDir, 'manifest.json');
  if (!existsSync(manifest)) return false;
  const builtAt = statSync(manifest).mtimeMs;
  return buildInputs.every((input) => newestModification(input) <= builtAt);
}

/**
 * Builds the Chrome extension unless a fresh build exists (scripts/test.sh builds it before vitest runs).
 * Only the Chrome target: the tests load nothing else, and the full build with zips is CI's own step.
 */
export function ensureExtensionBuild(): string {
  // Test files run in parallel workers: one builds while the others wait, then find the build fresh.
  const lockDir = join(tmpdir(), 'leadlight-wxt-build.lock');
  const deadline = Date.now() + 600_000;
  while (!isExtensionBuildFresh()) {
    try {
      mkdirSync(lockDir);
    } catch {
      const heldFor = existsSync(lockDir) ? Date.now() - statSync(lockDir).mtimeMs : 0;
      if (heldFor > 300_000) rmSync(lockDir, { recursive: true, force: true }); // a crashed builder's lock
      if (Date.now() > deadline) throw new Error('Timed out waiting for another extension build');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1_000);
      continue;
    }
    try {
      if (!isExtensionBuildFresh()) {
        execFileSync('pnpm', ['--dir', extensionDir, 'exec', 'wxt', 'build'], {
          stdio: 'pipe',
          timeout: 240_000,
        });
      }
    } finally {
      rmSync(lockDir, { recursive: true, force: true });
    }
  }
  return extensionBuildDir;
}

/**
 * A copy of the build for one test run, with the API origin granted at install.
 * Why: the popup asks for the server's host permission at sign-in (permissions.request), and Chrome's permission
 * prompt cannot be answered in headless mode. Granting the origin up front makes that request resolve at once, as it
 * does after a user accepts; everything else — popup sign-in, token storage, background fetches — runs unchanged.
 * The copy also shields the run from a rebuild of .output in the middle of it.
 */
export async function prepareExtensionCopy(
  targetDir: string,
  apiOrigins: readonly string[],
): Promise<string> {
  // A rebuild running elsewhere (a developer's `wxt build`) empties .output under the copy: wait and copy again.
  for (let attempt = 1; ; attempt += 1) {
    try {
      rmSync(targetDir, { recursive: true, force: true });
      cpSync(ensureExtensionBuild(), targetDir, { recursive: true });
      if (existsSync(join(targetDir, 'manifest.json'))) break;
      throw new Error(`No manifest.json in the copy of ${extensionBuildDir}`);
    } catch (error) {
      if (attempt >= 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5_000));
    }
  }
  const manifestPath = join(targetDir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { host_permissions?: string[] };
  manifest.host_permissions = [...(manifest.host_permissions ?? []), ...apiOrigins];
  writeFileSync(manifestPath, JSON.stringify(manifest));
  return targetDir;
}
