/**
 * Build of the widget kit (`npm run build:widgets`), three passes into dist/widgets/. Entries keep
 * stable names (hosts link to them); every other chunk is content-hashed under `chunks/`, so the
 * server may cache those forever. Chart.js is only ever in the chunk of the lazily imported
 * widgets/core/chart-loader.ts. Whitespace and comments in the `html`/`css`/`svg` templates of
 * widgets/ are minified at transform time (@lit-labs/rollup-plugin-minify-html-literals).
 *
 * - default: `retention-kit.js` from widgets/autoloader.ts (what the loader and most hosts load):
 *   defines `<rk-provider>` and imports each other element's chunk the first time its tag appears
 *   in the page (with the chunks it imports, side by side). Manifest: .vite/manifest.json.
 * - `--mode widgets`: eager entries sharing chunks with each other: `<tag>.js` from each
 *   widgets/<tag>/define.ts (found by listing the folders, so new widgets are picked up without
 *   editing this file), for pages that want one or two widgets without the autoloader, and
 *   `retention-kit-all.js` from widgets/index.ts, every element defined at once with the classes
 *   and helpers exported, for code that imports the kit as a library. Manifest:
 *   .vite/manifest.widgets.json. A page should use either these or retention-kit.js: mixing them
 *   loads two copies (the guarded define warns and keeps the first).
 * - `--mode loader`: `retention-kit.loader.js`, a tiny classic script (IIFE) from
 *   widgets/loader.ts that injects the module entry next to itself.
 *
 * Storybook does not read this file (.storybook/main.ts points its builder at
 * .storybook/vite.config.ts), so the library settings never leak into the Storybook build.
 */
import { readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import minifyHtmlLiterals from '@lit-labs/rollup-plugin-minify-html-literals';
import MagicString from 'magic-string';
import { defineConfig, type Plugin, type PluginOption, type Rolldown, type UserConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const widgetsDir = `${root}widgets`;
const outDir = `${root}dist/widgets`;

/** `{ '<tag>': widgets/<tag>/define.ts, … }` for every widget folder with a define.ts. */
export function widgetEntries(): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const dirent of readdirSync(widgetsDir, { withFileTypes: true })) {
    const define = `${widgetsDir}/${dirent.name}/define.ts`;
    if (dirent.isDirectory() && existsSync(define)) entries[dirent.name] = define;
  }
  return entries;
}

/**
 * `file` and every file it imports statically, transitively, in depth-first order: over a build's
 * chunks (by file name) or its manifest (by source key). The entry rewrite below, bench/bundle.ts
 * and the kit's e2e test all walk the graph with it.
 */
export function importClosure(file: string, importsOf: (file: string) => readonly string[] | undefined): Set<string> {
  const seen = new Set<string>();
  const visit = (next: string) => {
    if (seen.has(next)) return;
    seen.add(next);
    for (const imported of importsOf(next) ?? []) visit(imported);
  };
  visit(file);
  return seen;
}

/** A shared chunk named after its widget folder rather than after `define.ts`. */
function chunkName(chunk: { name: string; moduleIds: readonly string[] }): string {
  const first = chunk.moduleIds.find((id) => id.startsWith(widgetsDir)) ?? '';
  const match = /\/widgets\/([^/]+)\/([^/]+)\.ts$/.exec(first);
  if (chunk.name === 'define' && match) return match[1]!;
  return chunk.name;
}

const shared: UserConfig = {
  // Nothing in public/ belongs to the kit; the demo has its own folder.
  publicDir: false,
  logLevel: 'warn',
};

/** The JS minifier keeps template strings as written; this collapses the markup and CSS in them (Lit-aware). */
const minifyTemplates = (): PluginOption => minifyHtmlLiterals({ include: [`${widgetsDir}/**/*.ts`], failOnError: true }) as PluginOption;

/**
 * The autoloader's chunks: its static graph (the provider, Lit, the data layer) in one `kit`
 * chunk, and the core code and Lit directives two or more widgets share in one `widget-core`
 * chunk, instead of a small chunk for every combination of widgets using them: fewer requests
 * after the first widget chunk, and better gzip. Chart.js stays alone in the chart loader's chunk.
 */
const autoloaderChunks: Rolldown.CodeSplittingOptions = {
  groups: [
    { name: 'kit', tags: ['$initial'], test: (id) => !id.endsWith('/widgets/autoloader.ts'), priority: 2 },
    {
      name: 'widget-core',
      test: (id) => /[\\/]widgets[\\/]core[\\/]|[\\/]node_modules[\\/](lit|lit-html|@lit)[\\/]/.test(id) && !id.endsWith('/chart-loader.ts'),
      minShareCount: 2,
      priority: 1,
    },
  ],
};

/**
 * Library builds get no preload helper, so importing a widget's chunk would discover the chunks
 * it imports (the shared widget-core) only once it has arrived: one more round trip before the
 * first widget renders. In the entry, each `import()` of a chunk becomes one `import()` of it and
 * of its static imports the entry does not already load, fetched side by side.
 */
function importChunksTogether(): Plugin {
  return {
    name: 'rk-import-chunks-together',
    renderChunk(code, chunk, _options, { chunks }) {
      if (!chunk.isEntry) return null;
      const loaded = importClosure(chunk.fileName, (file) => chunks[file]?.imports);
      const out = new MagicString(code);
      // The entry sits at the root of the output, the chunks under chunks/ (see chunkFileNames).
      for (const match of code.matchAll(/import\("\.\/(chunks\/[^"]+\.js)"\)/g)) {
        const extra = (chunks[match[1]!]?.imports ?? []).filter((file) => !loaded.has(file));
        if (extra.length === 0) continue;
        const imports = [match[1]!, ...extra].map((file) => `import("./${file}")`).join(', ');
        out.overwrite(match.index, match.index + match[0].length, `Promise.all([${imports}]).then((modules) => modules[0])`);
      }
      return out.hasChanged() ? { code: out.toString(), map: out.generateMap({ hires: true }) } : null;
    },
  };
}

/** Library output shared by the two module passes: stable entry names, hashed chunks, fully minified. */
function esLibrary(
  entry: Record<string, string>,
  options: { emptyOutDir: boolean; manifest: string; codeSplitting?: Rolldown.CodeSplittingOptions },
): UserConfig['build'] {
  return {
    outDir,
    emptyOutDir: options.emptyOutDir,
    // Browsers of the last two years; legacy decorators are lowered from tsconfig.json.
    target: 'es2022',
    minify: true,
    sourcemap: true,
    copyPublicDir: false,
    // Entries, their static imports and dynamic imports (bench/bundle.ts and the e2e tests read it).
    manifest: options.manifest,
    reportCompressedSize: false,
    lib: { entry, formats: ['es'], fileName: (_format, name) => `${name}.js` },
    rolldownOptions: {
      output: {
        entryFileNames: '[name].js',
        chunkFileNames: (chunk) => `chunks/${chunkName(chunk)}-[hash].js`,
        // Vite keeps whitespace in ES libraries (for re-bundling); this kit ships to browsers.
        minify: true,
        comments: { annotation: false, legal: false, jsdoc: false },
        ...(options.codeSplitting && { codeSplitting: options.codeSplitting }),
      },
    },
  };
}

export default defineConfig(({ mode }): UserConfig => {
  if (mode === 'loader') {
    return {
      ...shared,
      build: {
        outDir,
        emptyOutDir: false,
        target: 'es2017',
        minify: true,
        sourcemap: false,
        copyPublicDir: false,
        lib: {
          entry: `${widgetsDir}/loader.ts`,
          formats: ['iife'],
          name: 'RetentionKitLoader',
          fileName: () => 'retention-kit.loader.js',
        },
      },
    };
  }
  if (mode === 'widgets') {
    // One entry per element and one with them all; they share chunks (Lit, the core, a widget's class).
    const entries = { ...widgetEntries(), 'retention-kit-all': `${widgetsDir}/index.ts` };
    return { ...shared, plugins: [minifyTemplates()], build: esLibrary(entries, { emptyOutDir: false, manifest: '.vite/manifest.widgets.json' }) };
  }
  // The autoloader on its own: the provider and what it needs in the entry's graph, each
  // other element in the chunk its first appearance imports, Chart.js in the charts' chunk.
  return {
    ...shared,
    plugins: [minifyTemplates(), importChunksTogether()],
    build: esLibrary(
      { 'retention-kit': `${widgetsDir}/autoloader.ts` },
      { emptyOutDir: true, manifest: '.vite/manifest.json', codeSplitting: autoloaderChunks },
    ),
  };
});
