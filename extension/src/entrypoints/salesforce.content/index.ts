import { defineContentScript } from '#imports';
import { runSiteOverlay } from '@/overlay/mount';
import { salesforceAdapter } from '@/sites/salesforce';

export default defineContentScript({
  matches: [...salesforceAdapter.matches],
  runAt: 'document_start',
  main: (ctx) => runSiteOverlay(ctx, salesforceAdapter),
});
