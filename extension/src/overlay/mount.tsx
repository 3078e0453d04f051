import type { OutboxState, Prospect } from '@leadlight/contract';
import { render } from 'preact';
import { type ContentScriptContext, createShadowRootUi, type ShadowRootContentScriptUi } from '#imports';
import { onTabMessage, sendRequest } from '@/lib/messages';
import type { SiteAdapter } from '@/sites/types';
import { continueLookup, type InitialLookup, startLookup } from './lookup';
// Bundled as text and put in the shadow root directly: no stylesheet fetch before the badge can show.
import overlayCss from './overlay.css?inline';
import { OverlayApp } from './overlay-app';

/*
 * What every site's content script does: read the prospect with the site's adapter, show the overlay for it,
 * and read again after SPA navigation (WXT's wxt:locationchange) or when the adapter's watch root changes
 * (debounced MutationObserver). No polling; every listener goes through ctx and dies with the script.
 * Content scripts run at document_start: when the URL alone names the person (a LinkedIn profile) the lookup starts
 * while the page still loads; the page is read once its DOM is complete.
 */

const rereadDelayMs = 250;

/** Identity of a prospect for "did the person on the page change?": the fields a lookup uses. */
export function prospectKey(prospect: Prospect | null): string {
  if (!prospect) return '';
  const { site, fullName, email, linkedinUrl, companyName, companyDomain, crmRecordId } = prospect;
  return JSON.stringify([site, fullName, email, linkedinUrl, companyName, companyDomain, crmRecordId]);
}

interface PostTaskScheduler {
  postTask(callback: () => void, options: { priority: 'user-blocking'; signal?: AbortSignal }): Promise<void>;
}

/**
 * Resolves once the DOM is complete, in a task of its own: not inside the page's DOMContentLoaded handlers (one
 * long task), but ahead of the page's other queued tasks where the browser has the Prioritized Task Scheduling API.
 */
function waitForDocument(ctx: ContentScriptContext): Promise<void> {
  if (document.readyState !== 'loading') return Promise.resolve();
  const scheduler = (globalThis as { scheduler?: PostTaskScheduler }).scheduler;
  return new Promise((resolve) => {
    const runSoon = () => {
      if (scheduler?.postTask) {
        scheduler.postTask(resolve, { priority: 'user-blocking', signal: ctx.signal }).catch(() => undefined);
      } else ctx.setTimeout(resolve, 0);
    };
    ctx.addEventListener(document, 'DOMContentLoaded', runSoon, { once: true });
  });
}

export async function runSiteOverlay(ctx: ContentScriptContext, adapter: SiteAdapter): Promise<void> {
  const urlProspect = adapter.findProspectInUrl?.(new URL(location.href)) ?? null;
  // The lookup starts now when the URL names the person; the page's read then reuses its answer when it holds.
  let earlyLookup = urlProspect ? startLookup(urlProspect) : null;
  // Also wakes the background service worker while the page loads: Chrome stops it after 30 s idle, and starting
  // it again would otherwise come after DOMContentLoaded, in front of the lookup.
  let initialOutbox: Promise<OutboxState | null> | undefined = sendRequest({ type: 'outbox.get' }).catch(
    () => null,
  );

  let prospect: Prospect | null = null;
  let initialLookup: InitialLookup | undefined;
  let notesRequest = 0;
  let ui: ShadowRootContentScriptUi<HTMLElement> | null = null;
  let uiCreation: Promise<ShadowRootContentScriptUi<HTMLElement>> | null = null;

  const renderOverlay = () => {
    const container = ui?.uiContainer;
    if (!container) return;
    // Keyed by the person: another prospect gets a fresh overlay (no half-typed note or form carried over).
    render(
      prospect ? (
        <OverlayApp
          key={prospectKey(prospect)}
          prospect={prospect}
          notesRequest={notesRequest}
          initialLookup={initialLookup}
          initialOutbox={initialOutbox}
        />
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
    initialLookup = prospect ? continueLookup(earlyLookup, prospect) : undefined;
    earlyLookup = null; // later reads (SPA navigation, another record) look up afresh
    if (!prospect) {
      ui?.remove();
      initialOutbox = undefined;
      return;
    }
    const mounted = await ensureUi();
    if (!mounted.mounted) mounted.mount();
    renderOverlay();
    initialOutbox = undefined; // only the first overlay of the page: later ones ask for a current state
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

  await waitForDocument(ctx);
  if (ctx.isInvalid) return;
  observeWatchRoot();
  await reread();
}
