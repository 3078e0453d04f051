import { defineContentScript } from '#imports';
import { runSiteOverlay } from '@/overlay/mount';
import { outlookAdapter } from '@/sites/outlook';

export default defineContentScript({
  matches: [...outlookAdapter.matches],
  runAt: 'document_start',
  main: (ctx) => runSiteOverlay(ctx, outlookAdapter),
});
