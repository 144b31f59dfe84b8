import { PgDatabase } from '../../../src/infrastructure/sql/pg-database';
import { CONSENT, KEYS, useWorld, type E2eWorld } from '../../support/e2e-world';
import { sleep } from '../../support/events';
import { postgresBinaries, startPrivateCluster, type PrivateCluster } from '../../support/private-postgres';
import type { TestResponse } from '../../support/test-app';
import type { TestDatabaseKind } from '../../support/test-databases';

const binaries = postgresBinaries();
if ('missing' in binaries) {
  if (process.env.CI === 'true')
    throw new Error(`CI=true but the PostgreSQL binaries are missing: ${binaries.missing}`);
  console.warn(`PostgreSQL restart test skipped: ${binaries.missing}`);
}

interface Acknowledged {
  readonly requestId: string;
  readonly iin: string;
  readonly phone: string;
  connected: boolean;
}

/** Runs until `until()` says stop: whole flows, each with its own Idempotency-Keys. */
async function flows(
  w: E2eWorld,
  until: () => boolean,
  acknowledged: Acknowledged[],
  answers: TestResponse[],
) {
  while (!until()) {
    const iin = w.citizen();
    const phone = w.phone();
    const created = await w.requestOtp(
      KEYS.portal,
      { iin, phone, purpose: 'connect', consent: CONSENT },
      { 'idempotency-key': `create-${iin}-${phone}` },
    );
    answers.push(created);
    if (created.status !== 201) {
      await sleep(50);
      continue;
    }
    const flow: Acknowledged = { requestId: created.body.requestId, iin, phone, connected: false };
    acknowledged.push(flow);
    let otp: string;
    try {
      otp = await w.otpFor(flow.requestId);
    } catch {
      continue; // the SMS waits for the store; its reaction sends it later
    }
    const confirmed = await w.confirm(
      KEYS.portal,
      flow.requestId,
      { otp, signature: await w.signFor(iin, created.body.dataToSign) },
      { 'idempotency-key': `confirm-${flow.requestId}` },
    );
    answers.push(confirmed);
    if (confirmed.status === 200) flow.connected = true;
  }
}

/** Anything but a success or a clean "try again" is a fault. */
function faultsAmong(answers: readonly TestResponse[]): string[] {
  return answers
    .filter((a) => !(a.status >= 200 && a.status < 300))
    .filter(
      (a) =>
        !(
          a.status === 503 &&
          a.body?.error?.code === 'store_unavailable' &&
          Number(a.headers.get('retry-after')) > 0
        ),
    )
    .map((a) => `${a.status} ${a.text}`);
}

async function waitFor<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${ms} ms`);
    await sleep(100);
  }
}

('dir' in binaries ? describe : describe.skip)('numlink through a PostgreSQL restart (SPEC §7)', () => {
  let cluster: PrivateCluster | undefined;
  const kind: TestDatabaseKind = {
    name: 'postgres',
    open: async () => {
      const db = await PgDatabase.connect({ connectionString: cluster!.url, maxConnections: 20 });
      return { db, dispose: () => db.close() };
    },
  };
  beforeAll(async () => {
    cluster = await startPrivateCluster((binaries as { dir: string }).dir);
  }, 180_000);
  const world = useWorld({ kind });
  afterAll(async () => {
    await cluster?.destroy();
  });

  it('stays up, answers 503 store_unavailable while the server is down, and loses nothing acknowledged', async () => {
    const w = world();
    const acknowledged: Acknowledged[] = [];
    const answers: TestResponse[] = [];
    let loading = true;
    const clients = Array.from({ length: 4 }, () => flows(w, () => !loading, acknowledged, answers));
    await waitFor('the first connections', 30_000, async () =>
      acknowledged.filter((f) => f.connected).length >= 4 ? true : undefined,
    );

    await cluster!.stopImmediately();
    // Down: not ready, metrics still answer, commands answer a clean 503.
    const notReady = await w.app.call('GET', '/health/ready');
    expect(notReady.status).toBe(503);
    expect(notReady.body.checks.eventStore).toBe('unreachable');
    const metrics = await w.app.call('GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(/^numlink_event_store_up 0$/m);
    const refused = await w.requestOtp(KEYS.portal, {
      iin: w.citizen(),
      phone: w.phone(),
      purpose: 'connect',
      consent: CONSENT,
    });
    expect({ status: refused.status, code: refused.body?.error?.code }).toEqual({
      status: 503,
      code: 'store_unavailable',
    });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    await sleep(1500);
    expect((await w.app.call('GET', '/health/live')).status).toBe(200);

    await cluster!.start();
    const restartedAt = Date.now();
    await waitFor('readiness after the restart', 30_000, async () =>
      (await w.app.call('GET', '/health/ready')).status === 200 ? true : undefined,
    );
    expect(Date.now() - restartedAt).toBeLessThan(10_000);
    const connectedBefore = acknowledged.filter((f) => f.connected).length;
    await waitFor('connections after the restart', 60_000, async () =>
      acknowledged.filter((f) => f.connected).length >= connectedBefore + 4 ? true : undefined,
    );
    loading = false;
    await Promise.all(clients);

    expect(faultsAmong(answers)).toEqual([]);
    await w.settled();
    for (const flow of acknowledged) {
      const types = await w.requestEventTypes(flow.requestId);
      expect(types.slice(0, 2)).toEqual(['ConsentRecorded', 'OtpIssued']);
      if (flow.connected) {
        expect(types).toContain('NumberConfirmed');
        expect((await w.link(flow.iin)).body).toMatchObject({ iin: flow.iin, phone: flow.phone });
      }
      // The SMS reaction resumed: every code went out (at least once).
      expect(await w.smsFor(flow.requestId)).toBeGreaterThanOrEqual(1);
    }
    // The audit trail projection holds every stored event once, in an unbroken chain.
    const verification = await w.app.call('GET', '/v1/audit/verification', { key: KEYS.auditor });
    expect(verification.body).toMatchObject({ ok: true, checked: (await w.events()).length });
  });
});
