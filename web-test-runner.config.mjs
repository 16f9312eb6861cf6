// Browser tests for the widget kit: @web/test-runner in Debian's Chromium (never a downloaded browser).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { alertInbox } from './test/widgets/support/alert-inbox.mjs';

// Chromium writes its profile into $HOME unless given a directory of its own.
const userDataDir = mkdtempSync(join(tmpdir(), 'rk-wtr-chromium-'));
process.on('exit', () => rmSync(userDataDir, { recursive: true, force: true }));

/** A real endpoint of the test server that answers late: lets tests hold a widget in its loading state. */
const SLOW_PREFIX = '/__rk_test__/slow';

/** A real endpoint that answers with the request it got (method, path and query, accept, authorization): lets tests see what a widget sent. */
const ECHO_PREFIX = '/__rk_test__/echo';

export default {
  // Node-side tests of the widgets, if any, are named *.node.test.ts and stay out of the browser.
  files: ['test/widgets/**/*.test.ts', '!test/widgets/**/*.node.test.ts'],
  // Relative, extensionless TypeScript imports (`./events`) resolve to `.ts` files.
  nodeResolve: { extensions: ['.ts', '.mjs', '.js', '.json'] },
  concurrency: 1,
  testFramework: { config: { timeout: 10_000 } },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) })],
  middleware: [
    // An alert inbox per test (GET /api/alerts, POST …/acknowledge): test/widgets/support/alert-inbox.mjs.
    alertInbox('/__rk_test__/inbox'),
    async function echo(context, next) {
      if (!context.path.startsWith(ECHO_PREFIX)) return next();
      context.status = 200;
      context.type = 'text/plain';
      context.body = JSON.stringify({
        method: context.method,
        url: context.url.slice(ECHO_PREFIX.length),
        accept: context.get('accept'),
        authorization: context.get('authorization'),
      });
    },
    async function slow(context, next) {
      if (!context.path.startsWith(SLOW_PREFIX)) return next();
      await new Promise((resolve) => setTimeout(resolve, 4_000));
      context.status = 503;
      context.body = { error: { code: 'unavailable', message: 'slow test endpoint', fields: [] } };
    },
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: '/usr/bin/chromium',
        headless: true,
        args: [
          '--no-sandbox',
          '--headless=new',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
          `--user-data-dir=${userDataDir}`,
        ],
      },
    }),
  ],
};
