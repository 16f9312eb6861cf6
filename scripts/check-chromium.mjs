// `npm test` drives Debian's Chromium (test tools cannot download a browser here): say so plainly
// before a runner fails with a launch error.
import { accessSync, constants } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';
try {
  accessSync(CHROMIUM, constants.X_OK);
} catch {
  console.error(`npm test needs Chromium at ${CHROMIUM}: sudo apt-get install -y chromium (or run .ci/run, which installs it).`);
  process.exit(1);
}
