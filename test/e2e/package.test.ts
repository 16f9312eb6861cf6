/**
 * The published package as a host gets it: `npm pack` of packages/retention-kit (its prepack
 * builds the kit), installed from the tarball into a fresh app in a temporary folder. A Vite +
 * React 19 app is type-checked, built and rendered in Debian's Chromium; a Vite + Vue 3 app is
 * type-checked with vue-tsc and compiled with the docs' vite.config.ts. Both use every tag, through
 * the dashboards of docs/embedding-react.md and docs/embedding-vue.md and the checks in
 * test/package/. The hosts' own packages (React, Vue, Vite, their types) are linked from this
 * repository's node_modules rather than installed; npm installs the package and its dependencies
 * (from its cache when it has them).
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthResponse, kpis, finance } from '../widgets/support/fixtures';
import { docsExample } from './support/docs-examples';

const root = fileURLToPath(new URL('../../', import.meta.url));
const packageDir = join(root, 'packages/retention-kit');
const fixtures = join(root, 'test/package');
/** Installed into each app by linking, as a host has them already. */
const HOST_PACKAGES = ['react', 'react-dom', '@types/react', '@types/react-dom', 'vue', 'vite', '@vitejs/plugin-vue'];

interface PackResult {
  filename: string;
  files: { path: string }[];
}
interface PackageJson {
  name: string;
  private?: boolean;
  exports: Record<string, string | Record<string, string>>;
  types: string;
  customElements: string;
  files: string[];
  dependencies: Record<string, string>;
}
interface ManifestDeclaration {
  kind: string;
  name: string;
  tagName?: string;
  customElement?: boolean;
}

let work: string;
let app: string;
let packed: PackResult;
let installed: PackageJson;
let tags: string[];
let browser: Browser | undefined;

function run(command: string, args: string[], options: SpawnSyncOptions = {}): string {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return String(result.stdout);
}

function write(path: string, source: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, source);
}

/** A host app in the app folder: the test/package fixture `name` and `files` (docs' examples), on the app's node_modules. */
function hostApp(name: string, files: Record<string, string>): string {
  const dir = join(app, name);
  cpSync(join(fixtures, name), dir, { recursive: true });
  for (const [path, source] of Object.entries(files)) write(join(dir, path), source);
  symlinkSync(join(app, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

/** The hosts' src/data.ts: response bodies typed with the package's own types. */
const DATA = `import type { CustomerHealth, KpiSummaryData } from 'retention-kit/all';
export const health: CustomerHealth = ${JSON.stringify(healthResponse())};
export const kpiSummary: KpiSummaryData = ${JSON.stringify({ kpis: kpis(), finance: finance() })};
`;

/** Debian's Chromium, launched once for the file. */
async function launch(): Promise<Browser> {
  browser ??= await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  return browser;
}

/**
 * Opens `url`, where the autoloader renders a gauge fed by `data` (score 64) as the host's
 * framework rendered it; checks that `data` arrived as a property, that only that widget's code
 * was loaded, and that nothing went wrong.
 */
async function expectLazyGauge(url: string): Promise<void> {
  const page = await (await launch()).newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    const kitWarning = message.type() === 'warning' && message.text().startsWith('retention-kit');
    if ((message.type() === 'error' || kitWarning) && !message.location().url.endsWith('/favicon.ico')) errors.push(message.text());
  });
  try {
    await page.goto(url);
    await expect.poll(() => page.locator('health-gauge [part="score"]').textContent().catch(() => null)).toBe('64');
    expect(await page.locator('health-gauge [part="title"]').textContent()).toBe('Acme Robotics');
    expect(await page.locator('health-gauge').evaluate((element) => element.hasAttribute('data'))).toBe(false);
    // Every tag is registered at once; the code of the kit's elements not on the page never arrives.
    const loaded = await page.evaluate((tags) => tags.map((tag) => 'updateComplete' in (customElements.get(tag)?.prototype ?? {})), ['rk-provider', 'health-gauge', 'kpi-summary']);
    expect(loaded).toEqual([true, true, false]);
    expect(errors).toEqual([]);
  } finally {
    await page.close();
  }
}

/** The kit's tags that `file` never uses. */
function tagsMissingFrom(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return tags.filter((tag) => !source.includes(`<${tag}`));
}

/** Type-checks an app with a checker of this repository (tsc, vue-tsc): it passes, saying nothing. */
function expectTypeCheck(bin: string, project: string): void {
  const result = spawnSync(process.execPath, [join(root, 'node_modules', bin), '-p', project], { encoding: 'utf8' });
  expect(`${result.stdout}${result.stderr}`).toBe('');
  expect(result.status).toBe(0);
}

/** A static server of `dir` (index.html for `/`). */
function serve(dir: string): Promise<http.Server> {
  const server = http.createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = normalize(join(dir, path === '/' ? 'index.html' : path));
    if (!file.startsWith(dir + sep)) return res.writeHead(404).end();
    const body = await readFile(file).catch(() => undefined);
    if (!body) return res.writeHead(404).end();
    const type = { '.html': 'text/html', '.js': 'text/javascript' }[extname(file)] ?? 'application/octet-stream';
    res.writeHead(200, { 'content-type': `${type}; charset=utf-8` }).end(body);
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'rk-package-'));
  packed = (JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], { cwd: packageDir })) as PackResult[])[0]!;

  app = join(work, 'app');
  write(join(app, 'package.json'), JSON.stringify({ name: 'host-app', private: true, type: 'module' }));
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(work, packed.filename)], { cwd: app });
  // After the install: npm removes what its lockfile does not list.
  for (const name of HOST_PACKAGES) {
    mkdirSync(dirname(join(app, 'node_modules', name)), { recursive: true });
    symlinkSync(join(root, 'node_modules', name), join(app, 'node_modules', name), 'dir');
  }
  const kit = join(app, 'node_modules/retention-kit');
  installed = JSON.parse(readFileSync(join(kit, 'package.json'), 'utf8')) as PackageJson;
  const manifest = JSON.parse(readFileSync(join(kit, installed.customElements), 'utf8')) as { modules: { declarations?: ManifestDeclaration[] }[] };
  tags = manifest.modules.flatMap((module) => module.declarations ?? []).flatMap((d) => (d.tagName ? [d.tagName] : [])).sort();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the package', () => {
  it('is the built kit and its README, license and package.json: no source of the server, tests or benchmarks', () => {
    const paths = packed.files.map((file) => file.path);
    expect(paths.filter((path) => !path.startsWith('dist/') && !['package.json', 'README.md', 'LICENSE'].includes(path))).toEqual([]);
    expect(paths).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'dist/retention-kit.js', 'dist/custom-elements.json']));
    expect(paths.filter((path) => path.includes('/.vite/'))).toEqual([]);
  });

  it('is public and named retention-kit, while the repository root stays private', () => {
    const rootPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageJson;
    expect(rootPackage.private).toBe(true);
    expect(installed.name).toBe('retention-kit');
    expect(installed.private).toBeUndefined();
  });

  it('exports `.`, `./all`, `./loader`, `./react`, `./vue`, the manifest and one entry per tag, each to a file it ships', () => {
    expect(tags.length).toBeGreaterThanOrEqual(9);
    expect(Object.keys(installed.exports).sort()).toEqual(
      ['.', './all', './loader', './react', './vue', './custom-elements.json', './package.json', ...tags.map((tag) => `./${tag}`)].sort(),
    );
    const kit = join(app, 'node_modules/retention-kit');
    const targets = Object.values(installed.exports).flatMap((target) => (typeof target === 'string' ? [target] : Object.values(target)));
    for (const target of [...targets, installed.types, installed.customElements]) {
      expect(() => readFileSync(join(kit, target)), target).not.toThrow();
    }
    for (const tag of tags) expect(installed.exports[`./${tag}`]).toEqual({ types: `./dist/types/widgets/${tag}/define.d.ts`, default: `./dist/${tag}.js` });
  });

  it('lists a class as a custom element only when a tag is defined for it (not the base class RkElement)', () => {
    const manifest = JSON.parse(readFileSync(join(app, 'node_modules/retention-kit/dist/custom-elements.json'), 'utf8')) as {
      modules: { declarations?: ManifestDeclaration[] }[];
    };
    const classes = manifest.modules.flatMap((module) => module.declarations ?? []).filter((d) => d.kind === 'class');
    expect(classes.filter((d) => d.customElement && !d.tagName).map((d) => d.name)).toEqual([]);
    expect(classes.find((d) => d.name === 'RkElement')).toMatchObject({ name: 'RkElement' });
    expect(classes.filter((d) => d.customElement).map((d) => d.tagName).sort()).toEqual(tags);
  });

  it('depends on the packages its type declarations import, at the versions the kit is built with', () => {
    const rootPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageJson;
    const dist = join(app, 'node_modules/retention-kit/dist');
    const imported = new Set<string>();
    for (const file of readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.d.ts'))) {
      for (const [, specifier] of readFileSync(join(dist, file), 'utf8').matchAll(/from '([^'.][^']*)'/g)) {
        imported.add(specifier!.startsWith('@') ? specifier!.split('/').slice(0, 2).join('/') : specifier!.split('/')[0]!);
      }
    }
    // react.d.ts and vue.d.ts refer to the host's own React and Vue.
    imported.delete('react');
    imported.delete('vue');
    expect(Object.keys(installed.dependencies).sort()).toEqual([...imported].sort());
    for (const name of imported) expect(installed.dependencies[name], name).toBe(rootPackage.dependencies[name]);
  });

  it('tells the Vue compiler which tags are the kit\'s', async () => {
    const { isCustomElement } = (await import(pathToFileURL(join(app, 'node_modules/retention-kit/dist/vue.js')).href)) as {
      isCustomElement: (tag: string) => boolean;
    };
    for (const tag of tags) expect(isCustomElement(tag), tag).toBe(true);
    for (const tag of ['div', 'router-view', 'my-button']) expect(isCustomElement(tag), tag).toBe(false);
  });
});

describe('a Vite + React 19 app', () => {
  let react: string;

  beforeAll(() => {
    react = hostApp('react', { 'src/CustomerSuccess.tsx': docsExample('embedding-react.md', 'src/CustomerSuccess.tsx'), 'src/data.ts': DATA });
  });

  it('uses every tag in the docs\' dashboard', () => {
    expect(tagsMissingFrom(join(react, 'src/CustomerSuccess.tsx'))).toEqual([]);
  });

  it('type-checks with tsc: the dashboard, the data and event types, and no prop typed any', () => {
    expectTypeCheck('typescript/bin/tsc', join(react, 'tsconfig.json'));
  });

  it('builds, and renders two widgets fed by `data` with their events in React state, and `data` under the autoloader', async () => {
    await build({
      root: react,
      configFile: false,
      logLevel: 'warn',
      build: { outDir: 'dist', rolldownOptions: { input: { main: join(react, 'index.html'), lazy: join(react, 'lazy.html') } } },
    });
    const server = await serve(join(react, 'dist'));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const page = await (await launch()).newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) errors.push(message.text());
      });

      await page.goto(`${base}/`);
      const gauge = page.locator('health-gauge');
      await expect.poll(() => gauge.locator('[part="title"]').textContent()).toBe('Acme Robotics');
      expect(await gauge.locator('[part="score"]').textContent()).toBe('72');
      expect(await gauge.evaluate((element) => element.hasAttribute('data'))).toBe(false);
      await expect.poll(() => page.locator('kpi-summary').evaluate((element) => (element as HTMLElement & { state: string }).state)).toBe('ready');
      expect(await page.locator('kpi-summary').evaluate((element) => element.shadowRoot!.textContent)).toContain('1,240');
      expect(await page.locator('#toggled').textContent()).toBe('closed');
      await gauge.locator('[part="disclosure"]').click();
      await expect.poll(() => page.locator('#toggled').textContent()).toBe('open');
      expect(errors).toEqual([]);
      await page.close();

      await expectLazyGauge(`${base}/lazy.html`);
    } finally {
      server.close();
    }
  });
});

describe('a Vite + Vue 3 app', () => {
  let vue: string;

  beforeAll(() => {
    vue = hostApp('vue', {
      'src/CustomerSuccess.vue': docsExample('embedding-vue.md', 'src/CustomerSuccess.vue'),
      'vite.config.ts': docsExample('embedding-vue.md', 'vite.config.ts'),
      'src/data.ts': DATA,
    });
  });

  it('uses every tag in the docs\' dashboard', () => {
    expect(tagsMissingFrom(join(vue, 'src/CustomerSuccess.vue'))).toEqual([]);
  });

  it('type-checks with vue-tsc and strict templates: props, listeners typed by the kit\'s events, no prop typed any', () => {
    expectTypeCheck('vue-tsc/bin/vue-tsc.js', join(vue, 'tsconfig.json'));
  });

  it('compiles every tag as an element, not as a component to resolve, with the docs\' vite.config.ts', async () => {
    await build({ root: vue, configFile: join(vue, 'vite.config.ts'), logLevel: 'warn', build: { outDir: 'dist', minify: false } });
    const assets = join(vue, 'dist/assets');
    const code = readdirSync(assets)
      .filter((file) => file.startsWith('index-'))
      .map((file) => readFileSync(join(assets, file), 'utf8'))
      .join('\n');
    for (const tag of tags) {
      expect(code, tag).toMatch(new RegExp(`create(BaseVNode|ElementVNode|ElementBlock)\\("${tag}"`));
      expect(code, tag).not.toContain(`resolveComponent("${tag}"`);
    }
  });

  it('renders a gauge fed by a plain `:data` under the autoloader, with the docs\' vite.config.ts', async () => {
    await build({ root: vue, configFile: join(vue, 'vite.config.ts'), logLevel: 'warn', build: { outDir: 'dist-lazy', rolldownOptions: { input: join(vue, 'lazy.html') } } });
    const server = await serve(join(vue, 'dist-lazy'));
    try {
      await expectLazyGauge(`http://127.0.0.1:${(server.address() as AddressInfo).port}/lazy.html`);
    } finally {
      server.close();
    }
  });
});
