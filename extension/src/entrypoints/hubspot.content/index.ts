import { defineContentScript } from '#imports';
import { guardContentScriptContext } from '@/lib/content-script-guard';
import { runSiteOverlay } from '@/overlay/mount';
import { hubspotAdapter } from '@/sites/hubspot';

export default defineContentScript({
  matches: [...hubspotAdapter.matches],
  runAt: 'document_start',
  // WXT's announcement to older copies would tell the page our id and script name (see content-script-guard).
  noScriptStartedPostMessage: true,
  main: (ctx) => runSiteOverlay(guardContentScriptContext(ctx, 'hubspot'), hubspotAdapter),
});
