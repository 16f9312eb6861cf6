/**
 * Bundle weight (`npm run bench:bundle`): builds the widget kit with the project's vite.config.ts
 * (into a temporary folder, leaving dist/ alone) and a React + MUI + react-chartjs-2 dashboard of
 * the same widgets (bench/react-dashboard/), and prints their gzip -9 sizes. Every file is gzipped
 * on its own, as a server sends it.
 *
 * - initial module: `retention-kit.js` (the autoloader: every tag registered, `<rk-provider>`
 *   defined) with every chunk it imports statically; must not contain Chart.js. Budget: 20 kB.
 * - each element on its first appearance: what the `import()` of its chunk adds to the initial
 *   module, and every element at once (the initial module and every widget chunk: what a page
 *   showing them all pays before its first chart).
 * - chart chunk: what `import()` of widgets/core/chart-loader.ts adds once a chart is drawn.
 * - translations: each language's catalog (widgets/locales/generated/), a chunk loaded the first
 *   time an element shows that language (none for English).
 * - loader: the classic-script `retention-kit.loader.js`.
 * - eager entries (the `--mode widgets` pass): `<tag>.js` and `retention-kit-all.js`, each with
 *   its static imports.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Rolldown } from 'vite';
import { importClosure } from '../vite.config';

const BUDGET_KB = 20;
const root = fileURLToPath(new URL('..', import.meta.url));
const configFile = join(root, 'vite.config.ts');

type Chunk = Rolldown.OutputChunk;

const gzip = (code: string) => gzipSync(Buffer.from(code), { level: 9 }).length;
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const isCatalog = (c: Chunk) => c.moduleIds.some((id) => /[\\/]widgets[\\/]locales[\\/]generated[\\/]/.test(id));
const isChartJs = (id: string) => /[\\/]node_modules[\\/](chart\.js|@kurkle[\\/]color)[\\/]/.test(id);

function chunksOf(result: Awaited<ReturnType<typeof build>>): Chunk[] {
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  return outputs.flatMap((o) => o.output).filter((item): item is Chunk => item.type === 'chunk');
}

/** `entry` and every chunk it imports statically, transitively. */
const staticClosure = (entry: Chunk, byFile: Map<string, Chunk>): Chunk[] =>
  [...importClosure(entry.fileName, (file) => byFile.get(file)?.imports)].flatMap((file) => byFile.get(file) ?? []);

const total = (chunks: Chunk[]) => chunks.reduce((sum, c) => sum + gzip(c.code), 0);
const rawTotal = (chunks: Chunk[]) => chunks.reduce((sum, c) => sum + Buffer.byteLength(c.code), 0);

/** Shares of the gzip size by package or widget folder (each group gzipped alone: indicative). */
function breakdown(chunks: Chunk[]): [string, number][] {
  const groups = new Map<string, string>();
  for (const chunk of chunks) {
    for (const [id, module] of Object.entries(chunk.modules)) {
      const pkg = /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(id)?.[1];
      const folder = /[\\/]widgets[\\/]([^\\/]+)[\\/]/.exec(id)?.[1];
      const key = pkg ?? (folder ? `widgets/${folder}` : relative(root, id));
      groups.set(key, (groups.get(key) ?? '') + (module.code ?? ''));
    }
  }
  const sizes = [...groups].map(([key, code]) => [key, gzip(code)] as [string, number]);
  const sum = sizes.reduce((a, [, n]) => a + n, 0);
  return sizes.map(([key, n]) => [key, n / sum] as [string, number]).sort((a, b) => b[1] - a[1]);
}

/** Each chunk once, in first-seen order. */
const unique = (chunks: Chunk[]) => [...new Map(chunks.map((c) => [c.fileName, c])).values()];

async function buildKit(outDir: string) {
  const kit = chunksOf(await build({ configFile, root, logLevel: 'error', build: { outDir, sourcemap: false } }));
  const eager = chunksOf(await build({ configFile, root, mode: 'widgets', logLevel: 'error', build: { outDir, sourcemap: false } }));
  const loader = chunksOf(await build({ configFile, root, mode: 'loader', logLevel: 'error', build: { outDir } }));
  const byFile = new Map(kit.map((c) => [c.fileName, c]));
  const entry = kit.find((c) => c.isEntry && c.fileName === 'retention-kit.js');
  if (!entry) throw new Error('no retention-kit.js entry in the build');
  const initial = staticClosure(entry, byFile);
  const initialFiles = new Set(initial.map((c) => c.fileName));
  const withChartJs = (chunks: Chunk[]) => chunks.filter((c) => c.moduleIds.some(isChartJs)).map((c) => c.fileName);
  if (withChartJs(initial).length > 0) throw new Error(`Chart.js is in the initial module graph: ${withChartJs(initial).join(', ')}`);
  // The autoloader's import() targets, one per element, each with what it adds to the initial module.
  const elements = entry.dynamicImports.map((file) => {
    const chunk = byFile.get(file)!;
    // By the define.ts it holds: a widget another one imports (the gauge) is a shared chunk, not a facade.
    const tag = chunk.moduleIds.map((id) => /[\\/]widgets[\\/]([^\\/]+)[\\/]define\.ts$/.exec(id)?.[1]).find(Boolean) ?? file;
    return { tag, adds: staticClosure(chunk, byFile).filter((c) => !initialFiles.has(c.fileName)) };
  });
  const allElements = unique([...initial, ...elements.flatMap((e) => e.adds)]);
  if (withChartJs(allElements).length > 0) throw new Error(`Chart.js is in a widget's chunk: ${withChartJs(allElements).join(', ')}`);
  // Whatever the widgets' own import() (the chart loader, a language's catalog) pulls in beyond them.
  const loaded = new Set(allElements.map((c) => c.fileName));
  const lazy = unique(allElements.flatMap((c) => c.dynamicImports).flatMap((file) => staticClosure(byFile.get(file)!, byFile))).filter((c) => !loaded.has(c.fileName));
  const chart = lazy.filter((c) => !isCatalog(c));
  const catalogs = lazy.filter(isCatalog);
  const eagerFiles = new Map(eager.map((c) => [c.fileName, c]));
  const eagerEntries = eager.filter((c) => c.isEntry).map((c) => ({ name: c.fileName, chunks: staticClosure(c, eagerFiles) }));
  return { initial, elements, allElements, chart, catalogs, loader: loader[0]!, eagerEntries };
}

async function buildReact(outDir: string) {
  const result = await build({
    configFile: false,
    root,
    logLevel: 'error',
    publicDir: false,
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      minify: true,
      sourcemap: false,
      modulePreload: false,
      copyPublicDir: false,
      rolldownOptions: { input: join(root, 'bench/react-dashboard/main.ts') },
    },
  });
  return chunksOf(result);
}

const tmp = await mkdtemp(join(tmpdir(), 'rk-bench-bundle-'));
try {
  const kit = await buildKit(join(tmp, 'kit'));
  const initial = total(kit.initial);
  const allElements = total(kit.allElements);
  const chart = total(kit.chart);
  const loader = gzip(kit.loader.code);
  const pass = initial <= BUDGET_KB * 1000;
  const files = (chunks: Chunk[]) => `${chunks.length} file${chunks.length === 1 ? '' : 's'}, ${kb(rawTotal(chunks))} minified`;

  console.log('retention-kit (vite.config.ts, minified, gzip -9, each file on its own)');
  console.log(`  initial module: retention-kit.js + static imports     ${kb(initial).padStart(9)}  (${files(kit.initial)})  budget ${BUDGET_KB} kB: ${pass ? 'PASS' : 'FAIL'}`);
  console.log('    every tag registered, <rk-provider>, Lit, signals, context, the data layer; no widget, no Chart.js');
  console.log('  where it goes (share of the initial module by source, from each part\'s own gzip):');
  for (const [name, share] of breakdown(kit.initial).slice(0, 8)) console.log(`    ${name.padEnd(50)} ${`${(share * 100).toFixed(0)}%`.padStart(4)}  ~${kb(share * initial)}`);
  console.log('  each element on its first appearance, added to the initial module (its chunk and chunks it shares):');
  for (const e of kit.elements.sort((a, b) => a.tag.localeCompare(b.tag))) console.log(`    <${e.tag}>${' '.repeat(Math.max(1, 48 - e.tag.length))} +${kb(total(e.adds)).padStart(8)}  (${e.adds.length} file${e.adds.length === 1 ? '' : 's'})`);
  console.log(`  a page showing every element, no Chart.js             ${kb(allElements).padStart(9)}  (${files(kit.allElements)})`);
  console.log(`  lazy chart chunk (Chart.js, on the first chart)       ${kb(chart).padStart(9)}  (${kit.chart.map((c) => c.fileName).join(', ')})`);
  console.log(`  every element + chart chunk                           ${kb(allElements + chart).padStart(9)}`);
  const language = (c: Chunk) => /[\\/]generated[\\/]([a-z-]+)\.ts$/.exec(c.moduleIds.find((id) => /[\\/]generated[\\/]/.test(id)) ?? '')?.[1] ?? c.fileName;
  console.log(`  translations, one chunk per language on its first use (none for English): ${kit.catalogs.map((c) => `${language(c)} ${kb(gzip(c.code))}`).join(', ')}`);
  console.log(`  retention-kit.loader.js (classic script)              ${kb(loader).padStart(9)}`);
  console.log('  eager entries, each + its static imports (--mode widgets):');
  for (const w of kit.eagerEntries.sort((a, b) => a.name.localeCompare(b.name))) console.log(`    ${w.name.padEnd(50)} ${kb(total(w.chunks)).padStart(9)}`);

  const react = await buildReact(join(tmp, 'react'));
  const reactSize = total(react);
  const reactCharts = react.filter((c) => c.moduleIds.some(isChartJs));
  console.log('');
  console.log('React 19 + MUI 9 + react-chartjs-2 dashboard of the same widgets (bench/react-dashboard, vite, minified, gzip -9)');
  console.log(`  whole bundle (loads Chart.js up front)                ${kb(reactSize).padStart(9)}  (${files(react)}${reactCharts.length ? ', includes Chart.js' : ''})`);
  console.log('');
  console.log(`  ratio React / kit, every element                      ${(reactSize / allElements).toFixed(1).padStart(7)}×`);
  console.log(`  ratio React / kit, every element + chart chunk        ${(reactSize / (allElements + chart)).toFixed(1).padStart(7)}×`);
  if (!pass) process.exitCode = 1;
} finally {
  await rm(tmp, { recursive: true, force: true });
}
