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
