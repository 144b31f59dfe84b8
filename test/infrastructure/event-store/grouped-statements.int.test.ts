import { randomUUID } from 'node:crypto';
import {
  WrongExpectedRevisionError,
  type AppendResult,
  type NewEvent,
} from '../../../src/application/ports/event-store';
import { EventSchemas } from '../../../src/application/event-schemas';
import {
  PostgresEventStore,
  type FullWindow,
} from '../../../src/infrastructure/event-store/postgres/postgres-event-store';
import { eventStoreMigrations } from '../../../src/infrastructure/event-store/postgres/event-store-migrations';
import {
  rateLimitArrays,
  rateLimitMigrations,
} from '../../../src/infrastructure/rate-limit/postgres-rate-limiter';
import { migrate } from '../../../src/infrastructure/sql/migrations';
import { PgDatabase } from '../../../src/infrastructure/sql/pg-database';
import { isUnavailable, type SqlDatabase } from '../../../src/infrastructure/sql/sql-database';
import { newEvent, sleep } from '../../support/events';
import { testDatabaseKinds } from '../../support/test-databases';

/**
 * Issue 11: appends (and stream reads) that callers send while two statements are running wait and go
 * together, as one statement; each is still decided, answered and failed on its own.
 */
const stream = (prefix = 's') => `${prefix}-${randomUUID()}`;
const window = (key: string, limit: number) => ({
  key,
  limit,
  startsAt: Date.parse('2026-12-04T10:00:00Z'),
  endsAt: Date.parse('2026-12-04T11:00:00Z'),
});

/** Statements sent per caller from now on. */
function countStatements(db: SqlDatabase): Map<string, number> {
  const counts = new Map<string, number>();
  db.observeStatements((caller) => counts.set(caller, (counts.get(caller) ?? 0) + 1));
  return counts;
}

async function usesOf(db: SqlDatabase, key: string): Promise<number | undefined> {
  const { keys } = rateLimitArrays([window(key, 1)]);
  const [row] = await db.query<{ used: number }>('SELECT used FROM rate_limit_windows WHERE key_hash = $1', [
    keys[0],
  ]);
  return row?.used;
}

/** Each outcome's value, or its error. */
const valuesOrReasons = (outcomes: readonly PromiseSettledResult<unknown>[]): unknown[] =>
  outcomes.map((o) => (o.status === 'fulfilled' ? o.value : o.reason));

describe.each(testDatabaseKinds)('grouped appends and stream reads on $name', (kind) => {
  let db: SqlDatabase;
  let dispose: () => Promise<void>;
  let store: PostgresEventStore;

  beforeEach(async () => {
    ({ db, dispose } = await kind.open());
    await migrate(db, [...eventStoreMigrations, ...rateLimitMigrations]);
    store = new PostgresEventStore(db, new EventSchemas(), { pollIntervalMs: 50 });
  });
  afterEach(async () => {
    await store.close();
    await dispose();
  });

  it('sends the appends that arrive while two run as one statement, deciding each alone', async () => {
    const existing = stream();
    await store.append(existing, [newEvent('Opened')], 'no_stream');
    const counts = countStatements(db);

    const fresh = Array.from({ length: 7 }, () => stream());
    const outcomes = await Promise.allSettled([
      ...fresh.map((id) => store.append(id, [newEvent('Opened'), newEvent('Noted')], 'no_stream')),
      store.append(existing, [newEvent('Late')], 5n),
      store.append(existing, [newEvent('Next')], 0n),
      store.append(fresh[0]!, [newEvent('Again')], 'no_stream'),
    ]);

    // Two went alone while nothing else ran; the other eight waited and went together.
    expect(counts.get('append')).toBe(3);
    const values = valuesOrReasons(outcomes);
    for (const result of values.slice(0, 7)) expect(result).toMatchObject({ nextExpectedRevision: 1n });
    expect(values[7]).toBeInstanceOf(WrongExpectedRevisionError);
    expect(values[7]).toMatchObject({ actual: 0n });
    expect(values[8]).toMatchObject({ nextExpectedRevision: 1n, duplicate: false });
    expect(values[9]).toBeInstanceOf(WrongExpectedRevisionError);
    expect((await store.readStream(existing)).map((e) => e.type)).toEqual(['Opened', 'Next']);
    expect((await store.readStream(fresh[0]!)).map((e) => e.type)).toEqual(['Opened', 'Noted']);
  });

  it('keeps a multi-stream append all or nothing inside a group, beside the appends it is sent with', async () => {
    const moved = stream();
    await store.append(moved, [newEvent('Opened'), newEvent('Noted')], 'no_stream');
    const [p, q, r, untouched] = [stream(), stream(), stream(), stream()];
    const counts = countStatements(db);

    const outcomes = await Promise.allSettled([
      store.append(stream(), [newEvent('Opened')], 'no_stream'),
      store.append(stream(), [newEvent('Opened')], 'no_stream'),
      store.appendMany([
        { streamId: untouched, events: [newEvent('Claimed')], expected: 'no_stream' },
        { streamId: moved, events: [newEvent('Connected')], expected: 0n },
      ]),
      store.appendMany([
        { streamId: p, events: [newEvent('Claimed')], expected: 'no_stream' },
        { streamId: q, events: [newEvent('Connected'), newEvent('Noted')], expected: 'no_stream' },
      ]),
      store.append(r, [newEvent('Opened')], 'no_stream'),
    ]);

    expect(counts.get('append')).toBe(3);
    expect(outcomes[2]).toMatchObject({
      status: 'rejected',
      reason: { streamId: moved, actual: 1n },
    });
    expect(outcomes[3]).toMatchObject({
      status: 'fulfilled',
      value: [{ nextExpectedRevision: 0n }, { nextExpectedRevision: 1n }],
    });
    expect(outcomes[4]).toMatchObject({ status: 'fulfilled', value: { nextExpectedRevision: 0n } });
    expect(await store.readStream(untouched)).toEqual([]);
    expect((await store.readStream(moved)).map((e) => e.type)).toEqual(['Opened', 'Noted']);
    expect((await store.readStream(q)).map((e) => e.type)).toEqual(['Connected', 'Noted']);
    expect(await store.readStream(r)).toHaveLength(1);
  });

  it('fails only the append the database refuses, writing the others of its group', async () => {
    const ids = Array.from({ length: 5 }, () => stream());
    // jsonb cannot hold U+0000: the group's statement fails, and each of its appends goes alone.
    const outcomes = await Promise.allSettled(
      ids.map((id, i) =>
        store.append(id, [newEvent('Opened', { note: i === 3 ? 'a\u0000b' : 'fine' })], 'no_stream'),
      ),
    );

    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    for (const [i, id] of ids.entries()) expect((await store.readStream(id)).length).toBe(i === 3 ? 0 : 1);
  });

  it('writes once an append that races itself in one group, answering the second as a repeat', async () => {
    const target = stream();
    const events: NewEvent[] = [newEvent('Opened'), newEvent('Noted')];
    const fillers = [stream(), stream()].map((id) => store.append(id, [newEvent('Opened')], 'any'));
    const answers = await Promise.all([
      store.append(target, events, 'any'),
      store.append(target, events, 'any'),
    ]);
    await Promise.all(fillers);

    expect(answers.map((a) => a.duplicate).sort()).toEqual([false, true]);
    expect(answers.map((a) => a.nextExpectedRevision)).toEqual([1n, 1n]);
    expect((await store.readStream(target)).map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
  });

  it('takes the uses of each append within limits in turn: a window of one admits the first of a group', async () => {
    const key = `phone-${randomUUID()}`;
    const limits = rateLimitArrays([window(key, 1)]);
    const fillers = [stream(), stream()].map((id) => store.append(id, [newEvent('Opened')], 'no_stream'));
    const [first, second, third] = await Promise.all([
      store.appendWithinLimits(limits, stream(), [newEvent('OtpIssued')], 'no_stream'),
      store.appendWithinLimits(limits, stream(), [newEvent('OtpIssued')], 'no_stream'),
      store.appendWithinLimits(limits, stream(), [newEvent('OtpIssued')], 'no_stream'),
    ]);
    await Promise.all(fillers);

    expect(first).toMatchObject({ duplicate: false });
    expect(second).toEqual<FullWindow>({ fullWindow: 1 });
    expect(third).toEqual<FullWindow>({ fullWindow: 1 });
    expect(await usesOf(db, key)).toBe(1);
  });

  it('keeps one use of a shared window after a group in which one append was refused', async () => {
    const key = `iin-${randomUUID()}`;
    const limits = rateLimitArrays([window(key, 3)]);
    const existing = stream();
    await store.append(existing, [newEvent('Opened')], 'no_stream');
    const fillers = [stream(), stream()].map((id) => store.append(id, [newEvent('Opened')], 'no_stream'));
    const outcomes = await Promise.allSettled([
      store.appendWithinLimits(limits, existing, [newEvent('Again')], 'no_stream'),
      store.appendWithinLimits(limits, stream(), [newEvent('OtpIssued')], 'no_stream'),
    ]);
    await Promise.all(fillers);

    expect(outcomes[0]).toMatchObject({ status: 'rejected', reason: expect.any(WrongExpectedRevisionError) });
    expect(outcomes[1]).toMatchObject({ status: 'fulfilled', value: { duplicate: false } });
    // The refused append gave its use back; the appended one kept its own.
    expect(await usesOf(db, key)).toBe(1);
  });

  it('inside a unit of work, appends alone in the unit, and rolls back with it', async () => {
    const target = stream();
    await expect(
      db.unitOfWork(async () => {
        await store.append(target, [newEvent('Opened')], 'no_stream');
        const seen = await store.readStreams([target]);
        expect(seen.get(target)).toHaveLength(1);
        throw new Error('the unit fails');
      }),
    ).rejects.toThrow('the unit fails');
    expect(await store.readStream(target)).toEqual([]);
  });

  it('reads the streams several callers ask for at once in one statement, answering each its own', async () => {
    const [a, b, c] = [stream('a'), stream('b'), stream('c')];
    await store.append(a, [newEvent('A0'), newEvent('A1')], 'no_stream');
    await store.append(b, [newEvent('B0')], 'no_stream');
    await store.append(c, [newEvent('C0'), newEvent('C1'), newEvent('C2')], 'no_stream');
    const counts = countStatements(db);

    const asked = [[a], [b], [a, c], [b, c, 'nobody'], [c], [a, b, c]];
    const answers = await Promise.all(asked.map((ids) => store.readStreams(ids)));

    expect(counts.get('read_stream')).toBe(3);
    const types = (ids: readonly string[], answer: Map<string, { type: string }[]>) =>
      ids.map((id) => [id, answer.get(id)?.map((e) => e.type)]);
    const expected: Record<string, string[]> = {
      [a]: ['A0', 'A1'],
      [b]: ['B0'],
      [c]: ['C0', 'C1', 'C2'],
      nobody: [],
    };
    answers.forEach((answer, i) => {
      expect([...answer.keys()].sort()).toEqual([...asked[i]!].sort());
      expect(types(asked[i]!, answer)).toEqual(asked[i]!.map((id) => [id, expected[id]]));
    });
    // Each caller owns its lists: one caller's change is not another's.
    answers[0]!.get(a)!.pop();
    expect(answers[2]!.get(a)).toHaveLength(2);
  });
});

const serverUrl = process.env.NUMLINK_TEST_DATABASE_URL;
if (!serverUrl)
  console.warn(
    'the lock and lost-connection tests of grouped appends need NUMLINK_TEST_DATABASE_URL: skipped',
  );
(serverUrl ? describe : describe.skip)('grouped appends beside other sessions on a server', () => {
  const applicationName = `numlink-groups-${randomUUID().slice(0, 8)}`;
  const schema = `t_groups_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  let db: PgDatabase;
  let other: PgDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await PgDatabase.connect({ connectionString: serverUrl!, schema, applicationName });
    other = await PgDatabase.connect({
      connectionString: serverUrl!,
      schema,
      applicationName: `${applicationName}-other`,
    });
    await migrate(db, [...eventStoreMigrations, ...rateLimitMigrations]);
    store = new PostgresEventStore(db, new EventSchemas(), { pollIntervalMs: 50 });
  });
  afterAll(async () => {
    await store.close();
    await db.query(`DROP SCHEMA ${schema} CASCADE`);
    await other.close();
    await db.close();
  });

  /** This store's sessions waiting for a lock in `statement`, once there are `count` besides `known`. */
  async function blockedGroups(
    count: number,
    known: readonly number[] = [],
    statement = 'numlink_append_group',
  ): Promise<number[]> {
    for (;;) {
      const rows = await other.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity
          WHERE application_name = $1 AND wait_event_type = 'Lock' AND query LIKE '%' || $2 || '%'`,
        [applicationName, statement],
      );
      const pids = rows.map((row) => row.pid).filter((pid) => !known.includes(pid));
      if (pids.length >= count) return pids;
      await sleep(10);
    }
  }

  const terminate = (pids: readonly number[]) =>
    other.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [pids]);

  /** Another session inserts the window's row and holds it, uncommitted, until `release` is called. */
  async function holdWindow(key: string): Promise<{ release: () => void; done: Promise<void> }> {
    const { keys, starts, ends } = rateLimitArrays([window(key, 10)]);
    let inserted!: () => void;
    let release!: () => void;
    const rowHeld = new Promise<void>((resolve) => (inserted = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    const done = other.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO rate_limit_windows (key_hash, starts_at, ends_at, used)
         VALUES ($1, to_timestamp($2::double precision / 1000), to_timestamp($3::double precision / 1000), 0)`,
        [keys[0], starts[0], ends[0]],
      );
      inserted();
      await released;
    });
    await rowHeld;
    return { release, done };
  }

  /** A group of one-stream appends as the store sends it, the i-th taking a use of `windowKeys[i]`. */
  const appendGroup = (windowKeys: readonly string[]) =>
    db.query<{ outcome: string }>('SELECT * FROM numlink_append_group($1::jsonb)', [
      JSON.stringify(
        windowKeys.map((key) => ({
          stream: stream(),
          expected: '-2',
          events: [{ id: randomUUID(), type: 'OtpIssued', version: 1, data: {}, metadata: {} }],
          limits: rateLimitArrays([window(key, 10)]),
        })),
      ),
    ]);

  /** Window keys in the order their hashes sort, the order in which one statement takes their rows. */
  const keysInHashOrder = (count: number) =>
    Array.from({ length: count }, () => `phone-${randomUUID()}`)
      .map((key) => ({ key, hash: rateLimitArrays([window(key, 1)]).keys[0]! }))
      .sort((a, b) => (a.hash < b.hash ? -1 : 1))
      .map(({ key }) => key);

  it('never lets two groups that share windows wait for each other in a circle (no deadlock)', async () => {
    const [x, y, z] = keysInHashOrder(3) as [string, string, string];
    const held = await holdWindow(z);
    // Taken row by row, the first group would take x and wait for z, the second take y and wait for x,
    // and once z is free the first would want y: each holding what the other waits for.
    const first = appendGroup([x, z, y]);
    const [firstPid] = await blockedGroups(1);
    const second = appendGroup([y, x]);
    await blockedGroups(1, [firstPid!]);
    held.release();
    await held.done;

    const outcomes = await Promise.allSettled(
      [first, second].map((g) => g.then((rows) => rows.map((r) => r.outcome))),
    );
    expect(valuesOrReasons(outcomes)).toEqual([
      ['appended', 'appended', 'appended'],
      ['appended', 'appended'],
    ]);
    expect(await Promise.all([x, y, z].map((key) => usesOf(db, key)))).toEqual([2, 2, 1]);
  }, 30_000);

  it('never lets a group and a lone take of the same windows wait for each other in a circle', async () => {
    const [x, y, z] = keysInHashOrder(3) as [string, string, string];
    const held = await holdWindow(z);
    // Taken row by row, the group would take y and wait for z, the lone take (rows in hash order) take x
    // and wait for y, and once z is free the group would want x.
    const group = appendGroup([y, z, x]);
    const [groupPid] = await blockedGroups(1);
    const { keys, starts, ends, limits } = rateLimitArrays([window(x, 10), window(y, 10)]);
    const take = db.query<{ full: number | null }>(
      'SELECT numlink_take_rate_limit($1::text[], $2::double precision[], $3::double precision[], $4::integer[]) AS full',
      [keys, starts, ends, limits],
    );
    await blockedGroups(1, [groupPid!], 'numlink_take_rate_limit');
    held.release();
    await held.done;

    const outcomes = await Promise.allSettled([group, take]);
    expect(valuesOrReasons(outcomes)).toEqual([
      [{ outcome: 'appended' }, { outcome: 'appended' }, { outcome: 'appended' }].map((row) =>
        expect.objectContaining(row),
      ),
      [{ full: null }],
    ]);
    expect(await Promise.all([x, y, z].map((key) => usesOf(db, key)))).toEqual([2, 2, 1]);
  }, 30_000);

  it('fails every append of a group whose connection was lost, and keeps none of its writes', async () => {
    const key = `phone-${randomUUID()}`;
    const limits = rateLimitArrays([window(key, 10)]);
    // Another session holds the window's row (an uncommitted insert) until the end: whoever takes a
    // use of it waits.
    const held = await holdWindow(key);
    // Two appends go alone and wait for the row; the next two wait for them, to go as one group.
    const fillers = Promise.allSettled(
      [stream(), stream()].map((id) =>
        store.appendWithinLimits(limits, id, [newEvent('OtpIssued')], 'no_stream'),
      ),
    );
    const fillerPids = await blockedGroups(2);
    const written = stream();
    const grouped = Promise.allSettled([
      store.append(written, [newEvent('Opened')], 'no_stream'),
      store.appendWithinLimits(limits, stream(), [newEvent('OtpIssued')], 'no_stream'),
    ]);
    // The fillers' connections go; the group is sent, appends to `written`, and waits for the row.
    await terminate(fillerPids);
    const groupPids = await blockedGroups(1, fillerPids);
    await terminate(groupPids);
    held.release();
    await held.done;

    for (const outcome of [...(await fillers), ...(await grouped)]) {
      expect(outcome.status).toBe('rejected');
      expect(isUnavailable((outcome as PromiseRejectedResult).reason)).toBe(true);
    }
    expect(await store.readStream(written)).toEqual([]);
    // The pool makes new connections: the next append goes through.
    const after: AppendResult = await store.append(written, [newEvent('Opened')], 'no_stream');
    expect(after).toMatchObject({ nextExpectedRevision: 0n, duplicate: false });
  }, 30_000);
});
