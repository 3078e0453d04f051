// First: zod reads this as the contract's schemas are built (see zod-jitless).
import '@/lib/zod-jitless';
import { browser, defineBackground } from '#imports';
import { createBackgroundService } from '@/lib/background-service';
import { registerBrowserUi } from '@/lib/browser-ui';

export default defineBackground(() => {
  const service = createBackgroundService();
  // Chrome: content scripts must not read storage.local (token, outbox); Firefox has no such switch.
  void browser.storage.local.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' }).catch(() => undefined);
  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    void service.handleMessage(message, sender).then(sendResponse);
    return true; // answer asynchronously
  });
  browser.alarms.onAlarm.addListener((alarm) => void service.handleAlarm(alarm));
  browser.notifications.onClicked.addListener((id) => void service.handleNotificationClick(id));
  browser.runtime.onStartup.addListener(() => void service.handleStartup());
  browser.runtime.onInstalled.addListener(() => void service.handleStartup());
  registerBrowserUi();
});
