import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  linkSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';

/** Who holds a data directory: written into its lock file. */
export interface DataDirHolder {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
  /** Tells this holder from a later one with the same pid. */
  readonly token: string;
}

/** The data directory is held by a live process (the running service, or another CLI). */
export class DataDirInUseError extends Error {
  constructor(
    readonly lockFile: string,
    readonly holder: DataDirHolder | undefined,
  ) {
    super(
      holder
        ? `the embedded store is in use by process ${holder.pid} on ${holder.host} since ${holder.since} (lock ${lockFile})`
        : `the embedded store is in use (lock ${lockFile} is being written)`,
    );
    this.name = 'DataDirInUseError';
  }
}

export interface HeldDataDirLock {
  readonly lockFile: string;
  release(): void;
}

/** A lock file that cannot be read yet is someone's, just created; older than this, it is a crash's. */
const UNREADABLE_GRACE_MS = 10_000;

/**
 * An exclusive lock on an embedded store's directory, for one process at a time: PGlite has no
 * locking of its own, and a second writer on the same files diverges from the first and can corrupt
 * them. The lock is a file beside the directory (`<dir>.lock`) created exclusively, naming the holder's
 * pid and host. A lock whose process is gone (same host, pid not alive) is stale and taken over; the
 * holder removes it on release and at exit.
 */
export function lockDataDir(dir: string): HeldDataDirLock {
  const lockFile = `${dir.replace(/[\\/]+$/, '')}.lock`;
  const me: DataDirHolder = {
    pid: process.pid,
    host: hostname(),
    since: new Date().toISOString(),
    token: randomBytes(8).toString('hex'),
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(lockFile, me)) {
      const onExit = () => releaseIfMine(lockFile, me);
      process.once('exit', onExit);
      return {
        lockFile,
        release: () => {
          process.removeListener('exit', onExit);
          releaseIfMine(lockFile, me);
        },
      };
    }
    const holder = readHolder(lockFile);
    if (holder === 'gone') continue;
    if (holder === 'unreadable') {
      if (ageMs(lockFile) < UNREADABLE_GRACE_MS) throw new DataDirInUseError(lockFile, undefined);
      removeStale(lockFile, undefined);
      continue;
    }
    if (holder.host !== me.host || isAlive(holder.pid)) throw new DataDirInUseError(lockFile, holder);
    removeStale(lockFile, holder);
  }
  throw new DataDirInUseError(lockFile, undefined);
}

function tryCreate(lockFile: string, me: DataDirHolder): boolean {
  let fd: number;
  try {
    fd = openSync(lockFile, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, `${JSON.stringify(me)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

function readHolder(lockFile: string): DataDirHolder | 'gone' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(lockFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw error;
  }
  try {
    const holder = JSON.parse(text) as Partial<DataDirHolder>;
    if (typeof holder.pid === 'number' && typeof holder.host === 'string' && typeof holder.token === 'string')
      return holder as DataDirHolder;
  } catch {
    // Written half: fall through.
  }
  return 'unreadable';
}

function ageMs(lockFile: string): number {
  try {
    return Date.now() - statSync(lockFile).mtimeMs;
  } catch {
    return 0;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it lives, under another user.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Moves the stale lock aside, then checks it was the stale one: two processes may find the same stale
 * lock, and the slower one must not remove the fresh lock the faster one made meanwhile (it puts it back).
 */
function removeStale(lockFile: string, stale: DataDirHolder | undefined): void {
  const aside = `${lockFile}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(lockFile, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = readHolder(aside);
  const wasStale = typeof moved === 'object' ? moved.token === stale?.token : stale === undefined;
  if (!wasStale) {
    try {
      linkSync(aside, lockFile);
    } catch {
      // Someone locked again meanwhile: theirs stands.
    }
  }
  unlinkSync(aside);
}

function releaseIfMine(lockFile: string, me: DataDirHolder): void {
  const holder = readHolder(lockFile);
  if (typeof holder === 'object' && holder.token === me.token) unlinkSync(lockFile);
}
