import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The node flags `npm start` runs the service with (package.json's `start` script), so that a bench
 * measures the service as it is run, heap limit included.
 */
export function npmStartFlags(): string[] {
  const manifest = JSON.parse(
    readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8'),
  ) as {
    scripts: { start: string };
  };
  return manifest.scripts.start.split(/\s+/).filter((token) => token.startsWith('--'));
}

/**
 * The service's entry point: this build's `dist/src/main.js`, or another build's named by
 * `NUMLINK_BENCH_SERVICE_MAIN` (an older commit built in its own worktree), so that two builds are
 * measured by the same load generator, back to back on the same machine.
 */
export function serviceMain(): string {
  return process.env.NUMLINK_BENCH_SERVICE_MAIN ?? path.join(__dirname, '..', '..', 'src', 'main.js');
}
