import type { RecordedEvent } from '../../application/ports/event-store';
import type { Migration } from '../../infrastructure/sql/migrations';
import type { SqlExecutor } from '../../infrastructure/sql/sql-database';

/**
 * A read model kept in PostgreSQL tables. The runtime hands it the events it names, in global order,
 * a batch at a time, inside the transaction that also moves its checkpoint.
 */
export interface Projection {
  readonly name: string;
  /** The event types it reads (others never reach it), or every event (the audit trail, Kafka). */
  readonly handles: readonly string[] | 'all';
  /** Its tables, created at start. */
  readonly migrations: readonly Migration[];
  /** Its tables, emptied before a rebuild, in an order that respects foreign keys. */
  readonly tables: readonly string[];
  apply(tx: SqlExecutor, events: readonly RecordedEvent[]): Promise<void>;
  /**
   * Effects outside the database (an SMS, appends to the store), run before the checkpoint's
   * transaction and never inside it: at least once, so they must bear a repeat.
   */
  readonly react?: (events: readonly RecordedEvent[]) => Promise<void>;
  /** Told when this instance starts (`true`) or may have stopped (`false`) being the one that applies it. */
  readonly onActive?: (active: boolean) => void;
  /** Told once a batch's transaction has committed (an in-process view cache drops what it changed). */
  readonly onCommitted?: (events: readonly RecordedEvent[]) => void;
}
