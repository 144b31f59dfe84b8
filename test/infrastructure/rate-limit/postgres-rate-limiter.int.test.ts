import type { RateLimitWindow } from '../../../src/application/ports/rate-limiter';
import {
  PostgresRateLimiter,
  rateLimitMigrations,
} from '../../../src/infrastructure/rate-limit/postgres-rate-limiter';
import { migrate } from '../../../src/infrastructure/sql/migrations';
import type { SqlDatabase } from '../../../src/infrastructure/sql/sql-database';
import { memoryLogger } from '../../support/silent-logger';
import { testDatabaseKinds } from '../../support/test-databases';

const HOUR = 3_600_000;
const now = Date.parse('2026-03-02T10:15:00Z');
const hourWindow = (key: string, limit: number): RateLimitWindow => ({
  key,
  limit,
  startsAt: Date.parse('2026-03-02T10:00:00Z'),
  endsAt: Date.parse('2026-03-02T10:00:00Z') + HOUR,
});

/** Waits for what the request does not wait for (the sweep after its commit). */
async function eventually(holds: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await holds())) {
    if (Date.now() > deadline) throw new Error('still not so after 5 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each(testDatabaseKinds)('rate limiter on $name (SPEC R14)', (kind) => {
  let db: SqlDatabase;
  let dispose: () => Promise<void>;
  let limiter: PostgresRateLimiter;
  let logLines: string[];

  beforeEach(async () => {
    ({ db, dispose } = await kind.open());
    await migrate(db, rateLimitMigrations);
    const { logger, lines } = memoryLogger();
    logLines = lines;
    limiter = new PostgresRateLimiter(db, logger);
  });
  afterEach(async () => {
    await dispose();
  });

  const used = async () =>
    (await db.query<{ used: number }>('SELECT used FROM rate_limit_windows ORDER BY ends_at, used')).map(
      (row) => row.used,
    );

  it('takes a use from every window until one is full, then from none, answering when it reopens', async () => {
    const phone = hourWindow('otp-sends:+77011234567', 2);
    const iin = { ...hourWindow('requests:900101300123', 10), endsAt: phone.endsAt + 5 * HOUR };
    expect(await limiter.consume([phone, iin], now)).toEqual({ allowed: true });
    expect(await limiter.consume([phone, iin], now)).toEqual({ allowed: true });
    expect(await limiter.consume([phone, iin], now)).toEqual({ allowed: false, retryAfterSeconds: 45 * 60 });
    expect(await used()).toEqual([2, 2]);
  });

  it('lets exactly the limit of 12 concurrent requests through', async () => {
    const window = hourWindow('otp-sends:+77011234568', 5);
    const decisions = await Promise.all(
      Array.from({ length: 12 }, () => limiter.consume([window, hourWindow('requests:x', 100)], now)),
    );
    expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
    expect(await used()).toEqual([5, 5]);
  });

  it('takes the uses of a request in one statement (beside a sweep of old windows once a minute)', async () => {
    await limiter.consume([hourWindow('a', 3)], now);
    const statements: string[] = [];
    db.observeStatements((caller) => statements.push(caller));
    await limiter.consume([hourWindow('a', 3), hourWindow('b', 3)], now);
    expect(statements).toEqual(['rate_limit']);
  });

  it('sweeps the windows that have ended once the request has committed, not inside its transaction', async () => {
    const ended = {
      ...hourWindow('otp-sends:+77011234569', 5),
      startsAt: now - 2 * HOUR,
      endsAt: now - HOUR,
    };
    await limiter.consume([ended], ended.startsAt);
    const endedRows = async () =>
      (
        await db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM rate_limit_windows WHERE ends_at < to_timestamp($1::double precision / 1000)',
          [now],
        )
      )[0]?.n;
    await db.unitOfWork(async () => {
      await limiter.consume([hourWindow('otp-sends:+77011234570', 5)], now);
      // Still there inside the request's transaction: it holds no lock on the rows a sweep deletes.
      expect(await endedRows()).toBe(1);
    });
    await eventually(async () => (await endedRows()) === 0);
    expect(await used()).toEqual([1]);
  });

  it('keeps the request when the sweep fails: it is logged, not rolled back with it', async () => {
    await db.exec(`
      CREATE FUNCTION refuse_deletes() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'deletes refused'; END $$;
      CREATE TRIGGER refuse_sweep BEFORE DELETE ON rate_limit_windows
        FOR EACH STATEMENT EXECUTE FUNCTION refuse_deletes();`);
    const decision = await db.unitOfWork(() =>
      limiter.consume([hourWindow('otp-sends:+77011234571', 5)], now),
    );
    expect(decision).toEqual({ allowed: true });
    expect(await used()).toEqual([1]);
    await eventually(() => logLines.some((line) => line.includes('rate-limit sweep')));
    expect(logLines.find((line) => line.includes('rate-limit sweep'))).toContain('deletes refused');
  });
});
