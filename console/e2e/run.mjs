// `npm run test:console`: the browser tests in Debian's Chromium. Without it, they are skipped (and say
// so) on a developer's machine, and fail under CI=true, which must run everything (.ci/run installs it).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  const message = `The console's browser tests need Chromium at ${chromium} (Debian: apt-get install chromium; or set CHROMIUM_PATH).`;
  if (process.env.CI) {
    console.error(message);
    process.exit(1);
  }
  console.log(`${message} Skipped.`);
  process.exit(0);
}
const run = spawnSync('npx', ['playwright', 'test', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
