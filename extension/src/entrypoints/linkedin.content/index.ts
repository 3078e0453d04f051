import { defineContentScript } from '#imports';
import { runSiteOverlay } from '@/overlay/mount';
import { linkedinAdapter } from '@/sites/linkedin';

export default defineContentScript({
  matches: [...linkedinAdapter.matches],
  runAt: 'document_start',
  main: (ctx) => runSiteOverlay(ctx, linkedinAdapter),
});
