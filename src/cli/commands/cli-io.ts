import type { Clock } from '../../application/ports/clock';
import type { SqlDatabase } from '../../infrastructure/sql/sql-database';

/** Where the CLI writes, and what it runs against; tests pass their own, the bin passes the process's. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  /** Progress and errors: never personal data (it may be logged). */
  readonly stderr: (text: string) => void;
  /** The environment the config is read from, as the service reads it; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** An already open database (tests); its owner closes it. Default: the one the config names. */
  readonly db?: SqlDatabase;
  /** The operating-system user recorded as `cli:<user>`; default the process's user. */
  readonly user?: string;
  readonly clock?: Clock;
}

/** Exit codes: 0 done, 1 a finding or a failure (broken trail, nothing found, database error), 2 bad arguments, 3 (below). */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
/** The embedded store's data directory is held by another process (the service): stop it or use HTTP. */
export const EXIT_IN_USE = 3;
