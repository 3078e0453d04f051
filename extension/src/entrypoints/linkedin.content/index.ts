import { defineContentScript } from '#imports';
import { guardContentScriptContext } from '@/lib/content-script-guard';
import { runSiteOverlay } from '@/overlay/mount';
import { linkedinAdapter } from '@/sites/linkedin';

export default defineContentScript({
  matches: [...linkedinAdapter.matches],
  runAt: 'document_start',
  // WXT's announcement to older copies would tell the page our id and script name (see content-script-guard).
  noScriptStartedPostMessage: true,
  main: (ctx) => runSiteOverlay(guardContentScriptContext(ctx, 'linkedin'), linkedinAdapter),
});
