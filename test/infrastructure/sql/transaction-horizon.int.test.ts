import { PgDatabase } from '../../../src/infrastructure/sql/pg-database';
import { sleep } from '../../support/events';
import { startTestApp, type TestApp } from '../../support/test-app';
import { postgresKind } from '../../support/test-databases';

(postgresKind ? describe : describe.skip)('a long transaction holding back the global order', () => {
  let app: TestApp;
  let other: PgDatabase;

  beforeAll(async () => {
    app = await startTestApp({
      kind: postgresKind!,
      env: { NUMLINK_DB_OLDEST_TRANSACTION_WARN_SECONDS: '1' },
    });
    other = await PgDatabase.connect({
      connectionString: process.env.NUMLINK_TEST_DATABASE_URL!,
      applicationName: 'nightly-report',
      maxConnections: 1,
    });
  });
  afterAll(async () => {
    await other.close();
    await app.close();
  });

  it('shows in the age metric, in readiness as degraded, and in a warning naming its application', async () => {
    let finish: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const open = other.transaction(async (tx) => {
      await tx.query('SELECT pg_current_xact_id()'); // it has a transaction id: readers wait behind it
      await finished;
    });
    try {
      await sleep(1500);
      const ready = await app.call('GET', '/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body.checks.transactions).toBe('degraded');
      const metrics = await app.call('GET', '/metrics');
      const age = Number(/^numlink_db_oldest_transaction_age_seconds (\S+)$/m.exec(metrics.text)?.[1]);
      expect(age).toBeGreaterThanOrEqual(1);
      const warning = app.logLines.find((line) => line.includes('a long transaction holds back'));
      expect(warning).toContain('"applicationName":"nightly-report"');
    } finally {
      finish();
      await open;
    }
  });
});
