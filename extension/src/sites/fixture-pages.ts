import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Window } from 'happy-dom';

/*
 * Test-only helpers: the saved and reconstructed pages in test/fixtures/pages, parsed the way a browser would but
 * without running their scripts or fetching their stylesheets (the saved pages reference hundreds).
 */
const fixturesRoot = join(import.meta.dirname, '../../../test/fixtures/pages');

const parserWindow = new Window({
  settings: {
    disableJavaScriptEvaluation: true,
    disableJavaScriptFileLoading: true,
    disableCSSFileLoading: true,
    disableIframePageLoading: true,
    handleDisabledFileLoadingAsSuccess: true,
  },
});

export function readFixtureHtml(site: string, file: string): string {
  return readFileSync(join(fixturesRoot, site, file), 'utf8');
}

export function parseHtml(html: string): Document {
  return new parserWindow.DOMParser().parseFromString(html, 'text/html') as unknown as Document;
}

export function loadFixture(site: string, file: string): Document {
  return parseHtml(readFixtureHtml(site, file));
}

const sharedDocuments = new Map<string, Document>();

/**
 * One parsed copy per page, shared by the tests of a file that only read it (or damage it and undo the damage, as
 * the fuzz tests do): the saved LinkedIn pages take happy-dom about a second each to parse.
 */
export function loadSharedFixture(site: string, file: string): Document {
  const key = `${site}/${file}`;
  let doc = sharedDocuments.get(key);
  if (!doc) {
    doc = loadFixture(site, file);
    sharedDocuments.set(key, doc);
  }
  return doc;
}

export function listFixtures(site: string): string[] {
  return readdirSync(join(fixturesRoot, site))
    .filter((file) => file.endsWith('.html'))
    .sort();
}
