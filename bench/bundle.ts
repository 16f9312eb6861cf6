/**
 * Bundle weight (`npm run bench:bundle`): builds the widget kit with the project's vite.config.ts
 * (into a temporary folder, leaving dist/ alone) and a React + MUI + react-chartjs-2 dashboard of
 * the same widgets (bench/react-dashboard/), and prints their gzip -9 sizes.
 *
 * - initial: `retention-kit.js` with every chunk it imports statically (all widgets, Lit, the
 *   data layer), which must not contain Chart.js. Budget: 20 kB gzip. Every file is gzipped on
 *   its own, as a server sends it.
 * - single widgets: `<tag>.js` with its static imports (the `--mode widgets` pass).
 * - chart chunk: what `import()` of widgets/core/chart-loader.ts adds once a chart is drawn.
 * - loader: the classic-script `retention-kit.loader.js`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Rolldown } from 'vite';

const BUDGET_KB = 20;
const root = fileURLToPath(new URL('..', import.meta.url));
const configFile = join(root, 'vite.config.ts');

type Chunk = Rolldown.OutputChunk;

const gzip = (code: string) => gzipSync(Buffer.from(code), { level: 9 }).length;
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const isChartJs = (id: string) => /[\\/]node_modules[\\/](chart\.js|@kurkle[\\/]color)[\\/]/.test(id);

function chunksOf(result: Awaited<ReturnType<typeof build>>): Chunk[] {
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  return outputs.flatMap((o) => o.output).filter((item): item is Chunk => item.type === 'chunk');
}

/** `entry` and every chunk it imports statically, transitively. */
function staticClosure(entry: Chunk, byFile: Map<string, Chunk>): Chunk[] {
  const seen = new Map<string, Chunk>();
  const visit = (chunk: Chunk) => {
    if (seen.has(chunk.fileName)) return;
    seen.set(chunk.fileName, chunk);
    for (const file of chunk.imports) {
      const next = byFile.get(file);
      if (next) visit(next);
    }
  };
  visit(entry);
  return [...seen.values()];
}

const total = (chunks: Chunk[]) => chunks.reduce((sum, c) => sum + gzip(c.code), 0);
const rawTotal = (chunks: Chunk[]) => chunks.reduce((sum, c) => sum + Buffer.byteLength(c.code), 0);

/** Shares of the gzip size by package or widget folder (each group gzipped alone: indicative). */
function breakdown(chunks: Chunk[]): [string, number][] {
  const groups = new Map<string, string>();
  for (const chunk of chunks) {
    for (const [id, module] of Object.entries(chunk.modules)) {
      const pkg = /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(id)?.[1];
      const folder = /[\\/]widgets[\\/]([^\\/]+)[\\/]/.exec(id)?.[1];
      const key = pkg ?? (folder ? `widgets/${folder}` : id);
      groups.set(key, (groups.get(key) ?? '') + (module.code ?? ''));
    }
  }
  const sizes = [...groups].map(([key, code]) => [key, gzip(code)] as [string, number]);
  const sum = sizes.reduce((a, [, n]) => a + n, 0);
  return sizes.map(([key, n]) => [key, n / sum] as [string, number]).sort((a, b) => b[1] - a[1]);
}

async function buildKit(outDir: string) {
  const kit = chunksOf(await build({ configFile, root, logLevel: 'error', build: { outDir, sourcemap: false } }));
  const widgets = chunksOf(await build({ configFile, root, mode: 'widgets', logLevel: 'error', build: { outDir, sourcemap: false } }));
  const loader = chunksOf(await build({ configFile, root, mode: 'loader', logLevel: 'error', build: { outDir } }));
  const byFile = new Map(kit.map((c) => [c.fileName, c]));
  const entry = kit.find((c) => c.isEntry && c.fileName === 'retention-kit.js');
  if (!entry) throw new Error('no retention-kit.js entry in the build');
  const initial = staticClosure(entry, byFile);
  const chartChunks = kit.filter((c) => c.moduleIds.some(isChartJs));
  const leaked = initial.filter((c) => c.moduleIds.some(isChartJs));
  if (leaked.length > 0) throw new Error(`Chart.js is in the initial module graph: ${leaked.map((c) => c.fileName).join(', ')}`);
  // Whatever import() of the chart loader pulls in beyond the initial graph.
  const initialFiles = new Set(initial.map((c) => c.fileName));
  const lazy = [...new Set(entry.dynamicImports.concat(initial.flatMap((c) => c.dynamicImports)))]
    .flatMap((file) => staticClosure(byFile.get(file)!, byFile))
    .filter((c, i, all) => !initialFiles.has(c.fileName) && all.findIndex((o) => o.fileName === c.fileName) === i);
  const widgetFiles = new Map(widgets.map((c) => [c.fileName, c]));
  const perWidget = widgets.filter((c) => c.isEntry).map((c) => ({ name: c.fileName, gzip: total(staticClosure(c, widgetFiles)) }));
  return { initial, lazy, chartChunks, loader: loader[0]!, perWidget };
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
  const chart = total(kit.lazy);
  const loader = gzip(kit.loader.code);
  const pass = initial <= BUDGET_KB * 1000;

  console.log('retention-kit (vite.config.ts, minified, gzip -9)');
  console.log(`  initial module, all widgets, no Chart.js   ${kb(initial).padStart(9)}  (${kit.initial.length} file${kit.initial.length === 1 ? '' : 's'}, ${kb(rawTotal(kit.initial))} minified)  budget ${BUDGET_KB} kB: ${pass ? 'PASS' : 'FAIL'}`);
  console.log('  where it goes (share of the initial module by source, from each part\'s own gzip):');
  for (const [name, share] of breakdown(kit.initial).slice(0, 12)) console.log(`    ${name.padEnd(44)} ${`${(share * 100).toFixed(0)}%`.padStart(4)}  ~${kb(share * initial)}`);
  console.log(`  lazy chart chunk (Chart.js, on first chart) ${kb(chart).padStart(9)}  (${kit.lazy.map((c) => c.fileName).join(', ')})`);
  console.log(`  retention-kit.loader.js (classic script)    ${kb(loader).padStart(9)}`);
  console.log(`  initial + chart chunk                       ${kb(initial + chart).padStart(9)}`);
  console.log('  single widgets, <tag>.js + its static imports (--mode widgets):');
  for (const w of kit.perWidget.sort((a, b) => a.name.localeCompare(b.name))) console.log(`    ${w.name.padEnd(38)} ${kb(w.gzip).padStart(9)}`);

  const react = await buildReact(join(tmp, 'react'));
  const reactSize = total(react);
  const reactCharts = react.filter((c) => c.moduleIds.some(isChartJs));
  console.log('');
  console.log('React 19 + MUI 9 + react-chartjs-2 dashboard of the same widgets (bench/react-dashboard, vite, minified, gzip -9)');
  console.log(`  whole bundle (loads Chart.js up front)      ${kb(reactSize).padStart(9)}  (${react.length} file${react.length === 1 ? '' : 's'}, ${kb(rawTotal(react))} minified${reactCharts.length ? ', includes Chart.js' : ''})`);
  console.log('');
  console.log(`  ratio React / kit initial module            ${(reactSize / initial).toFixed(1).padStart(7)}×`);
  console.log(`  ratio React / kit initial + chart chunk     ${(reactSize / (initial + chart)).toFixed(1).padStart(7)}×`);
  if (!pass) process.exitCode = 1;
} finally {
  await rm(tmp, { recursive: true, force: true });
}
