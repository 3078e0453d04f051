import { defineContentScript } from '#imports';
import { guardContentScriptContext } from '@/lib/content-script-guard';
import { runSiteOverlay } from '@/overlay/mount';
import { gmailAdapter } from '@/sites/gmail';

export default defineContentScript({
  matches: [...gmailAdapter.matches],
  runAt: 'document_start',
  // WXT's announcement to older copies would tell the page our id and script name (see content-script-guard).
  noScriptStartedPostMessage: true,
  main: (ctx) => runSiteOverlay(guardContentScriptContext(ctx, 'gmail'), gmailAdapter),
});
