import {
  comparePositions,
  START,
  type EventLog,
  type Position,
  type RecordedEvent,
  type Subscription,
} from '../../application/ports/event-store';
import type { Clock } from '../../application/ports/clock';
import type { DomainEvent } from '../../domain/shared/domain-event';
import { toMillis } from '../../domain/shared/instant';
import type { Logger } from '../../infrastructure/observability/logger';
import type { Metrics } from '../../infrastructure/observability/metrics';
import { migrate } from '../../infrastructure/sql/migrations';
import { asSqlCaller } from '../../infrastructure/sql/sql-caller';
import type { HeldLock, Listening, SqlDatabase, SqlExecutor } from '../../infrastructure/sql/sql-database';
import { buildInOnePass } from './build-in-one-pass';
import type { EventTable } from './event-table';
import { checkpointMigrations } from './checkpoint-migrations';
import { readPages, typesReadBy } from './read-pages';
import { projected, type OnePassRebuild, type Projection } from './projection';
import { ShadowTables, TABLES_SWAPPED_CHANNEL } from './shadow-tables';

export interface ProjectionStatus {
  readonly name: string;
  /** This instance holds the projection's lock and applies events. */
  readonly active: boolean;
  readonly checkpoint: Position;
  readonly caughtUp: boolean;
  readonly lagEvents: number;
  readonly lagSeconds: number;
  /** When it last made progress or found nothing new (readiness: not stalled). */
  readonly lastProgressAt: number;
}

interface CheckpointRow {
  commit_position: string;
  prepare_position: string;
  last_event_recorded_at: string | null;
}

class StaleCheckpointError extends Error {
  constructor(name: string) {
    super(`checkpoint of projection ${name} moved under this instance`);
  }
}

class LockLostError extends Error {
  constructor(name: string) {
    super(`the lock of projection ${name} was lost with its connection; standing by`);
  }
}

/** Events per page while catching up: fewer, bigger transactions than the live batches. */
const CATCH_UP_PAGE = 5000;

/** A position passed over (no event of its types) is stored at most this often; a restart rereads less. */
const SKIPPED_CHECKPOINT_EVERY_MS = 1000;

/** One projection's loop: leadership, catch-up and live subscription, checkpoint, lag. */
class ProjectionWorker {
  private subscription: Subscription | undefined;
  private lock: HeldLock | undefined;
  /** What the projection was last told by `onActive`: it hears each change once. */
  private active = false;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private checkpoint: Position = START;
  /** The checkpoint as stored: behind `checkpoint` while a skip over foreign events is not stored yet. */
  private storedCheckpoint: Position = START;
  private storedAt = 0;
  private caughtUp = false;
  private lastProgressAt: number;
  private emptyReads = 0;
  private waiters: Array<{ target: Position; emptyReadsAtStart: number; resolve: () => void }> = [];

  constructor(
    readonly projection: Projection,
    private readonly db: SqlDatabase,
    private readonly store: EventLog,
    private readonly clock: Clock,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
    private readonly retryMs: number,
    private readonly gatherMs: number,
    private readonly table: EventTable | undefined,
  ) {
    this.lastProgressAt = toMillis(clock.now());
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    // Unknown until the stored checkpoint is read: nobody may take the old position for progress.
    this.checkpoint = START;
    this.caughtUp = false;
    // numlink_sql_statements_total{caller}: everything this worker sends, its feed's reads included.
    const caller = `${this.projection.react ? 'reaction' : 'projection'}:${this.projection.name}`;
    this.loop = asSqlCaller(caller, () => this.run());
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        if (!this.lock) {
          this.lock = await this.db.tryLock(`numlink-projection:${this.projection.name}`);
          if (!this.lock) {
            await this.pause(this.retryMs); // another instance is the active projector
            continue;
          }
          this.tellActive(true);
        }
        const failed = await this.follow(this.lock);
        if (failed) throw failed;
      } catch (error) {
        if (error instanceof LockLostError)
          this.logger.warn({ projection: this.projection.name }, error.message);
        else
          this.logger.error(
            { err: error, projection: this.projection.name },
            'projection stopped; restarting',
          );
        // Once: a lock lost while following has told it already.
        this.tellActive(false);
        await this.lock?.release().catch(() => undefined);
        this.lock = undefined;
        await this.pause(this.retryMs);
      }
    }
    await this.storeSkippedCheckpoint(true).catch(() => undefined);
    this.tellActive(false);
    await this.lock?.release().catch(() => undefined);
    this.lock = undefined;
  }

  private tellActive(active: boolean): void {
    if (this.active === active) return;
    this.active = active;
    this.projection.onActive?.(active);
  }

  /** Follows the store until stopped, failed, or the lock is lost; answers the failure. */
  private async follow(lock: HeldLock): Promise<unknown> {
    await this.loadCheckpoint();
    let lockLost = false;
    void lock.lost.then(() => {
      lockLost = true;
    });
    try {
      await this.catchUp(() => this.running && !lockLost);
    } catch (error) {
      return error;
    }
    if (lockLost) return new LockLostError(this.projection.name);
    let failure: unknown;
    await new Promise<void>((resolve) => {
      this.wake = resolve;
      // Another instance may take the lock now: applying on would repeat its reactions.
      void lock.lost.then(() => {
        if (this.lock === lock) this.tellActive(false);
        failure ??= new LockLostError(this.projection.name);
        resolve();
      });
      this.subscription = this.store.subscribe(this.checkpoint, (events) => this.applyBatch(events), {
        ...typesReadBy(this.projection),
        batchSize: 1000,
        // A read model may wait a moment for more; a reaction's effect (an SMS) is awaited by someone.
        ...(this.projection.readsAtOnce ? {} : { gatherMs: this.gatherMs }),
        onCaughtUp: () => this.markCaughtUp(),
        onSkipped: (position) => this.skipTo(position),
        onError: (error) => {
          failure ??= error;
          resolve();
        },
      });
      if (!this.running) resolve();
    });
    this.wake = undefined;
    await this.subscription?.stop();
    this.subscription = undefined;
    return failure;
  }

  /**
   * Applies what is stored already in big pages, reading the next page while this one is applied (a
   * rebuild, a restart far behind); the subscription then follows from where it ends.
   */
  private async catchUp(going: () => boolean): Promise<void> {
    const read = { from: this.checkpoint, pageSize: CATCH_UP_PAGE };
    await readPages(this.store, this.projection, read, (page) => this.applyBatch(page), going);
  }

  /** Empties its tables and forgets its checkpoint, in `tx`: the start of a rebuild. */
  async empty(tx: SqlExecutor): Promise<void> {
    for (const table of this.projection.tables) await tx.query(`DELETE FROM ${table}`);
    await this.forgetCheckpoint(tx);
  }

  private async forgetCheckpoint(tx: SqlExecutor): Promise<void> {
    await tx.query('DELETE FROM projection_checkpoints WHERE name = $1', [this.projection.name]);
  }

  /**
   * Stopped, under the projection's lock: builds its tables from position zero in one pass (see
   * `OnePassRebuild`) beside the live ones (`ShadowTables`), then swaps them in with the checkpoint in
   * one short transaction: readers see the old rows until it commits. Answers false, having done
   * nothing, when another instance holds the lock.
   */
  async rebuildInOnePass(onePass: OnePassRebuild<DomainEvent>): Promise<boolean> {
    if (this.running) throw new Error(`projection ${this.projection.name} is running: stop it first`);
    const lock = await this.db.tryLock(`numlink-projection:${this.projection.name}`);
    if (!lock) return false;
    try {
      await asSqlCaller(`projection:${this.projection.name}`, async () => {
        const shadow = await ShadowTables.create(this.db, this.projection);
        try {
          const { events, last } = await buildInOnePass(
            this.store,
            this.projection,
            onePass,
            shadow.inShadow,
            {
              ...(this.table ? { table: this.table } : {}),
            },
          );
          await shadow.swap(async (tx) => {
            await this.forgetCheckpoint(tx);
            if (last) await this.moveCheckpoint(tx, START, last.position, last.recordedAt);
          });
          this.metrics.projectionEventsApplied.inc({ projection: this.projection.name }, events);
        } finally {
          await shadow.drop();
        }
      });
    } finally {
      await lock.release().catch(() => undefined);
    }
    return true;
  }

  private async loadCheckpoint(): Promise<void> {
    const [row] = await this.db.query<CheckpointRow>(
      `SELECT commit_position::text AS commit_position, prepare_position::text AS prepare_position,
              last_event_recorded_at::text AS last_event_recorded_at
         FROM projection_checkpoints WHERE name = $1`,
      [this.projection.name],
    );
    this.checkpoint = row
      ? { commit: BigInt(row.commit_position), prepare: BigInt(row.prepare_position) }
      : START;
    this.storedCheckpoint = this.checkpoint;
    this.storedAt = Date.now();
  }

  /** The read passed only events of other types up to `position`: nothing to apply before it. */
  private async skipTo(position: Position): Promise<void> {
    this.checkpoint = position;
    this.resolveWaiters();
    await this.storeSkippedCheckpoint(false);
  }

  /** Stores a skip now and then (or when stopping), not on every read: it only shortens a restart's reading. */
  private async storeSkippedCheckpoint(now: boolean): Promise<void> {
    if (!this.lock || comparePositions(this.checkpoint, this.storedCheckpoint) <= 0) return;
    if (!now && Date.now() - this.storedAt < SKIPPED_CHECKPOINT_EVERY_MS) return;
    const to = this.checkpoint;
    await this.moveCheckpoint(this.db, this.storedCheckpoint, to, null);
    this.storedCheckpoint = to;
    this.storedAt = Date.now();
  }

  /**
   * A reaction keeps no rows (`reactor`: no tables, an `apply` that writes nothing), so after its
   * effects only its checkpoint moves, outside a transaction: one round trip for every SMS batch, not three.
   */
  private get keepsNoRows(): boolean {
    return this.projection.react !== undefined && this.projection.tables.length === 0;
  }

  private async applyBatch(events: readonly RecordedEvent[]): Promise<void> {
    const last = events[events.length - 1]!;
    const typed = projected(events);
    await this.projection.react?.(typed);
    const move = (sql: SqlExecutor) =>
      this.moveCheckpoint(sql, this.storedCheckpoint, last.position, last.recordedAt);
    if (this.keepsNoRows) await move(this.db);
    else
      await this.db.transaction(async (tx) => {
        await move(tx);
        await this.projection.apply(tx, typed);
      });
    this.projection.onCommitted?.(typed);
    this.checkpoint = last.position;
    this.storedCheckpoint = last.position;
    this.storedAt = Date.now();
    this.caughtUp = false;
    this.lastProgressAt = toMillis(this.clock.now());
    this.metrics.projectionEventsApplied.inc({ projection: this.projection.name }, events.length);
    this.resolveWaiters();
  }

  /**
   * Moves the checkpoint only from where this instance believes it is, in one statement: if anything
   * else moved it, the move is refused, and so is the transaction that writes the batch's rows when it
   * runs in one (no double apply, no skip). A move with no rows to write needs no transaction around it.
   */
  private async moveCheckpoint(
    tx: SqlExecutor,
    from: Position,
    to: Position,
    /** The last applied event's; null for a skip, which keeps the stored one. */
    recordedAt: string | null,
  ): Promise<void> {
    const params = [
      this.projection.name,
      to.commit.toString(),
      to.prepare.toString(),
      recordedAt,
      from.commit.toString(),
      from.prepare.toString(),
    ];
    const moved = await tx.query(
      `INSERT INTO projection_checkpoints AS c (name, commit_position, prepare_position, events_applied, last_event_recorded_at)
       VALUES ($1, $2, $3, 0, $4::timestamptz)
       ON CONFLICT (name) DO UPDATE SET commit_position = $2, prepare_position = $3,
         last_event_recorded_at = coalesce($4::timestamptz, c.last_event_recorded_at), updated_at = now()
       WHERE c.commit_position = $5::numeric AND c.prepare_position = $6::numeric
       RETURNING name`,
      params,
    );
    if (moved.length === 0) throw new StaleCheckpointError(this.projection.name);
  }

  private markCaughtUp(): void {
    this.caughtUp = true;
    this.emptyReads += 1;
    this.lastProgressAt = toMillis(this.clock.now());
    this.resolveWaiters();
  }

  /**
   * Resolves once the projection has applied everything up to `target`. The checkpoint only names
   * events this projection handles, so "nothing more to read" also counts: the second empty read
   * after the wait began surely started after `target` was visible.
   */
  waitFor(target: Position): Promise<void> {
    if (comparePositions(this.checkpoint, target) >= 0) return Promise.resolve();
    return new Promise((resolve) =>
      this.waiters.push({ target, emptyReadsAtStart: this.emptyReads, resolve }),
    );
  }

  private resolveWaiters(): void {
    this.waiters = this.waiters.filter((waiter) => {
      const reached =
        comparePositions(this.checkpoint, waiter.target) >= 0 ||
        this.emptyReads >= waiter.emptyReadsAtStart + 2;
      if (reached) waiter.resolve();
      return !reached;
    });
  }

  async status(head: Position): Promise<ProjectionStatus> {
    const behind = !this.caughtUp && comparePositions(this.checkpoint, head) < 0;
    const lagEvents = behind ? Math.max(0, Number(head.prepare - this.checkpoint.prepare)) : 0;
    // How long the oldest event it has not applied has been waiting (not the age of the last applied
    // one, which would count idle time as lag).
    const [next] = behind
      ? await this.store.readAll({
          from: this.checkpoint,
          limit: 1,
          ...typesReadBy(this.projection),
        })
      : [];
    const lagSeconds = next
      ? Math.max(0, (toMillis(this.clock.now()) - Date.parse(next.recordedAt)) / 1000)
      : 0;
    this.metrics.projectionLagEvents.set({ projection: this.projection.name }, lagEvents);
    this.metrics.projectionLagSeconds.set({ projection: this.projection.name }, lagSeconds);
    return {
      name: this.projection.name,
      active: this.lock !== undefined,
      checkpoint: this.checkpoint,
      caughtUp: !behind,
      lagEvents,
      lagSeconds,
      lastProgressAt: this.lastProgressAt,
    };
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

export interface ProjectionRunnerOptions {
  /** Pause before retrying after a failure or while another instance holds the lock. */
  readonly retryMs?: number;
  /**
   * How long a read model waits for more after a batch or a wake-up when it is not behind
   * (`SubscribeOptions.gatherMs`): fewer, bigger transactions at a low rate of appends. Reactions read at
   * once, unless nobody awaits their effects (`reactor`'s `gathers`: the connection completer).
   */
  readonly gatherMs?: number;
  /** The log as a table of `db`, where it is one: one-pass rebuilds stage there (`OnePassOptions.table`). */
  readonly eventTable?: EventTable;
}

/**
 * Runs projections: each follows the global order from its checkpoint, applies its events and moves
 * its checkpoint in one transaction, and is active in one instance at a time (an advisory lock).
 */
export class ProjectionRunner {
  private readonly workers: Map<string, ProjectionWorker>;
  /** Listening for rebuilt tables swapped in, while running, where a projection wants to be told. */
  private swaps: Promise<Listening> | undefined;

  constructor(
    private readonly db: SqlDatabase,
    private readonly store: EventLog,
    projections: readonly Projection[],
    clock: Clock,
    metrics: Metrics,
    logger: Logger,
    options: ProjectionRunnerOptions = {},
  ) {
    this.workers = new Map(
      projections.map((p) => [
        p.name,
        new ProjectionWorker(
          p,
          db,
          store,
          clock,
          metrics,
          logger,
          options.retryMs ?? 1000,
          options.gatherMs ?? 0,
          options.eventTable,
        ),
      ]),
    );
  }

  /** Creates the checkpoint table and every projection's tables. */
  async migrate(): Promise<void> {
    await migrate(this.db, [
      ...checkpointMigrations,
      ...[...this.workers.values()].flatMap((w) => w.projection.migrations),
    ]);
  }

  start(): void {
    for (const worker of this.workers.values()) worker.start();
    if ([...this.workers.values()].some((worker) => worker.projection.onTablesSwapped))
      this.swaps ??= this.db.listen(TABLES_SWAPPED_CHANNEL, (name) => {
        // No name: the connection came back, and a notice may have been missed.
        for (const worker of this.workers.values())
          if (name === undefined || name === worker.projection.name) worker.projection.onTablesSwapped?.();
      });
  }

  async stop(): Promise<void> {
    const swaps = this.swaps;
    this.swaps = undefined;
    await Promise.all([
      ...[...this.workers.values()].map((worker) => worker.stop()),
      swaps?.then((listening) => listening.close()),
    ]);
  }

  /**
   * Resolves when every projection has applied what the store held when this was called. It first
   * waits until readers may pass the newest event (no earlier transaction still open), so a read that
   * starts afterwards sees all of it.
   */
  async caughtUp(): Promise<void> {
    const target = await this.visibleTarget();
    await Promise.all([...this.workers.values()].map((worker) => worker.waitFor(target)));
  }

  private async visibleTarget(): Promise<Position> {
    const target = await this.store.lastPosition();
    while (comparePositions(await this.store.headPosition(), target) < 0) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return target;
  }

  /**
   * Builds the projection again from position zero; resolves when it has caught up with the head. A
   * projection with a one-pass rebuild is built that way beside its live tables, while no other
   * instance applies it, and swapped in with its checkpoint (readers see the old rows until then);
   * otherwise, or when another instance holds it, its tables and checkpoint are emptied in one
   * transaction and it is applied batch after batch.
   */
  async rebuild(name: string): Promise<void> {
    const worker = this.workers.get(name);
    if (!worker) throw new Error(`no projection named ${name}`);
    await worker.stop();
    const onePass = worker.projection.rebuildInOnePass;
    const built = onePass ? await worker.rebuildInOnePass(onePass) : false;
    if (!built) await this.db.transaction((tx) => worker.empty(tx));
    worker.start();
    await worker.waitFor(await this.visibleTarget());
  }

  async status(): Promise<ProjectionStatus[]> {
    const head = await this.store.headPosition();
    return Promise.all([...this.workers.values()].map((worker) => worker.status(head)));
  }

  get names(): string[] {
    return [...this.workers.keys()];
  }
}
