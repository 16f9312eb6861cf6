import { defineConfig } from 'vite';

/** Storybook's own Vite config: plain defaults (legacy decorators come from tsconfig.json). */
export default defineConfig({
  publicDir: false,
  logLevel: 'warn',
  // Storybook's preview bundle is large by nature; the kit's budget is checked by `npm run bench:bundle`.
  build: { chunkSizeWarningLimit: 4096 },
});
