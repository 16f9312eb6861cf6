/**
 * The `prepack` of packages/retention-kit: builds the widget kit (`npm run build:widgets` at the
 * root: bundles, type declarations, custom-elements.json, framework typings) and copies it into
 * the package's dist/, without the build's own Vite manifests.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const from = `${root}dist/widgets`;
const to = `${root}packages/retention-kit/dist`;

// The build's log goes to stderr: `npm pack --json` keeps stdout for its JSON.
const build = spawnSync('npm', ['run', 'build:widgets'], { cwd: root, stdio: ['ignore', 2, 2] });
if (build.status !== 0) process.exit(build.status ?? 1);
rmSync(to, { recursive: true, force: true });
cpSync(from, to, { recursive: true, filter: (path) => !path.startsWith(`${from}/.vite`) });
