import type { RecordedEvent } from '../../application/ports/event-store';
import type { DomainEvent } from '../../domain/shared/domain-event';
import type { Migration } from '../../infrastructure/sql/migrations';
import type { SqlExecutor } from '../../infrastructure/sql/sql-database';
import type { StagingSql } from './event-table';

/**
 * An event as a projection gets it: the stored envelope, its `type` and `data` those of one member of
 * the projection's union (narrowing on `type` narrows `data`).
 */
export type ProjectedEvent<E extends DomainEvent> = E extends DomainEvent
  ? Omit<RecordedEvent, 'type' | 'data'> & { readonly type: E['type']; readonly data: E['data'] }
  : never;

/**
 * A read model kept in PostgreSQL tables. The runtime hands it the events it names, in global order,
 * upcast to their current shape, a batch at a time, inside the transaction that also moves its
 * checkpoint. Projections of different unions run side by side as `Projection[]`; the one cast from
 * stored events to `E` lives in the runner, which hands each only the types in `handles`.
 */
export interface Projection<E extends DomainEvent = DomainEvent> {
  readonly name: string;
  /**
   * The event types it reads (others never reach it), or every event: `'all'` belongs to a projection
   * over `DomainEvent` (any type, data unknown), as the audit trail and Kafka's are.
   */
  readonly handles: readonly E['type'][] | 'all';
  /** Its tables, created at start. */
  readonly migrations: readonly Migration[];
  /** Its tables, emptied before a rebuild, in an order that respects foreign keys. */
  readonly tables: readonly string[];
  apply(tx: SqlExecutor, events: readonly ProjectedEvent<E>[]): Promise<void>;
  /**
   * Effects outside the database (an SMS, appends to the store), run before the checkpoint's
   * transaction and never inside it: at least once, so they must bear a repeat.
   */
  react?(events: readonly ProjectedEvent<E>[]): Promise<void>;
  /**
   * Whether it reads each append at once. A read model waits a moment for more (fewer, bigger
   * transactions); a reaction does not, unless nobody awaits its effects (`reactor`'s `gathers`).
   */
  readonly readsAtOnce?: boolean;
  /** Told when this instance starts (`true`) or may have stopped (`false`) being the one that applies it. */
  onActive?(active: boolean): void;
  /** Told once a batch's transaction has committed (an in-process view cache drops what it changed). */
  onCommitted?(events: readonly ProjectedEvent<E>[]): void;
  /**
   * Told when a rebuild swapped its tables in (`ShadowTables.swap`, here or in another process: rows
   * changed that no batch applied), and whenever such a notice may have been missed.
   */
  onTablesSwapped?(): void;
  /** A faster rebuild than `apply` batch after batch, where the projection has one. */
  readonly rebuildInOnePass?: OnePassRebuild<E>;
}

/** One step of a one-pass build: a few statements, in whatever transaction the caller runs it. */
export type BuildStep = (tx: SqlExecutor) => Promise<void>;

/**
 * Builds a projection's tables from nothing in one pass. The runner hands `stage` every event of the
 * projection's types, in global order and a page at a time (each page in a short transaction of its
 * own), into a staging table it names and drops afterwards; `build`'s steps then write the tables from
 * it, each step committing alone, into tables nobody reads until they are swapped in (`ShadowTables`).
 * The tables must come out as `apply` writes them over any cut of the same events into batches,
 * whatever the number of parts.
 */
export interface OnePassRebuild<E extends DomainEvent> {
  createStaging(tx: SqlExecutor, table: string): Promise<void>;
  /** `firstSeq`: the place of the page's first event among all staged events (0, then on). */
  stage(
    tx: SqlExecutor,
    table: string,
    events: readonly ProjectedEvent<E>[],
    firstSeq: number,
  ): Promise<void>;
  /**
   * `stage` again, as SQL over the stored events: used where the log is a table of the same database
   * (`EventTable`), so that the events are never decoded in this process. It must stage the rows
   * `stage` stages.
   */
  readonly stageInDatabase?: StagingSql<E['type']>;
  /**
   * The steps that write the tables from the staging, the work cut into `parts` (at least 1) shares,
   * so that no step committed alone runs long; run in order, each exactly once.
   */
  build(table: string, parts: number): readonly BuildStep[];
}

/**
 * The one cast from stored events to a projection's union. A `Projection<E>` runs widened to
 * `Projection` (its methods then take any event); that holds because a projection is only ever handed
 * events read with `types: handles`, upcast by `EventSchemas` to the current shape of their type.
 * Every reader that feeds a projection (the runner, the CLI's rebuild beside, a one-pass build)
 * goes through here.
 */
export function projected(events: readonly RecordedEvent[]): readonly ProjectedEvent<DomainEvent>[] {
  return events;
}
