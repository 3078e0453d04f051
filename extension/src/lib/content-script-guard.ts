import type { ContentScriptContext } from '#imports';

/*
 * WXT 0.20 stops a content script when a newer copy of it starts in the same page: the copy dispatches the
 * CustomEvent `<extension id>:<script>:wxt:content-script-started` on `document`, and ContentScriptContext aborts on
 * any such event whose message id is not its own (wxt/dist/utils/content-script-context.mjs, listenForNewerScripts).
 * `document` is shared with the page, so the page's own script can dispatch that event too and switch the overlay
 * off until the tab is closed; WXT's window.postMessage of the same announcement even tells the page the names to use
 * (the entrypoints turn it off with noScriptStartedPostMessage).
 * Copies of one extension's content scripts in a frame share one isolated world whose globals the page cannot reach:
 * the hand-over to a newer copy goes through a slot there, and the DOM event is ignored.
 */

const slotsKey = '__leadlightContentScripts';

type StopCopy = () => void;

/**
 * Makes `ctx` deaf to the page-forgeable "newer script started" event, and stops an older copy of the same script
 * running in this isolated world (an extension update injected again) the way WXT meant to. Call first in main().
 */
export function guardContentScriptContext(
  ctx: ContentScriptContext,
  scriptName: string,
): ContentScriptContext {
  // Read by WXT's document listener on every event: the only check it makes before aborting the context.
  ctx.verifyScriptStartedEvent = () => false;

  const world = globalThis as typeof globalThis & { [slotsKey]?: Record<string, StopCopy> };
  world[slotsKey] ??= {};
  const slots = world[slotsKey];
  slots[scriptName]?.();
  const stop: StopCopy = () => ctx.notifyInvalidated();
  slots[scriptName] = stop;
  ctx.onInvalidated(() => {
    if (slots[scriptName] === stop) delete slots[scriptName];
  });
  return ctx;
}
