import { randomUUID } from 'node:crypto';
import { PgDatabase } from '../../../src/infrastructure/sql/pg-database';
import { sleep } from '../../support/events';

const serverUrl = process.env.NUMLINK_TEST_DATABASE_URL;
if (!serverUrl) console.warn('closing a PgDatabase needs NUMLINK_TEST_DATABASE_URL: skipped');

/** A closed database keeps no connection open: a listener's own one included (a process could not exit). */
(serverUrl ? describe : describe.skip)('closing a PostgreSQL database', () => {
  let observer: PgDatabase;
  beforeAll(async () => {
    observer = await PgDatabase.connect({ connectionString: serverUrl! });
  });
  afterAll(async () => {
    await observer.close();
  });

  async function sessionsOf(applicationName: string): Promise<number> {
    const [row] = await observer.query<{ sessions: number }>(
      'SELECT count(*)::int AS sessions FROM pg_stat_activity WHERE application_name = $1',
      [applicationName],
    );
    return row!.sessions;
  }

  it('ends the connections of listeners still open', async () => {
    const applicationName = `numlink-close-${randomUUID().slice(0, 8)}`;
    const db = await PgDatabase.connect({ connectionString: serverUrl!, applicationName });
    await db.listen('first', () => undefined);
    const closedFirst = await db.listen('second', () => undefined);
    await closedFirst.close();
    expect(await sessionsOf(applicationName)).toBe(2); // the pool's one, and the first listener's

    await db.close();

    for (let i = 0; i < 50 && (await sessionsOf(applicationName)) > 0; i++) await sleep(20);
    expect(await sessionsOf(applicationName)).toBe(0);
  });
});
