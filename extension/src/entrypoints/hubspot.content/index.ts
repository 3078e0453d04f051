import { defineContentScript } from '#imports';
import { runSiteOverlay } from '@/overlay/mount';
import { hubspotAdapter } from '@/sites/hubspot';

export default defineContentScript({
  matches: [...hubspotAdapter.matches],
  runAt: 'document_start',
  main: (ctx) => runSiteOverlay(ctx, hubspotAdapter),
});
