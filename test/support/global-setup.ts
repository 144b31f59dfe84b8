import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import startContainers, { stopTestContainers } from './containers';
import { SCRATCH_VARIABLE } from './scratch';

/**
 * jest globalSetup: the run's scratch directory (test/support/scratch.ts), exported to the workers as
 * NUMLINK_TEST_SCRATCH_DIR, and the servers testcontainers starts where none was given.
 */
export default async function globalSetup(): Promise<void> {
  process.env[SCRATCH_VARIABLE] = mkdtempSync(path.join(tmpdir(), 'numlink-tests-'));
  await startContainers();
}

/** jest globalTeardown: the scratch directory goes, with whatever the tests left in it. */
export async function globalTeardown(): Promise<void> {
  const scratch = process.env[SCRATCH_VARIABLE];
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  await stopTestContainers();
}
