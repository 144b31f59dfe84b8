import { randomBytes } from 'node:crypto';
import { START, type EventLog, type Position, type RecordedEvent } from '../../application/ports/event-store';
import type { DomainEvent } from '../../domain/shared/domain-event';
import type { SqlExecutor } from '../../infrastructure/sql/sql-database';
import { projected, type OnePassRebuild, type Projection } from './projection';
import { readPages } from './read-pages';

/** Events per staged page: fewer, bigger transactions than the live batches. */
const STAGE_PAGE = 5000;

/** Runs `work` in a transaction of its own (the CLI's opens it with the shadow schema on the search path). */
export type InTransaction = <T>(work: (tx: SqlExecutor) => Promise<T>) => Promise<T>;

export interface OnePassOptions {
  /** Only events up to this position (inclusive); all there are when absent. */
  readonly upTo?: Position;
  /** Runs in the build's transaction first (the runner empties the live tables there). */
  readonly beforeBuild?: (tx: SqlExecutor) => Promise<void>;
  /** Runs in the build's transaction last (the runner sets the checkpoint at `last` there). */
  readonly afterBuild?: (tx: SqlExecutor, last: RecordedEvent | undefined) => Promise<void>;
  readonly onProgress?: (events: number) => void;
}

/**
 * A projection's tables built from position zero in one pass (see `OnePassRebuild`): its events are
 * staged a page at a time, each page in a short transaction of its own, into an unlogged table that is
 * dropped afterwards; then one transaction builds the tables from it. Serves the runner's `rebuild`
 * (the live tables, under the projection's lock) and the CLI's rebuild beside them (a shadow schema).
 * Answers how many events of the projection's types it built from.
 */
export async function buildInOnePass(
  log: EventLog,
  projection: Projection,
  onePass: OnePassRebuild<DomainEvent>,
  inTransaction: InTransaction,
  options: OnePassOptions = {},
): Promise<number> {
  const staging = `numlink_staging_${randomBytes(6).toString('hex')}`;
  await inTransaction((tx) => onePass.createStaging(tx, staging));
  try {
    let events = 0;
    let last: RecordedEvent | undefined;
    const read = { from: START, pageSize: STAGE_PAGE, ...(options.upTo ? { upTo: options.upTo } : {}) };
    await readPages(log, projection, read, async (page) => {
      const firstSeq = events;
      await inTransaction((tx) => onePass.stage(tx, staging, projected(page), firstSeq));
      events += page.length;
      last = page[page.length - 1];
      options.onProgress?.(events);
    });
    await inTransaction(async (tx) => {
      await options.beforeBuild?.(tx);
      await onePass.build(tx, staging);
      await options.afterBuild?.(tx, last);
    });
    return events;
  } finally {
    await inTransaction((tx) => tx.exec(`DROP TABLE IF EXISTS ${staging}`)).catch(() => undefined);
  }
}
