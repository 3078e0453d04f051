import { defineContentScript } from '#imports';
import { guardContentScriptContext } from '@/lib/content-script-guard';
import { runSiteOverlay } from '@/overlay/mount';
import { outlookAdapter } from '@/sites/outlook';

export default defineContentScript({
  matches: [...outlookAdapter.matches],
  runAt: 'document_start',
  // WXT's announcement to older copies would tell the page our id and script name (see content-script-guard).
  noScriptStartedPostMessage: true,
  main: (ctx) => runSiteOverlay(guardContentScriptContext(ctx, 'outlook'), outlookAdapter),
});
