/**
 * What the embedded PostgreSQL may hold in memory (issue 11, item 8: the embedded default under 300 MB).
 * PGlite's WebAssembly heap only grows, so its largest allocation, the shared buffer pool, is sized here:
 * PGlite's own 128 MB pool alone would take most of the budget once touched.
 */
export interface PgliteMemory {
  /** `shared_buffers`; `wal_buffers` follows it (1/32, PostgreSQL's rule). */
  readonly sharedBuffersMb: number;
}

export const DEFAULT_PGLITE_MEMORY: PgliteMemory = { sharedBuffersMb: 16 };

/** PGlite's start parameters with the sizing added (they replace PGlite's, so its own come first). */
export function pgliteStartParams(defaults: readonly string[], memory: PgliteMemory): string[] {
  return [...defaults, '-c', `shared_buffers=${memory.sharedBuffersMb}MB`];
}
