import type { CaptureDraftInput, TabMessage } from '@leadlight/contract';
import { browser } from '#imports';
import { buildPageDraft } from './capture-draft';

/*
 * The browser's own surfaces: the keyboard shortcut that opens the notes box, and the "Capture as lead"
 * context menu that opens the capture form in a small extension window.
 */

export const openNotesCommand = 'open-notes';
const captureMenuIds = {
  selection: 'leadlight-capture-selection',
  mailto: 'leadlight-capture-mailto',
} as const;

export function captureUrl(draft: CaptureDraftInput): string {
  return browser.runtime.getURL(`/capture.html#${encodeURIComponent(JSON.stringify(draft))}`);
}

export function registerBrowserUi(): void {
  browser.runtime.onInstalled.addListener(() => {
    browser.contextMenus.create({
      id: captureMenuIds.selection,
      title: 'Capture as lead',
      contexts: ['selection'],
    });
    browser.contextMenus.create({
      id: captureMenuIds.mailto,
      title: 'Capture as lead',
      contexts: ['link'],
      targetUrlPatterns: ['mailto:*'],
    });
  });

  browser.contextMenus.onClicked.addListener((info, tab) => {
    const isMailto = info.menuItemId === captureMenuIds.mailto;
    if (!isMailto && info.menuItemId !== captureMenuIds.selection) return;
    const draft = buildPageDraft({
      selectionText: isMailto ? undefined : info.selectionText,
      linkUrl: isMailto ? info.linkUrl : undefined,
      linkText: (info as { linkText?: string }).linkText, // Firefox only
      pageUrl: info.pageUrl ?? tab?.url ?? '',
    });
    void browser.windows.create({ url: captureUrl(draft), type: 'popup', width: 420, height: 620 });
  });

  browser.commands.onCommand.addListener(async (command) => {
    if (command !== openNotesCommand) return;
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    if (tab?.id === undefined) return;
    const message: TabMessage = { type: 'overlay.openNotes' };
    await browser.tabs.sendMessage(tab.id, message).catch(() => undefined);
  });
}
