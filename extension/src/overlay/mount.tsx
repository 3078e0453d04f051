import type { Prospect } from '@leadlight/contract';
import { render } from 'preact';
import { type ContentScriptContext, createShadowRootUi, type ShadowRootContentScriptUi } from '#imports';
import { onTabMessage } from '@/lib/messages';
import type { SiteAdapter } from '@/sites/types';
// Bundled as text and put in the shadow root directly: no stylesheet fetch before the badge can show.
import overlayCss from './overlay.css?inline';
import { OverlayApp } from './overlay-app';

/*
 * What every site's content script does: read the prospect with the site's adapter, show the overlay for it,
 * and read again after SPA navigation (WXT's wxt:locationchange) or when the adapter's watch root changes
 * (debounced MutationObserver). No polling; every listener goes through ctx and dies with the script.
 */

const rereadDelayMs = 250;

/** Identity of a prospect for "did the person on the page change?": the fields a lookup uses. */
export function prospectKey(prospect: Prospect | null): string {
  if (!prospect) return '';
  const { site, fullName, email, linkedinUrl, companyName, companyDomain, crmRecordId } = prospect;
  return JSON.stringify([site, fullName, email, linkedinUrl, companyName, companyDomain, crmRecordId]);
}

export async function runSiteOverlay(ctx: ContentScriptContext, adapter: SiteAdapter): Promise<void> {
  let prospect: Prospect | null = null;
  let notesRequest = 0;
  let ui: ShadowRootContentScriptUi<HTMLElement> | null = null;
  let uiCreation: Promise<ShadowRootContentScriptUi<HTMLElement>> | null = null;

  const renderOverlay = () => {
    const container = ui?.uiContainer;
    if (!container) return;
    // Keyed by the person: another prospect gets a fresh overlay (no half-typed note or form carried over).
    render(
      prospect ? (
        <OverlayApp key={prospectKey(prospect)} prospect={prospect} notesRequest={notesRequest} />
      ) : null,
      container,
    );
  };

  const ensureUi = () => {
    uiCreation ??= createShadowRootUi(ctx, {
      name: 'leadlight-overlay',
      css: overlayCss,
      position: 'overlay',
      anchor: 'body',
      append: 'last',
      zIndex: 2147483646,
      onMount: (container) => container,
      onRemove: (container) => {
        if (container) render(null, container);
      },
    }).then((created) => {
      ui = created;
      return created;
    });
    return uiCreation;
  };

  const reread = async () => {
    const next = adapter.findProspect(document, new URL(location.href));
    if (prospectKey(next) === prospectKey(prospect)) return;
    prospect = next;
    notesRequest = 0;
    if (!prospect) {
      ui?.remove();
      return;
    }
    const mounted = await ensureUi();
    if (!mounted.mounted) mounted.mount();
    renderOverlay();
  };

  let timer: number | undefined;
  const scheduleReread = () => {
    clearTimeout(timer);
    timer = ctx.setTimeout(() => void reread(), rereadDelayMs);
  };

  let observer: MutationObserver | null = null;
  const observeWatchRoot = () => {
    observer?.disconnect();
    observer = new MutationObserver(scheduleReread);
    observer.observe(adapter.watchRoot(document), { childList: true, subtree: true, characterData: true });
  };
  ctx.onInvalidated(() => {
    observer?.disconnect();
    clearTimeout(timer);
  });

  ctx.addEventListener(window, 'wxt:locationchange', () => {
    observeWatchRoot(); // SPAs swap the whole subtree on navigation
    scheduleReread();
  });

  const stopListening = onTabMessage((message) => {
    if (message.type === 'overlay.getProspect') return { prospect };
    if (message.type === 'overlay.openNotes' && prospect) {
      notesRequest += 1;
      renderOverlay();
    }
    return undefined;
  });
  ctx.onInvalidated(stopListening);

  observeWatchRoot();
  await reread();
}
