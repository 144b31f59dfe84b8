import { setFlagsFromString } from 'node:v8';

/**
 * What the embedded PostgreSQL may hold in memory (issue 11, item 8: the embedded default under 300 MB).
 * PGlite's WebAssembly heap only grows, so its largest allocation, the shared buffer pool, is sized here:
 * PGlite's own 128 MB pool alone would take most of the budget once touched.
 */
export interface PgliteMemory {
  /** `shared_buffers`; `wal_buffers` follows it (1/32, PostgreSQL's rule). */
  readonly sharedBuffersMb: number;
  /**
   * V8's optimising compiler (TurboFan) for PGlite's hot WebAssembly functions. Off: the baseline
   * compiler (Liftoff) only, about 70 MB less resident (the optimised code and its compilers' memory);
   * `bench:memory` measures no difference in CPU per flow (a statement alone costs up to a fifth more).
   */
  readonly optimisingCompiler: boolean;
}

export const DEFAULT_PGLITE_MEMORY: PgliteMemory = { sharedBuffersMb: 16, optimisingCompiler: false };

/** PGlite's start parameters with the sizing added (they replace PGlite's, so its own come first). */
export function pgliteStartParams(defaults: readonly string[], memory: PgliteMemory): string[] {
  return [...defaults, '-c', `shared_buffers=${memory.sharedBuffersMb}MB`];
}

/**
 * Chooses V8's WebAssembly compilers before PGlite's module is compiled. The flag is the process's:
 * PGlite is the only WebAssembly numlink runs, and one process opens one data directory.
 */
export function chooseWasmCompilers(memory: PgliteMemory): void {
  if (!memory.optimisingCompiler) setFlagsFromString('--liftoff-only');
}
