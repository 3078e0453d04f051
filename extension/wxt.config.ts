import { defineConfig } from 'wxt';

export default defineConfig({
  srcDir: 'src',
  outDir: '.output',
  manifestVersion: 3,
  manifest: ({ browser }) => ({
    name: 'Leadlight',
    description: 'Lead qualification where sales reps already work.',
    permissions: ['storage', 'alarms', 'contextMenus', 'notifications', 'activeTab'],
    // Site access comes from each content script's matches alone. The API server is whatever the user signs in
    // to: its origin is requested at sign-in (popup); only a server on this machine (the demo) needs no prompt.
    host_permissions: ['http://localhost/*', 'http://127.0.0.1/*'],
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    commands: {
      'open-notes': {
        suggested_key: { default: 'Alt+Shift+N' },
        description: 'Open the Leadlight notes box for the prospect on this page',
      },
    },
    // Firefox needs a stable id for MV3 add-ons (storage and permissions are keyed on it), and a statement of the
    // data the add-on transmits: the prospect read from the page (name, email, phone, LinkedIn URL — personal data)
    // and what the page says of them (headline, company, page URL) go to the server the user signs in to.
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'leadlight@leadlight.dev',
              data_collection_permissions: { required: ['personallyIdentifyingInfo', 'websiteContent'] },
            },
          },
        }
      : {}),
  }),
  vite: () => ({ oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } } }),
});
