import { EventSchemas } from '../../src/application/event-schemas';
import { KNOWN_EVENT_SCHEMA_VERSIONS } from '../../src/application/known-events';
import {
  comparePositions,
  START,
  type EventLog,
  type NewEvent,
  type Position,
} from '../../src/application/ports/event-store';
import type { DomainEvent } from '../../src/domain/shared/domain-event';
import { eventStoreMigrations } from '../../src/infrastructure/event-store/postgres/event-store-migrations';
import { PostgresEventStore } from '../../src/infrastructure/event-store/postgres/postgres-event-store';
import { postgresEventTable } from '../../src/infrastructure/event-store/postgres/postgres-event-table';
import { Metrics } from '../../src/infrastructure/observability/metrics';
import { migrate } from '../../src/infrastructure/sql/migrations';
import type { SqlDatabase } from '../../src/infrastructure/sql/sql-database';
import type { Projection } from '../../src/projections/runtime/projection';
import {
  ProjectionRunner,
  type ProjectionRunnerOptions,
} from '../../src/projections/runtime/projection-runner';
import { newEvent, sleep } from './events';
import { FixedClock } from './fixed-clock';
import { memoryLogger } from './silent-logger';
import { pgliteKind, type TestDatabaseKind } from './test-databases';

/** The real projection runner as tests run it: a fixed clock, a silent log, quick retries. */
export function testProjectionRunner(
  db: SqlDatabase,
  store: EventLog,
  projections: readonly Projection[],
  options: Pick<ProjectionRunnerOptions, 'eventTable'> = {},
): ProjectionRunner {
  return new ProjectionRunner(
    db,
    store,
    projections,
    new FixedClock(),
    new Metrics({ processMetrics: false }),
    memoryLogger().logger,
    { retryMs: 30, ...options },
  );
}

/** An event of a stream: at its revision (0 for the stream's first) when given, else appended as it comes. */
export interface GivenEvent<E extends DomainEvent = DomainEvent> {
  readonly streamId: string;
  readonly event: E | NewEvent;
  readonly revision?: number;
}

export interface ProjectionWorldOptions {
  /** How stored events are read back (upcasters); every known type at its current version by default. */
  readonly schemas?: EventSchemas;
  /** Starts the runner at once (a running service); otherwise `start()` or the first `record()` does. */
  readonly running?: boolean;
  /**
   * One-pass rebuilds read the events into this process, as on EventStoreDB; by default they copy them
   * table to table, as the service wires the PostgreSQL store (`eventTable`).
   */
  readonly stageHere?: boolean;
}

/**
 * A fresh database with the real event store and the given projections in the real projection
 * runner: what a projection, audit or CLI test sets up before its first event.
 */
export class ProjectionWorld {
  private started = false;

  private constructor(
    readonly db: SqlDatabase,
    readonly store: PostgresEventStore,
    readonly runner: ProjectionRunner,
    private readonly disposeDb: () => Promise<void>,
  ) {}

  static async open(
    kind: TestDatabaseKind,
    projections: readonly Projection[],
    options: ProjectionWorldOptions = {},
  ): Promise<ProjectionWorld> {
    const { db, dispose } = await kind.open();
    await migrate(db, eventStoreMigrations);
    const schemas = options.schemas ?? EventSchemas.fromVersions(KNOWN_EVENT_SCHEMA_VERSIONS);
    const store = new PostgresEventStore(db, schemas, { pollIntervalMs: 20 });
    const runner = testProjectionRunner(
      db,
      store,
      projections,
      options.stageHere ? {} : { eventTable: postgresEventTable },
    );
    await runner.migrate();
    const world = new ProjectionWorld(db, store, runner, dispose);
    if (options.running) world.start();
    return world;
  }

  start(): void {
    this.started = true;
    this.runner.start();
  }

  /** Appends each event on its own, as the command handlers do; answers the last one's position. */
  async append(events: readonly GivenEvent[]): Promise<Position> {
    let last = START;
    for (const { streamId, event, revision } of events) {
      const stored = 'eventId' in event ? event : newEvent(event.type, event.data);
      const expected = revision === undefined ? 'any' : revision === 0 ? 'no_stream' : BigInt(revision - 1);
      ({ position: last } = await this.store.append(streamId, [stored], expected));
    }
    return last;
  }

  /** Appends the events, then waits until every projection has applied them (starting the runner). */
  async record(events: readonly GivenEvent[]): Promise<Position> {
    const last = await this.append(events);
    if (!this.started) this.start();
    await this.settle();
    return last;
  }

  /**
   * Waits until every projection has applied all the store holds now: the runner's own wait, which
   * first lets the newest event become visible (a transaction elsewhere on the server may hide it).
   */
  async settle(): Promise<void> {
    await this.runner.caughtUp();
  }

  /** Waits until the projection `name` has applied the event at `position` itself. */
  async applied(position: Position, name?: string): Promise<void> {
    for (;;) {
      const statuses = await this.runner.status();
      const status = name === undefined ? statuses[0] : statuses.find((s) => s.name === name);
      if (status && comparePositions(status.checkpoint, position) >= 0) return;
      await sleep(10);
    }
  }

  /** Empties the projection's tables and builds them again from position zero. */
  async rebuild(name: string): Promise<void> {
    await this.runner.rebuild(name);
    await this.settle();
  }

  /** Every row of a table, in the given order. */
  rows<Row = Record<string, unknown>>(table: string, orderBy: string): Promise<Row[]> {
    return this.db.query<Row>(`SELECT * FROM ${table} ORDER BY ${orderBy}`);
  }

  async dispose(): Promise<void> {
    await this.runner.stop();
    await this.store.close();
    await this.disposeDb();
  }
}

/** What `then` gets: the database the projection wrote, and the world around it. */
export type ProjectedRows = ProjectionWorld;

export interface ProjectionSpecOptions {
  /** The database it runs on; PGlite unless given (tests `describe.each(testDatabaseKinds)`). */
  readonly on?: TestDatabaseKind;
  readonly schemas?: EventSchemas;
}

/**
 * `projectionSpec(projection).given(events).then(rows => ...)`: the events are appended to a fresh
 * store, in stages (`and` adds a stage the projection applies in batches of its own, after the
 * earlier stage is applied), through the real runner; `then` asserts on what it wrote.
 */
export function projectionSpec<E extends DomainEvent>(
  projection: Projection<E>,
  options: ProjectionSpecOptions = {},
): { given(events: readonly GivenEvent<E>[]): ProjectionSpecGiven } {
  return { given: (events) => specGiven(projection, options, [events]) };
}

export interface ProjectionSpecGiven {
  /** More events, appended once the earlier ones are applied (they reach the projection in later batches). */
  and(events: readonly GivenEvent[]): ProjectionSpecGiven;
  /** Runs the projection over the events and the assertion over its rows; disposes of the database. */
  then(assert: (rows: ProjectedRows) => Promise<void> | void): Promise<void>;
}

function specGiven<E extends DomainEvent>(
  projection: Projection<E>,
  options: ProjectionSpecOptions,
  stages: ReadonlyArray<readonly GivenEvent[]>,
): ProjectionSpecGiven {
  return {
    and: (events) => specGiven(projection, options, [...stages, events]),
    then: async (assert) => {
      const world = await ProjectionWorld.open(options.on ?? pgliteKind, [projection], {
        ...(options.schemas ? { schemas: options.schemas } : {}),
      });
      try {
        for (const stage of stages) await world.record(stage);
        await assert(world);
      } finally {
        await world.dispose();
      }
    },
  };
}
