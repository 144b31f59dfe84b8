import type { RateLimitWindow } from '../../../src/application/ports/rate-limiter';
import {
  PostgresRateLimiter,
  rateLimitMigrations,
} from '../../../src/infrastructure/rate-limit/postgres-rate-limiter';
import { migrate } from '../../../src/infrastructure/sql/migrations';
import type { SqlDatabase } from '../../../src/infrastructure/sql/sql-database';
import { testDatabaseKinds } from '../../support/test-databases';

const HOUR = 3_600_000;
const now = Date.parse('2026-03-02T10:15:00Z');
const hourWindow = (key: string, limit: number): RateLimitWindow => ({
  key,
  limit,
  startsAt: Date.parse('2026-03-02T10:00:00Z'),
  endsAt: Date.parse('2026-03-02T10:00:00Z') + HOUR,
});

describe.each(testDatabaseKinds)('rate limiter on $name (SPEC R14)', (kind) => {
  let db: SqlDatabase;
  let dispose: () => Promise<void>;
  let limiter: PostgresRateLimiter;

  beforeEach(async () => {
    ({ db, dispose } = await kind.open());
    await migrate(db, rateLimitMigrations);
    limiter = new PostgresRateLimiter(db);
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
});
