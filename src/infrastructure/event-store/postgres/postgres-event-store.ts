import { WokenEventStore } from '../woken-event-store';
import {
  EventIdConflictError,
  START,
  WrongExpectedRevisionError,
  type AppendResult,
  type EventMetadata,
  type ExpectedRevision,
  type NewEvent,
  type Position,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StreamAppend,
  type SubscribeOptions,
  type Subscription,
} from '../../../application/ports/event-store';
import type { EventSchemas } from '../../../application/event-schemas';
import { randomUUID } from 'node:crypto';
import { asDefaultSqlCaller, asSqlCaller } from '../../sql/sql-caller';
import {
  constraintOf,
  isUnavailable,
  sqlState,
  type Listening,
  type SqlDatabase,
} from '../../sql/sql-database';
import { catchUpSubscription, type FeedPage } from '../catch-up-subscription';
import { SharedTail } from '../shared-tail';
import { StatementGroups } from '../../sql/statement-groups';
import type { RateLimitArrays } from '../../rate-limit/postgres-rate-limiter';

interface EventRow {
  commit_position: string;
  prepare_position: string;
  event_id: string;
  stream_id: string;
  revision: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: EventMetadata;
  recorded_at: string;
}

interface AppendRow {
  outcome: 'appended' | 'duplicate' | 'wrong_expected_revision' | 'id_conflict';
  last_revision: string | null;
  commit_position: string | null;
  prepare_position: string | null;
}

/** A one-stream append's row: the window found full (within limits), or the append's outcome. */
type OneStreamRow = AppendRow & { full_window: number | null };

/** A row of `numlink_append_group`, given back to its append with the stream's index within it. */
type GroupRow = OneStreamRow & { append_index: number };

/** An event as the append functions take it. */
interface StoredEvent {
  readonly id: string;
  readonly type: string;
  readonly version: number;
  readonly data: unknown;
  readonly metadata: EventMetadata;
}

/** One stream's append as the append functions take it. */
interface StoredAppend {
  readonly stream: string;
  readonly expected: string;
  readonly events: readonly StoredEvent[];
}

/** One caller's append as `numlink_append_group` takes it: one stream (within limits), or several. */
type GroupedAppend =
  (StoredAppend & { readonly limits?: RateLimitArrays }) | { readonly streams: readonly StoredAppend[] };

/** A window found full (1-based, in the order given) by `appendWithinLimits`: nothing was written. */
export interface FullWindow {
  readonly fullWindow: number;
}

/** `recorded_at` as every reader gets it: UTC, to the millisecond, ISO 8601. */
export const RECORDED_AT_TEXT = `to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const COLUMNS = `transaction_id::text AS commit_position, position::text AS prepare_position, event_id::text AS event_id,
  stream_id, revision::text AS revision, type, schema_version, data, metadata, ${RECORDED_AT_TEXT} AS recorded_at`;

const EXPECTED_CODES: Record<'any' | 'no_stream' | 'stream_exists', bigint> = {
  any: -1n,
  no_stream: -2n,
  stream_exists: -3n,
};

const expectedCode = (expected: ExpectedRevision): bigint =>
  typeof expected === 'bigint' ? expected : EXPECTED_CODES[expected];

interface AppendManyRow extends AppendRow {
  append_index: number;
}

interface FeedRow extends Partial<EventRow> {
  head_commit: string | null;
  head_prepare: string | null;
  held_back: boolean;
}

/**
 * A live subscription is woken by appends (this process's at once; other instances' by NOTIFY), so
 * it polls only as a fallback: for a notice lost with a connection, or a transaction that held the
 * order back and ended without an append.
 */
export const FALLBACK_POLL_MS = 2000;
/**
 * PGlite: one process owns the database and every append wakes its subscriptions, and transactions
 * run one at a time (none holds the order back); the poll is only a safety net.
 */
const PGLITE_FALLBACK_POLL_MS = 30_000;

/** Events per read of the shared tail, and how many it keeps for subscriptions a little behind. */
const SHARED_TAIL_PAGE = 1000;
const SHARED_TAIL_CAPACITY = 5000;

/** How soon a subscription reads again when committed events wait behind an open transaction. */
const HELD_BACK_RETRY_MS = 20;
/** At most one NOTIFY per this interval: under load, other instances hear of appends in batches. */
const ANNOUNCE_EVERY_MS = 25;
const APPENDED_CHANNEL = 'numlink_appended';
/**
 * Appends (and stream reads) in flight at once, each statement a group of the callers that waited
 * (issue 11). Two: a group can start while another waits for its commit's flush or a stream's lock,
 * and under load each carries several callers (`bench:api` at 32 clients: the append statements of a
 * flow went from 2.0 to 0.4, its stream reads from 1.0 to 0.4).
 */
const GROUPS = { maxInFlight: 2, maxGroup: 64 };

export interface PostgresEventStoreOptions {
  /** The fallback poll of a live subscription (it is woken by appends). */
  readonly pollIntervalMs?: number;
}

/** The event store on PostgreSQL, over a server (`pg`) or the embedded PGlite. */
export class PostgresEventStore extends WokenEventStore {
  private readonly pollIntervalMs: number;
  /** Tells this store's own notices from other instances'. */
  private readonly instanceId = randomUUID();
  private listening: Promise<Listening> | undefined;
  private announcing: NodeJS.Timeout | undefined;
  private lastAnnouncedAt = 0;
  private tail: SharedTail | undefined;
  private readonly appendGroups = new StatementGroups<GroupedAppend, GroupRow[]>(
    (appends) => this.appendGroup(appends),
    GROUPS,
  );
  private readonly readGroups = new StatementGroups<readonly string[], Map<string, RecordedEvent[]>>(
    (requests) => this.readStreamGroup(requests),
    GROUPS,
  );

  constructor(
    private readonly db: SqlDatabase,
    private readonly schemas: EventSchemas,
    options: PostgresEventStoreOptions = {},
  ) {
    super();
    this.pollIntervalMs =
      options.pollIntervalMs ?? (db.driver === 'pglite' ? PGLITE_FALLBACK_POLL_MS : FALLBACK_POLL_MS);
  }

  /** Other instances' live subscriptions wake on a NOTIFY, sent at most every ANNOUNCE_EVERY_MS. */
  private announce(): void {
    if (this.announcing) return;
    const wait = Math.max(0, this.lastAnnouncedAt + ANNOUNCE_EVERY_MS - Date.now());
    this.announcing = setTimeout(() => {
      this.lastAnnouncedAt = Date.now();
      // A lost notice costs one fallback poll's delay, nothing more.
      void asSqlCaller('notify', () => this.db.notify(APPENDED_CHANNEL, this.instanceId))
        .catch(() => undefined)
        .finally(() => (this.announcing = undefined));
    }, wait);
  }

  /**
   * Inside a unit of work the events are readable only once it commits: tell other instances and
   * wake this process's readers then, in one callback.
   */
  protected override wake(): void {
    this.db.afterCommit(() => {
      this.announce();
      this.appended.emit('appended');
    });
  }

  /** Wakes this process's subscriptions when another instance announces an append. */
  private listenForOthers(): void {
    this.listening ??= this.db.listen(APPENDED_CHANNEL, (payload) => {
      if (payload !== this.instanceId) this.appended.emit('appended');
    });
  }

  protected appendEvents(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    return asDefaultSqlCaller('append', async () => {
      const answer = await this.appendOne(streamId, events, expected);
      return 'result' in answer ? answer.result : this.appendResult(streamId, expected, answer.row);
    });
  }

  /**
   * SPEC R14: `append` in the statement that first takes one use from every window (hashed, as
   * `rateLimitArrays` gives them): one round trip and one commit. A full window writes nothing; an
   * append that writes nothing (refused, or a repeat) gives the uses back, and a statement that fails
   * (a unique violation, answered as by `append`) keeps none. `PostgresLimitedAppender`.
   */
  appendWithinLimits(
    limits: RateLimitArrays,
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<FullWindow | AppendResult> {
    return this.tracedAppend(
      events,
      () =>
        asDefaultSqlCaller('append', async (): Promise<FullWindow | AppendResult> => {
          const answer = await this.appendOne(streamId, events, expected, limits);
          if ('result' in answer) return answer.result;
          return answer.row?.full_window != null
            ? { fullWindow: answer.row.full_window }
            : this.appendResult(streamId, expected, answer.row);
        }),
      (answer) => !('fullWindow' in answer) && !answer.duplicate,
    );
  }

  protected appendManyEvents(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    return asDefaultSqlCaller('append', () => this.appendAll(appends));
  }

  private stored(events: readonly NewEvent[]): StoredEvent[] {
    return events.map((event) => ({
      id: event.eventId,
      type: event.type,
      version: this.schemas.currentVersion(event.type),
      data: event.data,
      metadata: event.metadata,
    }));
  }

  /**
   * One stream's append (within `limits` when given), in a group (`inGroup`) or else alone. `result`
   * is the answer found after a unique violation.
   */
  private async appendOne(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
    limits?: RateLimitArrays,
  ): Promise<{ row: OneStreamRow | undefined } | { result: AppendResult }> {
    const stored = this.stored(events);
    const code = expectedCode(expected).toString();
    const grouped = await this.inGroup({
      stream: streamId,
      expected: code,
      events: stored,
      ...(limits ? { limits } : {}),
    });
    if (grouped) return { row: grouped[0] };
    const [sql, params] = limits
      ? [
          `SELECT * FROM numlink_append_within_limits(
             $4::text[], $5::double precision[], $6::double precision[], $7::integer[], $1, $2, $3::jsonb)`,
          [limits.keys, limits.starts, limits.ends, limits.limits],
        ]
      : ['SELECT NULL::integer AS full_window, * FROM numlink_append($1, $2, $3::jsonb)', []];
    const payload = JSON.stringify(stored);
    for (let attempt = 0; ; attempt++) {
      try {
        const [row] = await this.db.query<OneStreamRow>(sql, [streamId, code, payload, ...params]);
        return { row };
      } catch (error) {
        if (sqlState(error) !== '23505' || attempt >= 3) throw error;
        // Ids already stored (a retry, or the same append racing itself): the first result, or a conflict.
        if (constraintOf(error) === 'events_event_id')
          return { result: await this.earlierAppend(streamId, events) };
        // A concurrent writer of the same revision committed first.
        if (expected !== 'any') {
          const actual = await this.currentRevision(streamId);
          throw new WrongExpectedRevisionError(streamId, expected, actual ?? 'no_stream');
        }
      }
    }
  }

  /**
   * The append's rows, sent with other callers' appends (`numlink_append_group`, issue 11); undefined
   * when it must go alone: inside a unit of work (it commits or rolls back with the unit), or when the
   * group's statement failed and wrote nothing (one append's unique violation, a deadlock, text the
   * database cannot store), so that only the append at fault fails. A lost server fails them all, as it
   * fails an append alone.
   */
  private async inGroup(append: GroupedAppend): Promise<GroupRow[] | undefined> {
    if (this.db.inUnitOfWork()) return undefined;
    try {
      return await this.appendGroups.submit(append);
    } catch (error) {
      if (isUnavailable(error)) throw error;
      return undefined;
    }
  }

  /** Appends sent together: one `numlink_append_group` statement; each append's rows, in order. */
  private async appendGroup(appends: readonly GroupedAppend[]): Promise<GroupRow[][]> {
    const rows = await asSqlCaller('append', () =>
      this.db.query<GroupRow & { stream_index: number }>('SELECT * FROM numlink_append_group($1::jsonb)', [
        JSON.stringify(appends),
      ]),
    );
    const answers = appends.map((): GroupRow[] => []);
    for (const row of rows) answers[row.append_index - 1]?.push({ ...row, append_index: row.stream_index });
    return answers;
  }

  /**
   * `numlink_append_many` checks every stream before it writes any: one statement, one commit, in a
   * group (`inGroup`) or else alone.
   */
  private async appendAll(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    const streams: StoredAppend[] = appends.map(({ streamId, events, expected }) => ({
      stream: streamId,
      expected: expectedCode(expected).toString(),
      events: this.stored(events),
    }));
    const grouped = await this.inGroup({ streams });
    if (grouped) return this.appendManyResults(appends, grouped);
    const payload = JSON.stringify(streams);
    let checkIds = false;
    for (let attempt = 0; ; attempt++) {
      try {
        const rows = await this.db.query<AppendManyRow>(
          'SELECT * FROM numlink_append_many($1::jsonb, $2::boolean)',
          [payload, checkIds],
        );
        return this.appendManyResults(appends, rows);
      } catch (error) {
        if (sqlState(error) !== '23505' || attempt >= 3) throw error;
        // Ids stored already (a retry racing itself, or ids repeated across streams): look at them.
        if (constraintOf(error) === 'events_event_id') {
          if (checkIds) throw new EventIdConflictError(appends[0]!.streamId);
          checkIds = true;
        }
        // Otherwise a concurrent writer of the same revision committed first: the next try sees it.
      }
    }
  }

  /** The results of a multi-stream append, or the error of the stream that did not hold. */
  private appendManyResults(
    appends: readonly StreamAppend[],
    rows: readonly AppendManyRow[],
  ): AppendResult[] {
    // A stream that does not hold answers alone: its error names it.
    const refused = rows.find((row) => row.outcome !== 'appended' && row.outcome !== 'duplicate');
    const refusedAppend = refused && appends[refused.append_index - 1];
    if (refusedAppend) this.appendResult(refusedAppend.streamId, refusedAppend.expected, refused);
    return appends.map((append, index) =>
      this.appendResult(
        append.streamId,
        append.expected,
        rows.find((row) => row.append_index === index + 1),
      ),
    );
  }

  private appendResult(
    streamId: string,
    expected: ExpectedRevision,
    row: AppendRow | undefined,
  ): AppendResult {
    if (!row) throw new Error('numlink_append returned no row');
    switch (row.outcome) {
      case 'appended':
      case 'duplicate':
        return {
          nextExpectedRevision: BigInt(row.last_revision ?? '-1'),
          position: {
            commit: BigInt(row.commit_position ?? '0'),
            prepare: BigInt(row.prepare_position ?? '0'),
          },
          duplicate: row.outcome === 'duplicate',
        };
      case 'wrong_expected_revision':
        throw new WrongExpectedRevisionError(
          streamId,
          expected,
          row.last_revision === null ? 'no_stream' : BigInt(row.last_revision),
        );
      case 'id_conflict':
        throw new EventIdConflictError(streamId);
    }
  }

  private async earlierAppend(streamId: string, events: readonly NewEvent[]): Promise<AppendResult> {
    const rows = await this.db.query<{
      stream_id: string;
      revision: string;
      commit_position: string;
      prepare_position: string;
    }>(
      `SELECT stream_id, revision::text AS revision, transaction_id::text AS commit_position, position::text AS prepare_position
         FROM events WHERE event_id = ANY($1::uuid[]) ORDER BY events.revision DESC`,
      [events.map((event) => event.eventId)],
    );
    const [last] = rows;
    if (!last || rows.length !== events.length || rows.some((row) => row.stream_id !== streamId)) {
      throw new EventIdConflictError(streamId);
    }
    return {
      nextExpectedRevision: BigInt(last.revision),
      position: { commit: BigInt(last.commit_position), prepare: BigInt(last.prepare_position) },
      duplicate: true,
    };
  }

  private async currentRevision(streamId: string): Promise<bigint | undefined> {
    const [row] = await this.db.query<{ revision: string | null }>(
      'SELECT max(revision)::text AS revision FROM events WHERE stream_id = $1',
      [streamId],
    );
    return row?.revision == null ? undefined : BigInt(row.revision);
  }

  readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return asDefaultSqlCaller('read_stream', () => this.readOneStream(streamId, options));
  }

  readStreams(streamIds: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
    return asDefaultSqlCaller('read_stream', async () => {
      if (streamIds.length === 0) return new Map();
      // Inside a unit of work a read must see the unit's own writes: it runs there, alone.
      if (this.db.inUnitOfWork()) return this.readStreamsNow(streamIds);
      return this.readGroups.submit(streamIds);
    });
  }

  /** Several callers' `readStreams` in one statement (issue 11), each answered its own streams. */
  private async readStreamGroup(
    requests: ReadonlyArray<readonly string[]>,
  ): Promise<Array<Map<string, RecordedEvent[]>>> {
    const streams = await asSqlCaller('read_stream', () => this.readStreamsNow(requests.flat()));
    return requests.map((ids) => new Map(ids.map((id) => [id, [...(streams.get(id) ?? [])]])));
  }

  private async readStreamsNow(streamIds: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
    const streams = new Map<string, RecordedEvent[]>(streamIds.map((id) => [id, []]));
    // Stream by stream through the (stream_id, revision) index, whatever the statistics say. Asked
    // as `stream_id = ANY($1)`, the plan this prepared statement settled on while the table was small
    // scanned the whole table on every confirmation (and PGlite never analyzes it).
    const rows = await this.db.query<EventRow>(
      `SELECT e.* FROM unnest($1::text[]) AS s(stream_id)
         CROSS JOIN LATERAL (SELECT ${COLUMNS}, events.revision AS stream_order FROM events
                              WHERE events.stream_id = s.stream_id ORDER BY events.revision) AS e
        ORDER BY e.stream_id, e.stream_order`,
      [[...streams.keys()]],
    );
    for (const row of rows) streams.get(row.stream_id)?.push(this.toRecorded(row));
    return streams;
  }

  private async readOneStream(streamId: string, options: ReadStreamOptions): Promise<RecordedEvent[]> {
    const params: unknown[] = [streamId, (options.fromRevision ?? 0n).toString()];
    let upTo = '';
    if (options.recordedUpTo !== undefined) {
      params.push(options.recordedUpTo);
      upTo = ' AND recorded_at <= $3::timestamptz';
    }
    const rows = await this.db.query<EventRow>(
      `SELECT ${COLUMNS} FROM events WHERE stream_id = $1 AND revision >= $2::bigint${upTo} ORDER BY events.revision`,
      params,
    );
    return rows.map((row) => this.toRecorded(row));
  }

  readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    return asDefaultSqlCaller('read_all', () => this.readAllEvents(options));
  }

  private async readAllEvents(options: ReadAllOptions): Promise<RecordedEvent[]> {
    const params: unknown[] = [
      options.from.commit.toString(),
      options.from.prepare.toString(),
      options.limit,
    ];
    let types = '';
    if (options.types) {
      params.push(options.types);
      types = ' AND type = ANY($4::text[])';
    }
    const rows = await this.db.query<EventRow>(
      `SELECT ${COLUMNS} FROM events
        WHERE (transaction_id, position) > ($1::xid8, $2::bigint)
          AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())${types}
        ORDER BY transaction_id, position LIMIT $3`,
      params,
    );
    return rows.map((row) => this.toRecorded(row));
  }

  subscribe(
    from: Position,
    handler: (events: readonly RecordedEvent[]) => Promise<void>,
    options: SubscribeOptions = {},
  ): Subscription {
    this.listenForOthers();
    const tail = (this.tail ??= this.openSharedTail());
    return catchUpSubscription({
      from,
      read: (position, limit) => tail.read(position, limit, options.types),
      handler,
      batchSize: options.batchSize ?? 500,
      pollIntervalMs: this.pollIntervalMs,
      heldBackRetryMs: HELD_BACK_RETRY_MS,
      wakeUps: this.appended,
      ...(options.onCaughtUp ? { onCaughtUp: options.onCaughtUp } : {}),
      ...(options.onSkipped ? { onSkipped: options.onSkipped } : {}),
      ...(options.onError ? { onError: options.onError } : {}),
      ...(options.gatherMs ? { gatherMs: options.gatherMs } : {}),
    });
  }

  /**
   * A subscription's read, in one statement (one snapshot): the next events of its types, the head a
   * reader may pass, and whether committed events wait behind an open transaction. When the page is
   * not full, every event up to the head was looked at: the subscription may resume from the head.
   *
   * Every part walks the global-order index from one end. Committed events are held back when the last
   * one in global order belongs to a transaction at or above the snapshot's xmin (asked as
   * `EXISTS (... WHERE transaction_id >= xmin)`, the planner estimated a third of the table for the
   * bound it cannot know, and a plan made while the table was small scanned all of it on every read).
   */
  private async readFeed(from: Position, limit: number, types?: readonly string[]): Promise<FeedPage> {
    const params: unknown[] = [from.commit.toString(), from.prepare.toString(), limit];
    let typeFilter = '';
    if (types) {
      params.push(types);
      typeFilter = ' AND type = ANY($4::text[])';
    }
    const rows = await this.db.query<FeedRow>(
      `WITH page AS (
         SELECT ${COLUMNS} FROM events
          WHERE (transaction_id, position) > ($1::xid8, $2::bigint)
            AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())${typeFilter}
          ORDER BY transaction_id, position LIMIT $3
       ), head AS (
         SELECT transaction_id::text AS head_commit, position::text AS head_prepare FROM events
          WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
          ORDER BY transaction_id DESC, position DESC LIMIT 1
       ), last AS (
         SELECT transaction_id FROM events ORDER BY transaction_id DESC, position DESC LIMIT 1
       )
       SELECT page.*, head.head_commit, head.head_prepare,
              coalesce((SELECT transaction_id >= pg_snapshot_xmin(pg_current_snapshot()) FROM last), false) AS held_back
         FROM (SELECT 1) AS one LEFT JOIN head ON true LEFT JOIN page ON true
        ORDER BY page.commit_position::xid8, page.prepare_position::bigint`,
      params,
    );
    const first = rows[0];
    const events = rows.filter((row) => row.event_id != null).map((row) => this.toRecorded(row as EventRow));
    const scannedTo =
      first?.head_commit != null && first.head_prepare != null && events.length < limit
        ? { commit: BigInt(first.head_commit), prepare: BigInt(first.head_prepare) }
        : undefined;
    return { events, ...(scannedTo ? { scannedTo } : {}), heldBack: first?.held_back === true };
  }

  async headPosition(): Promise<Position> {
    const [row] = await this.db.query<{ commit_position: string; prepare_position: string }>(
      `SELECT transaction_id::text AS commit_position, position::text AS prepare_position FROM events
        WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY transaction_id DESC, position DESC LIMIT 1`,
    );
    return row ? { commit: BigInt(row.commit_position), prepare: BigInt(row.prepare_position) } : START;
  }

  async lastPosition(): Promise<Position> {
    const [row] = await this.db.query<{ commit_position: string; prepare_position: string }>(
      `SELECT transaction_id::text AS commit_position, position::text AS prepare_position FROM events
        ORDER BY transaction_id DESC, position DESC LIMIT 1`,
    );
    return row ? { commit: BigInt(row.commit_position), prepare: BigInt(row.prepare_position) } : START;
  }

  /** Issue 11: one read of the tail for every live subscription of this process (`SharedTail`). */
  private openSharedTail(): SharedTail {
    return new SharedTail({
      // Named for itself: whichever subscription asks first, a read of the tail serves them all.
      read: (from, limit, types) => asSqlCaller('read_feed', () => this.readFeed(from, limit, types)),
      wakeUps: this.appended,
      pageSize: SHARED_TAIL_PAGE,
      capacity: SHARED_TAIL_CAPACITY,
      freshForMs: this.pollIntervalMs / 2,
      heldBackFreshForMs: HELD_BACK_RETRY_MS / 2,
      now: () => performance.now(),
    });
  }

  async close(): Promise<void> {
    this.tail?.stop();
    this.tail = undefined;
    this.appended.removeAllListeners();
    clearTimeout(this.announcing);
    const listening = this.listening;
    this.listening = undefined;
    await (await listening?.catch(() => undefined))?.close();
  }

  private toRecorded(row: EventRow): RecordedEvent {
    const { schemaVersion, data } = this.schemas.upcast(row.type, row.schema_version, row.data);
    return {
      eventId: row.event_id,
      type: row.type,
      schemaVersion,
      streamId: row.stream_id,
      revision: BigInt(row.revision),
      position: { commit: BigInt(row.commit_position), prepare: BigInt(row.prepare_position) },
      data,
      metadata: row.metadata,
      recordedAt: row.recorded_at,
      ...(schemaVersion === row.schema_version
        ? {}
        : { stored: { schemaVersion: row.schema_version, data: row.data } }),
    };
  }
}
