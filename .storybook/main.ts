import type { StorybookConfig } from '@storybook/web-components-vite';

/**
 * Storybook for the widget kit. `npm run storybook` / `npm run build-storybook` (→ storybook-static/)
 * generate dist/widgets/custom-elements.json first: preview.ts hands it to Storybook, which
 * builds controls and docs from the elements' JSDoc.
 */
const config: StorybookConfig = {
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.ts'],
  addons: ['@storybook/addon-a11y', '@storybook/addon-docs'],
  framework: {
    name: '@storybook/web-components-vite',
    // Not the root vite.config.ts: that one is the kit's library build (lib entries, dist/widgets).
    options: { builder: { viteConfigPath: '.storybook/vite.config.ts' } },
  },
  core: { disableTelemetry: true },
};

export default config;
