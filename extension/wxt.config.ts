import { defineConfig } from 'wxt';

export default defineConfig({
  srcDir: 'src',
  outDir: '.output',
  manifestVersion: 3,
  manifest: {
    name: 'Leadlight',
    description: 'Lead qualification where sales reps already work.',
    permissions: ['storage'],
  },
  vite: () => ({ oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } } }),
});
