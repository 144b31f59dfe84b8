import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The version in numlink's package.json, found upwards from here (src/cli or dist/src/cli). */
export function packageVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'numlink' && manifest.version) return manifest.version;
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}
