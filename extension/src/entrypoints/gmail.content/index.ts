import { defineContentScript } from '#imports';
import { runSiteOverlay } from '@/overlay/mount';
import { gmailAdapter } from '@/sites/gmail';

export default defineContentScript({
  matches: [...gmailAdapter.matches],
  runAt: 'document_start',
  main: (ctx) => runSiteOverlay(ctx, gmailAdapter),
});
