import { randomBytes } from 'node:crypto';
import { START, type EventLog, type Position } from '../../application/ports/event-store';
import type { DomainEvent } from '../../domain/shared/domain-event';
import type { EventTable, LastStaged, StagingSql } from './event-table';
import { projected, type OnePassRebuild, type Projection } from './projection';
import { readPages, typesReadBy } from './read-pages';
import type { InTransaction } from './shadow-tables';

/** Events per staged page: fewer, bigger transactions than the live batches. */
const STAGE_PAGE = 5000;

/**
 * Events per page copied in the database (`EventTable`): each page's transaction holds the global
 * order back while it runs (a write takes a transaction id), so a page stays well under a second.
 */
const COPY_PAGE = 25_000;

/**
 * Staged events per part of a build (each step commits alone): in `bench:projection` on 2 cores, no
 * step of a part ran over about 1 s, and one part or four took the same time in all.
 */
const BUILD_PART = 100_000;

export interface OnePassOptions {
  /** Only events up to this position (inclusive); all there are when absent. */
  readonly upTo?: Position;
  /**
   * The log as a table of this database, where it is one (the PostgreSQL store): a projection with
   * `stageInDatabase` then stages there, its events never decoded here.
   */
  readonly table?: EventTable;
  readonly onProgress?: (events: number) => void;
}

/** What the staging held: how many events, and the last one's place (none when there were none). */
export interface Staged {
  readonly events: number;
  readonly last?: LastStaged;
}

/**
 * A projection's tables built from position zero in one pass (see `OnePassRebuild`), into tables nobody
 * reads until the caller swaps them in (`ShadowTables`): its events are staged a page at a time, each
 * page in a short transaction of its own, into an unlogged table that is dropped afterwards; then the
 * tables are built from it in parts of about `BUILD_PART` staged events, each step committing alone, so
 * that no transaction holds the global order back for long. `inShadow` runs each transaction with the
 * shadow tables first on the search path. Serves the runner's `rebuild` and the CLI's rebuild beside the
 * live tables. Answers how many events of the projection's types it built from, and the last one's place.
 */
export async function buildInOnePass(
  log: EventLog,
  projection: Projection,
  onePass: OnePassRebuild<DomainEvent>,
  inShadow: InTransaction,
  options: OnePassOptions = {},
): Promise<Staged> {
  const staging = `numlink_staging_${randomBytes(6).toString('hex')}`;
  await inShadow((tx) => onePass.createStaging(tx, staging));
  try {
    const inDatabase = onePass.stageInDatabase;
    const staged =
      (options.table && inDatabase
        ? await copyInDatabase(options.table, inDatabase, projection, staging, inShadow, options)
        : undefined) ?? (await stageHere(log, projection, onePass, staging, inShadow, options));
    const parts = Math.max(1, Math.ceil(staged.events / BUILD_PART));
    for (const step of onePass.build(staging, parts)) await inShadow(step);
    return staged;
  } finally {
    await inShadow((tx) => tx.exec(`DROP TABLE IF EXISTS ${staging}`)).catch(() => undefined);
  }
}

/** Reads the events here, upcast, and hands each page to `stage`, reading the next page meanwhile. */
async function stageHere(
  log: EventLog,
  projection: Projection,
  onePass: OnePassRebuild<DomainEvent>,
  staging: string,
  inShadow: InTransaction,
  options: OnePassOptions,
): Promise<Staged> {
  let events = 0;
  let last: LastStaged | undefined;
  const read = { from: START, pageSize: STAGE_PAGE, ...(options.upTo ? { upTo: options.upTo } : {}) };
  await readPages(log, projection, read, async (page) => {
    const firstSeq = events;
    await inShadow((tx) => onePass.stage(tx, staging, projected(page), firstSeq));
    events += page.length;
    last = page[page.length - 1];
    options.onProgress?.(events);
  });
  return { events, ...(last ? { last: { position: last.position, recordedAt: last.recordedAt } } : {}) };
}

/**
 * Copies the events table to table, a page a statement. Answers undefined, the staging emptied, when
 * the log holds an event in a schema version the SQL was not written for: `stage` takes them all then.
 */
async function copyInDatabase(
  table: EventTable,
  sql: StagingSql,
  projection: Projection,
  staging: string,
  inShadow: InTransaction,
  options: OnePassOptions,
): Promise<Staged | undefined> {
  let events = 0;
  let last: LastStaged | undefined;
  for (;;) {
    const page = await inShadow((tx) =>
      table.copyPage(tx, {
        from: last?.position ?? START,
        ...(options.upTo ? { upTo: options.upTo } : {}),
        ...typesReadBy(projection),
        limit: COPY_PAGE,
        into: staging,
        staging: sql,
        firstSeq: events,
      }),
    );
    if ('otherSchemaVersion' in page) {
      await inShadow((tx) => tx.exec(`DELETE FROM ${staging}`));
      return undefined;
    }
    events += page.copied;
    last = page.last ?? last;
    if (page.copied > 0) options.onProgress?.(events);
    if (page.copied < COPY_PAGE) return { events, ...(last ? { last } : {}) };
  }
}
