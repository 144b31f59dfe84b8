import { comparePositions, START, type EventLog, type Position } from '../../application/ports/event-store';
import type { SqlDatabase, SqlExecutor } from '../../infrastructure/sql/sql-database';
import type { Projection } from '../../projections/runtime/projection';
import { buildInOnePass } from '../../projections/runtime/build-in-one-pass';
import type { EventTable } from '../../projections/runtime/event-table';
import { projected } from '../../projections/runtime/projection';
import { readPages } from '../../projections/runtime/read-pages';
import { ShadowTables } from '../../projections/runtime/shadow-tables';

export interface TableComparison {
  readonly table: string;
  readonly liveRows: number;
  readonly rebuiltRows: number;
  /** Rows of the live table the rebuild does not have (counted with duplicates). */
  readonly onlyLive: number;
  /** Rows of the rebuild the live table does not have. */
  readonly onlyRebuilt: number;
}

export interface RebuildOutcome {
  readonly projection: string;
  /** Events the rebuild applied from position zero. */
  readonly events: number;
  /** The live checkpoint the rebuilt tables stand at, unchanged by the swap. */
  readonly checkpoint: Position;
  readonly tables: readonly TableComparison[];
  readonly identical: boolean;
  /** True when the rebuilt rows replaced the live ones (never with `compareOnly`, nor when identical). */
  readonly swapped: boolean;
}

export interface RebuildBesideOptions {
  /** Compare only: leave the live tables as they are. */
  readonly compareOnly?: boolean;
  readonly onProgress?: (events: number) => void;
  /** The log as a table of `db`, where it is one: the one pass copies the events there (`OnePassOptions.table`). */
  readonly eventTable?: EventTable;
  /** Attempts at catching the live checkpoint still (it moves while the service applies events). */
  readonly maxAttempts?: number;
}

const BATCH = 1000;

/** The live checkpoint moved between the catch-up and the swap's lock: catch up again. */
class CheckpointMoved extends Error {}

/**
 * SPEC §5 "can be rebuilt from position zero to an identical result", without stopping the service:
 *
 * 1. creates the projection's tables in a schema of their own (its migrations, run with that schema
 *    first on the search path, so its unqualified table names resolve there and `events` to the live one);
 * 2. builds them from every event of its types up to the live checkpoint: in one pass where the
 *    projection has one (`buildInOnePass`: staged table to table from the events where `eventTable` is
 *    given, built in parts that commit alone, so no transaction holds the global order back for long),
 *    else batch after batch in the projection's own transactions;
 * 3. compares every table row for row with the live one, in a read-only snapshot whose live checkpoint
 *    must be where the catch-up ended (else it catches up again and retries);
 * 4. when they differ (and not `compareOnly`), in one short transaction (`ShadowTables.swap`): locks the
 *    live checkpoint row (the live projector's next batch waits on it) and, if the checkpoint has still
 *    not moved, drops the live tables and moves the rebuilt ones into their place (or copies their rows
 *    where moving would lose something, as the audit trail's triggers). The checkpoint stays:
 *    the rebuilt rows stand exactly where the live ones did, so the live projector goes on from there.
 *    If it moved, it rolls back and retries.
 * 5. drops the schema.
 * Readers see the old rows until the swap commits, then the new ones.
 */
export async function rebuildBeside(
  db: SqlDatabase,
  store: EventLog,
  projection: Projection,
  options: RebuildBesideOptions = {},
): Promise<RebuildOutcome> {
  const shadow = await ShadowTables.create(db, projection);
  try {
    let position = START;
    let events = 0;
    const catchUp = async (target: Position): Promise<void> => {
      if (comparePositions(position, target) >= 0) return;
      const onePass = projection.rebuildInOnePass;
      if (onePass && comparePositions(position, START) === 0) {
        // From nothing: the bulk in one pass (much faster); a retry goes on batch after batch from there.
        ({ events } = await buildInOnePass(store, projection, onePass, shadow.inShadow, {
          upTo: target,
          ...(options.eventTable ? { table: options.eventTable } : {}),
          ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        }));
      } else {
        const read = { from: position, pageSize: BATCH, upTo: target };
        await readPages(store, projection, read, async (page) => {
          await shadow.inShadow((tx) => projection.apply(tx, projected(page)));
          events += page.length;
          options.onProgress?.(events);
        });
      }
      // Every event of its types up to the checkpoint is in (the runner stores checkpoints past events of
      // other types, so the last one applied may stand before it).
      position = target;
    };

    const attempts = options.maxAttempts ?? 100;
    for (let attempt = 1; ; attempt++) {
      await catchUp(await liveCheckpoint(db, projection.name));
      try {
        const tables = await compareAtCheckpoint(db, projection, position, shadow.live, shadow.schema);
        const identical = tables.every((t) => t.onlyLive === 0 && t.onlyRebuilt === 0);
        const outcome = { projection: projection.name, events, checkpoint: position, tables, identical };
        if (identical || options.compareOnly) return { ...outcome, swapped: false };
        return await shadow.swap(async (tx) => {
          // The live rows change only with the checkpoint: if it still stands there, they are the rows compared.
          const checkpoint = await lockLiveCheckpoint(tx, projection.name);
          if (comparePositions(checkpoint, position) !== 0) throw new CheckpointMoved();
          return { ...outcome, swapped: true };
        });
      } catch (error) {
        if (!(error instanceof CheckpointMoved) || attempt >= attempts) {
          if (error instanceof CheckpointMoved)
            throw new Error(`the live checkpoint of ${projection.name} kept moving: try again`);
          throw error;
        }
      }
    }
  } finally {
    await shadow.drop();
  }
}

interface CheckpointRow {
  commit_position: string;
  prepare_position: string;
}

const toPosition = (row: CheckpointRow | undefined): Position =>
  row ? { commit: BigInt(row.commit_position), prepare: BigInt(row.prepare_position) } : START;

async function liveCheckpoint(db: SqlExecutor, name: string): Promise<Position> {
  const [row] = await db.query<CheckpointRow>(
    `SELECT commit_position::text AS commit_position, prepare_position::text AS prepare_position
       FROM projection_checkpoints WHERE name = $1`,
    [name],
  );
  return toPosition(row);
}

/**
 * Locks the checkpoint row until the transaction ends: the live projector moves it first in each batch's
 * transaction, so it waits here. A projection that never ran gets a row at position zero to lock.
 */
async function lockLiveCheckpoint(tx: SqlExecutor, name: string): Promise<Position> {
  await tx.query(
    `INSERT INTO projection_checkpoints (name, commit_position, prepare_position) VALUES ($1, 0, 0)
     ON CONFLICT (name) DO NOTHING`,
    [name],
  );
  const [row] = await tx.query<CheckpointRow>(
    `SELECT commit_position::text AS commit_position, prepare_position::text AS prepare_position
       FROM projection_checkpoints WHERE name = $1 FOR UPDATE`,
    [name],
  );
  return toPosition(row);
}

/**
 * Compares the tables in one read-only snapshot that holds no transaction id, so that the comparison
 * neither holds the global order back nor makes the live projector wait; throws `CheckpointMoved` when
 * the live checkpoint in that snapshot is not `position`, where the rebuilt tables stand.
 */
async function compareAtCheckpoint(
  db: SqlDatabase,
  projection: Projection,
  position: Position,
  live: string,
  shadow: string,
): Promise<TableComparison[]> {
  return db.transaction(async (tx) => {
    await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    if (comparePositions(await liveCheckpoint(tx, projection.name), position) !== 0)
      throw new CheckpointMoved();
    return compareTables(tx, projection.tables, live, shadow);
  });
}

async function compareTables(
  tx: SqlExecutor,
  tables: readonly string[],
  live: string,
  shadow: string,
): Promise<TableComparison[]> {
  const comparisons: TableComparison[] = [];
  for (const table of tables) {
    const [listed] = await tx.query<{ columns: string }>(
      `SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) AS columns FROM pg_attribute
        WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped`,
      [`${live}.${table}`],
    );
    // Both tables in one aggregation, each distinct row with its copies on either side: what EXCEPT ALL
    // both ways counts, in one pass over each table instead of two (NULLs equal, as there).
    const [row] = await tx.query<{ live: string; rebuilt: string; only_live: string; only_rebuilt: string }>(
      `WITH both_sides AS (
         SELECT 1 AS numlink_side, t.* FROM ${live}.${table} t
         UNION ALL
         SELECT -1, t.* FROM ${shadow}.${table} t
       ), copies AS (
         SELECT count(*) FILTER (WHERE numlink_side = 1) AS live, count(*) FILTER (WHERE numlink_side = -1) AS rebuilt
           FROM both_sides GROUP BY ${listed!.columns}
       )
       SELECT coalesce(sum(live), 0)::text AS live, coalesce(sum(rebuilt), 0)::text AS rebuilt,
              coalesce(sum(greatest(live - rebuilt, 0)), 0)::text AS only_live,
              coalesce(sum(greatest(rebuilt - live, 0)), 0)::text AS only_rebuilt
         FROM copies`,
    );
    comparisons.push({
      table,
      liveRows: Number(row!.live),
      rebuiltRows: Number(row!.rebuilt),
      onlyLive: Number(row!.only_live),
      onlyRebuilt: Number(row!.only_rebuilt),
    });
  }
  return comparisons;
}
