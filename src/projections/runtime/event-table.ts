import type { Position } from '../../application/ports/event-store';
import type { SqlExecutor } from '../../infrastructure/sql/sql-database';

/**
 * A one-pass rebuild's staging written as SQL over a stored event, for a log kept as a table of the
 * read models' own database (`EventTable`): the events then go from table to table in the database,
 * never decoded in this process.
 */
export interface StagingSql<T extends string = string> {
  /**
   * The schema version of each type that `columns` reads. A log holding one of these types in another
   * version (an older shape, upcast on read) is staged by `stage` instead, from upcast events.
   */
  readonly schemaVersions: Readonly<Record<T, number>>;
  /**
   * The staging table's columns after `seq`, in its order, as SQL expressions over the stored event's
   * `type` (text), `revision` (bigint) and `data` (jsonb).
   */
  readonly columns: string;
}

/** One page copied from the log into a staging table (`EventTable.copyPage`). */
export interface TablePage {
  /** Exclusive: events after this position. */
  readonly from: Position;
  /** Inclusive: no event after this position; every one a reader may pass when absent. */
  readonly upTo?: Position;
  /** Only these event types (all when absent). */
  readonly types?: readonly string[];
  readonly limit: number;
  /** The staging table: it gets `seq`, then the columns of `staging.columns`. */
  readonly into: string;
  readonly staging: StagingSql;
  /** The page's first event's `seq`; the others follow in global order. */
  readonly firstSeq: number;
}

/** The last event staged: where the rebuilt projection's checkpoint goes. */
export interface LastStaged {
  readonly position: Position;
  readonly recordedAt: string;
}

export type CopiedPage =
  | { readonly copied: number; readonly last?: LastStaged }
  /** An event of the page is stored in a schema version `staging.schemaVersions` does not name: nothing copied. */
  | { readonly otherSchemaVersion: true };

/**
 * The event log as a table of the same database as the read models (the PostgreSQL store, on a server
 * or on PGlite; never EventStoreDB). Only the wiring knows that, and hands it to the rebuilds.
 */
export interface EventTable {
  /**
   * Copies into `page.into`, in `tx` (one statement), the next `page.limit` events of `page.types`
   * after `page.from`, exactly those `EventLog.readAll` would answer: in global order, none at or
   * above the oldest transaction still open.
   */
  copyPage(tx: SqlExecutor, page: TablePage): Promise<CopiedPage>;
}
