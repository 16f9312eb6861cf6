import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { configs as litConfigs } from 'eslint-plugin-lit';
import { configs as wcConfigs } from 'eslint-plugin-wc';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'packages/*/dist', 'storybook-static', '.data', 'server/db/migrations', 'widgets/locales/generated'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['widgets/**/*.ts', 'stories/**/*.ts', 'test/widgets/**/*.ts'],
    ...litConfigs['flat/recommended'],
  },
  {
    files: ['widgets/**/*.ts'],
    ...wcConfigs['flat/recommended'],
  },
);
