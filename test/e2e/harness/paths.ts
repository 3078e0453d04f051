import { join } from 'node:path';

/** Repository paths the end-to-end harness reads; everything resolved from this file, never from the cwd. */
export const repoRoot = join(import.meta.dirname, '../../..');
export const fixturePagesDir = join(repoRoot, 'test/fixtures/pages');
export const extensionDir = join(repoRoot, 'extension');
export const extensionBuildDir = join(extensionDir, '.output/chrome-mv3');
export const apiCliPath = join(repoRoot, 'api/bin/leadlight.mjs');
/** Git-ignored: screenshots and logs a person can look at after a run. */
export const e2eResultsDir = join(repoRoot, 'test-results/e2e');
export const chromiumPath = process.env.LEADLIGHT_CHROMIUM ?? '/usr/bin/chromium';
