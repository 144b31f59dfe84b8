import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/**
 * Where a test run keeps its files: one directory per run, made by jest's global setup and removed by
 * its global teardown (test/support/global-setup.ts), so that no run leaves data directories, keys and
 * PEM files behind in the operating system's temporary directory, whatever its tests do or fail to do.
 */
export const SCRATCH_VARIABLE = 'NUMLINK_TEST_SCRATCH_DIR';

/** A new, empty directory for one test's files, named after `prefix` (`numlink-e2e-` ...). */
export function scratchDirectory(prefix: string): string {
  // Outside jest's global setup (a test file run by other means), the OS's temporary directory.
  return mkdtempSync(path.join(process.env[SCRATCH_VARIABLE] ?? tmpdir(), prefix));
}
