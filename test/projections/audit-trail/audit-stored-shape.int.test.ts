import { generateKeyPairSync } from 'node:crypto';
import { EventSchemas } from '../../../src/application/event-schemas';
import { START } from '../../../src/application/ports/event-store';
import { PostgresEventStore } from '../../../src/infrastructure/event-store/postgres/postgres-event-store';
import { signAuditHead } from '../../../src/projections/audit-trail/audit-checkpoint';
import { auditSignerFromPem } from '../../../src/projections/audit-trail/audit-signing-key';
import { createAuditTrailProjection } from '../../../src/projections/audit-trail/audit-trail-projection';
import { verifyAuditTrail } from '../../../src/projections/audit-trail/verify-audit-trail';
import { FixedClock } from '../../support/fixed-clock';
import { testProjectionRunner } from '../../support/projection-spec';
import { testDatabaseKinds } from '../../support/test-databases';
import { auditedEvent, openAuditTrailWorld, type AuditTrailWorld } from './audit-trail-fixture';

const auditKey = auditSignerFromPem(
  generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
);

/** A later release: NumberConnected v2 names the number `msisdn`, and v1 events are upcast to it. */
const laterSchemas = new EventSchemas({
  NumberConnected: {
    currentVersion: 2,
    upcasters: {
      1: (data) => {
        const { phone, ...rest } = data as { phone: string };
        return { ...rest, msisdn: phone };
      },
    },
  },
});

describe.each(testDatabaseKinds)('the audit trail hashes events as stored, on $name', (kind) => {
  let world: AuditTrailWorld;
  beforeEach(async () => {
    world = await openAuditTrailWorld(kind);
  });
  afterEach(async () => {
    await world.dispose();
  });

  it('an upcaster added later never contradicts the checkpoints signed before it', async () => {
    await world.record(
      'number-link-850315401211',
      auditedEvent('NumberConnected', { iin: '850315401211', phone: '+77011230001' }),
      auditedEvent('NumberChanged', { iin: '850315401211', from: '+77011230001', to: '+77011230002' }),
    );
    expect(await signAuditHead(world.db, auditKey, new FixedClock().now())).toMatchObject({ seq: 2 });
    await world.runner.stop();

    // The next release reads the old event upcast, and says what was stored beside it.
    const later = new PostgresEventStore(world.db, laterSchemas, { pollIntervalMs: 20 });
    const [connected] = await later.readAll({ from: START, limit: 1 });
    expect(connected).toMatchObject({
      schemaVersion: 2,
      data: { msisdn: '+77011230001' },
      stored: { schemaVersion: 1, data: { iin: '850315401211', phone: '+77011230001' } },
    });

    // It rebuilds the trail from position zero: the same chain, which the old checkpoint still vouches for.
    const runner = testProjectionRunner(world.db, later, [createAuditTrailProjection()]);
    try {
      await runner.rebuild('audit_trail');
      expect(await verifyAuditTrail(world.db, [auditKey.publicKey])).toMatchObject({ ok: true, checked: 2 });
      const [record] = await world.db.query<{ data: unknown }>(
        'SELECT data FROM audit_records WHERE seq = 1',
      );
      expect(record!.data).toEqual({ iin: '850315401211', phone: '+77011230001' });
    } finally {
      await runner.stop();
    }
  });

  it('an event read in the shape it was written carries no second copy', async () => {
    await world.record('number-link-850315401211', auditedEvent('NumberConnected', { iin: '850315401211' }));
    const [event] = await world.store.readAll({ from: START, limit: 1 });
    expect(event).not.toHaveProperty('stored');
  });
});
