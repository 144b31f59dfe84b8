import { randomUUID } from 'node:crypto';
import { EventSchemas } from '../../../src/application/event-schemas';
import { WrongExpectedRevisionError, type NewEvent } from '../../../src/application/ports/event-store';
import type { LimitedAppender } from '../../../src/application/ports/limited-appender';
import type { RateLimitWindow } from '../../../src/application/ports/rate-limiter';
import { eventStoreMigrations } from '../../../src/infrastructure/event-store/postgres/event-store-migrations';
import { PostgresEventStore } from '../../../src/infrastructure/event-store/postgres/postgres-event-store';
import { PostgresLimitedAppender } from '../../../src/infrastructure/event-store/postgres/postgres-limited-appender';
import { UnitOfWorkLimitedAppender } from '../../../src/infrastructure/rate-limit/limited-appender-in-unit-of-work';
import {
  PostgresRateLimiter,
  rateLimitArrays,
  rateLimitMigrations,
} from '../../../src/infrastructure/rate-limit/postgres-rate-limiter';
import { migrate } from '../../../src/infrastructure/sql/migrations';
import type { SqlDatabase } from '../../../src/infrastructure/sql/sql-database';
import { SqlUnitOfWork } from '../../../src/infrastructure/sql/sql-unit-of-work';
import { newEvent, sleep } from '../../support/events';
import { memoryLogger } from '../../support/silent-logger';
import { testDatabaseKinds, type TestDatabaseKind } from '../../support/test-databases';

const HOUR = 3_600_000;
const now = Date.parse('2026-03-02T10:15:00Z');
const hourWindow = (key: string, limit: number): RateLimitWindow => ({
  key,
  limit,
  startsAt: Date.parse('2026-03-02T10:00:00Z'),
  endsAt: Date.parse('2026-03-02T10:00:00Z') + HOUR,
});
const dayWindow = (key: string, limit: number): RateLimitWindow => ({
  ...hourWindow(key, limit),
  endsAt: hourWindow(key, limit).startsAt + 5 * HOUR,
});

const requestStream = () => `number-request-${randomUUID()}`;
const opened = (): NewEvent[] => [newEvent('OtpIssued', { n: 1 })];

/** Waits for what the request does not wait for (the sweep after its commit). */
async function eventually(holds: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await holds())) {
    if (Date.now() > deadline) throw new Error('still not so after 5 s');
    await sleep(20);
  }
}

interface AppenderKind {
  readonly name: string;
  create(store: PostgresEventStore, limiter: PostgresRateLimiter, db: SqlDatabase): LimitedAppender;
}

const oneStatement: AppenderKind = {
  name: 'one statement',
  create: (store, limiter) => new PostgresLimitedAppender(store, limiter),
};
const unitOfWork: AppenderKind = {
  name: 'a unit of work',
  create: (store, limiter, db) => new UnitOfWorkLimitedAppender(new SqlUnitOfWork(db), limiter, store),
};

const cases = testDatabaseKinds.flatMap((kind) =>
  [oneStatement, unitOfWork].map((appender) => ({
    kind,
    appender,
    name: `${appender.name} on ${kind.name}`,
  })),
);

/** A fresh database with the store and the limiter, migrated in the runtime's order. */
async function world(kind: TestDatabaseKind) {
  const { db, dispose } = await kind.open();
  await migrate(db, [...eventStoreMigrations, ...rateLimitMigrations]);
  const store = new PostgresEventStore(db, new EventSchemas());
  const limiter = new PostgresRateLimiter(db, memoryLogger().logger);
  /** The uses taken from `window` (0 when it has no row). */
  const used = async (window: RateLimitWindow) =>
    (
      await db.query<{ used: number }>('SELECT used FROM rate_limit_windows WHERE key_hash = $1', [
        rateLimitArrays([window]).keys[0],
      ])
    )[0]?.used ?? 0;
  const stored = async (streamId: string) => (await store.readStream(streamId)).length;
  return {
    db,
    store,
    limiter,
    used,
    stored,
    dispose: async () => {
      await store.close();
      await dispose();
    },
  };
}

describe.each(cases)('limited append through $name (SPEC R14)', ({ kind, appender }) => {
  let w: Awaited<ReturnType<typeof world>>;
  let limited: LimitedAppender;

  beforeEach(async () => {
    w = await world(kind);
    limited = appender.create(w.store, w.limiter, w.db);
  });
  afterEach(async () => {
    await w.dispose();
  });

  it('appends the events and takes a use from every window', async () => {
    const phone = hourWindow('otp-sends:+77011234567', 3);
    const iin = dayWindow('requests:900101300123', 10);
    const stream = requestStream();

    const answer = await limited.append([phone, iin], now, {
      streamId: stream,
      events: opened(),
      expected: 'no_stream',
    });

    expect(answer).toMatchObject({ allowed: true, result: { nextExpectedRevision: 0n, duplicate: false } });
    expect(await w.stored(stream)).toBe(1);
    expect([await w.used(phone), await w.used(iin)]).toEqual([1, 1]);
  });

  it('appends nothing and takes no use when a window is full, answering when it reopens', async () => {
    const iin = dayWindow('requests:900101300123', 10);
    const phone = hourWindow('otp-sends:+77011234567', 1);
    await limited.append([iin, phone], now, {
      streamId: requestStream(),
      events: opened(),
      expected: 'no_stream',
    });
    const refused = requestStream();

    const answer = await limited.append([iin, phone], now, {
      streamId: refused,
      events: opened(),
      expected: 'no_stream',
    });

    expect(answer).toEqual({ allowed: false, retryAfterSeconds: 45 * 60 });
    expect(await w.stored(refused)).toBe(0);
    expect([await w.used(iin), await w.used(phone)]).toEqual([1, 1]);
  });

  it('gives the uses back when the request exists already (the no_stream append is refused)', async () => {
    const phone = hourWindow('otp-sends:+77011234567', 3);
    const stream = requestStream();
    await w.store.append(stream, opened(), 'no_stream');

    const appending = limited.append([phone], now, {
      streamId: stream,
      events: opened(),
      expected: 'no_stream',
    });

    await expect(appending).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(await w.stored(stream)).toBe(1);
    expect(await w.used(phone)).toBe(0);
  });

  it('takes the uses once when the same append is repeated (a retried command)', async () => {
    const phone = hourWindow('otp-sends:+77011234567', 3);
    const stream = requestStream();
    const events = opened();
    const first = await limited.append([phone], now, { streamId: stream, events, expected: 'no_stream' });

    const repeat = await limited.append([phone], now, { streamId: stream, events, expected: 'no_stream' });

    expect(first.allowed && repeat.allowed).toBe(true);
    if (!first.allowed || !repeat.allowed) return;
    expect(repeat.result).toEqual({ ...first.result, duplicate: true });
    expect(await w.stored(stream)).toBe(1);
    expect(await w.used(phone)).toBe(1);
  });

  it('lets exactly the limit of 12 concurrent requests sharing a window through', async () => {
    const phone = hourWindow('otp-sends:+77011234568', 5);
    const streams = Array.from({ length: 12 }, requestStream);

    const answers = await Promise.all(
      streams.map((streamId) =>
        limited.append([phone], now, { streamId, events: opened(), expected: 'no_stream' }),
      ),
    );

    expect(answers.filter((answer) => answer.allowed)).toHaveLength(5);
    const stored = await Promise.all(streams.map(w.stored));
    expect(stored.reduce((sum, n) => sum + n, 0)).toBe(5);
    expect(await w.used(phone)).toBe(5);
  });

  it('still sweeps the windows that have ended, once a minute', async () => {
    const ended = {
      ...hourWindow('otp-sends:+77011234569', 5),
      startsAt: now - 2 * HOUR,
      endsAt: now - HOUR,
    };
    const current = hourWindow('otp-sends:+77011234570', 5);
    await limited.append([ended], ended.startsAt, {
      streamId: requestStream(),
      events: opened(),
      expected: 'no_stream',
    });
    expect(await w.used(ended)).toBe(1);

    await limited.append([current], now, {
      streamId: requestStream(),
      events: opened(),
      expected: 'no_stream',
    });

    await eventually(async () => (await w.used(ended)) === 0);
    expect(await w.used(current)).toBe(1);
  });
});

describe.each(testDatabaseKinds)('limited append in one statement on $name (SPEC R14)', (kind) => {
  let w: Awaited<ReturnType<typeof world>>;
  let limited: LimitedAppender;

  beforeEach(async () => {
    w = await world(kind);
    limited = oneStatement.create(w.store, w.limiter, w.db);
  });
  afterEach(async () => {
    await w.dispose();
  });

  it('takes the uses and appends in one autocommit statement (beside a sweep once a minute)', async () => {
    const phone = hourWindow('otp-sends:+77011234567', 3);
    const iin = dayWindow('requests:900101300123', 10);
    await limited.append([phone, iin], now, {
      streamId: requestStream(),
      events: opened(),
      expected: 'no_stream',
    });
    await sleep(50);
    const statements: Array<[string, boolean]> = [];
    w.db.observeStatements((caller, commits) => statements.push([caller, commits]));

    await limited.append([phone, iin], now, {
      streamId: requestStream(),
      events: opened(),
      expected: 'no_stream',
    });

    expect(statements).toEqual([['append', true]]);
  });

  it('takes the uses once when an append of any revision is repeated (its ids stored already)', async () => {
    const phone = hourWindow('otp-sends:+77011234567', 3);
    const stream = requestStream();
    const events = opened();
    await limited.append([phone], now, { streamId: stream, events, expected: 'any' });

    const repeat = await limited.append([phone], now, { streamId: stream, events, expected: 'any' });

    expect(repeat).toMatchObject({ allowed: true, result: { nextExpectedRevision: 0n, duplicate: true } });
    expect(await w.used(phone)).toBe(1);
  });
});
