import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { guardContentScriptContext } from './content-script-guard';

/*
 * The forged event as a page's script would send it (the real-browser proof, across worlds, is
 * test/security/overlay-shutdown.test.ts). The name is WXT's: `<extension id>:<entrypoint>:wxt:content-script-started`,
 * with the entrypoint read from import.meta.env.ENTRYPOINT, whatever it is in this test build.
 */
function forgeScriptStarted(name: string): void {
  const type = (ContentScriptContext as unknown as { SCRIPT_STARTED_MESSAGE_TYPE: string })
    .SCRIPT_STARTED_MESSAGE_TYPE;
  document.dispatchEvent(new CustomEvent(type, { detail: { contentScriptName: name, messageId: 'forged' } }));
}

const contexts: ContentScriptContext[] = [];
function createContext(name: string): ContentScriptContext {
  const ctx = new ContentScriptContext(name);
  contexts.push(ctx);
  return ctx;
}

beforeEach(() => {
  fakeBrowser.reset();
});

afterEach(() => {
  for (const ctx of contexts.splice(0)) ctx.abort();
});

describe('guardContentScriptContext', () => {
  it('the page can stop an unguarded context (the attack), not a guarded one', () => {
    const unguarded = createContext('linkedin-a');
    forgeScriptStarted('linkedin-a');
    expect(unguarded.isValid).toBe(false);

    const guarded = guardContentScriptContext(createContext('linkedin-b'), 'linkedin-b');
    forgeScriptStarted('linkedin-b');
    expect(guarded.isValid).toBe(true);
  });

  it('a newer copy of the same script in this world still stops the older one; other scripts are left alone', () => {
    const older = guardContentScriptContext(createContext('gmail'), 'gmail');
    const other = guardContentScriptContext(createContext('outlook'), 'outlook');
    const newer = guardContentScriptContext(createContext('gmail'), 'gmail');
    expect(older.isValid).toBe(false);
    expect(newer.isValid).toBe(true);
    expect(other.isValid).toBe(true);
  });
});
