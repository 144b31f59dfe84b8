import { randomUUID } from 'node:crypto';
import { EventSchemas } from '../../../src/application/event-schemas';
import type { NewEvent } from '../../../src/application/ports/event-store';
import type { Actor } from '../../../src/domain/shared/domain-event';
import { PostgresEventStore } from '../../../src/infrastructure/event-store/postgres/postgres-event-store';
import type { SqlDatabase } from '../../../src/infrastructure/sql/sql-database';
import { createAuditTrailProjection } from '../../../src/projections/audit-trail/audit-trail-projection';
import { ProjectionRunner } from '../../../src/projections/runtime/projection-runner';
import { sleep } from '../../support/events';
import { ProjectionWorld } from '../../support/projection-spec';
import type { TestDatabaseKind } from '../../support/test-databases';

/** The event types of these tests (the trail records every type): told apart by account, number, complaint. */
export const AUDITED_TYPES = [
  'OtpIssued',
  'NumberConfirmed',
  'NumberClaimed',
  'NumberConnected',
  'NumberChanged',
  'ComplaintRecorded',
  'ComplaintForwarded',
] as const;

export const PORTAL: Actor = { principal: 'portal', role: 'channel:portal', channel: 'portal' };
export const REVIEWER: Actor = { principal: 'reviewer-1', role: 'reviewer' };

export function auditedEvent(type: string, data: Record<string, unknown>, actor: Actor = PORTAL): NewEvent {
  const eventId = randomUUID();
  return {
    eventId,
    type,
    data,
    metadata: {
      occurredAt: '2026-01-05T10:00:00.000Z',
      actor,
      correlationId: randomUUID(),
      causationId: eventId,
    },
  };
}

export interface AuditTrailWorld {
  readonly db: SqlDatabase;
  readonly store: PostgresEventStore;
  readonly runner: ProjectionRunner;
  /** Appends to a stream (and counts what the trail must come to hold). */
  append(streamId: string, ...events: NewEvent[]): Promise<void>;
  /** Appends to a stream and waits until the audit trail has it. */
  record(streamId: string, ...events: NewEvent[]): Promise<void>;
  /**
   * Waits until the trail holds every audited event appended so far. (`runner.caughtUp()` is not
   * enough on a shared server: another session's open transaction hides new events from the reader
   * for a moment, and caught-up means "read everything visible".)
   */
  settle(): Promise<void>;
  dispose(): Promise<void>;
}

/** A fresh database with the real event store and the audit trail running in the real projection runner. */
export async function openAuditTrailWorld(kind: TestDatabaseKind): Promise<AuditTrailWorld> {
  const world = await ProjectionWorld.open(kind, [createAuditTrailProjection()], {
    schemas: new EventSchemas(),
    running: true,
  });
  const { db, store, runner } = world;
  let audited = 0;
  const settle = async () => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_records');
      if (row!.n >= audited) return;
      if (Date.now() > deadline) throw new Error(`the audit trail holds ${row!.n} of ${audited} records`);
      await sleep(10);
    }
  };
  const append = async (streamId: string, ...events: NewEvent[]) => {
    await store.append(streamId, events, 'any');
    audited += events.length;
  };
  return {
    db,
    store,
    runner,
    append,
    record: async (streamId, ...events) => {
      await append(streamId, ...events);
      await settle();
    },
    settle,
    dispose: () => world.dispose(),
  };
}

/** A short history of two citizens, their numbers, a change and a complaint: 10 audited events. */
export async function recordSampleHistory(world: AuditTrailWorld): Promise<void> {
  await world.record(
    'number-request-r1',
    auditedEvent('OtpIssued', { requestId: 'r1', iin: '900101300001', phone: '+77011110001' }),
    auditedEvent('NumberConfirmed', { requestId: 'r1', iin: '900101300001', phone: '+77011110001' }),
  );
  await world.record(
    'phone-holder-+77011110001',
    auditedEvent('NumberClaimed', { phone: '+77011110001', iin: '900101300001', requestId: 'r1' }),
  );
  await world.record(
    'number-link-900101300001',
    auditedEvent('NumberConnected', { iin: '900101300001', phone: '+77011110001', requestId: 'r1' }),
  );
  await world.record(
    'number-request-r2',
    auditedEvent('OtpIssued', { requestId: 'r2', iin: '850202400002', phone: '+77011110002' }),
  );
  await world.record(
    'number-link-900101300001',
    auditedEvent('NumberChanged', {
      iin: '900101300001',
      from: '+77011110001',
      to: '+77011110003',
      requestId: 'r3',
    }),
  );
  await world.record(
    'phone-holder-+77011110001',
    auditedEvent('NumberClaimed', {
      phone: '+77011110001',
      iin: '850202400002',
      previousIin: '900101300001',
      requestId: 'r2',
    }),
  );
  await world.record(
    'complaint-c1',
    auditedEvent('ComplaintRecorded', { complaintId: 'c1', iin: '900101300001', subject: 'slow' }),
    auditedEvent('ComplaintForwarded', { complaintId: 'c1', to: 'higher_body' }, REVIEWER),
  );
  await world.record(
    'number-request-r4',
    auditedEvent('OtpIssued', {
      requestId: 'r4',
      iin: '850202400002',
      phone: '+77011110004',
      note: { b: 1, a: [2.5, null] },
    }),
  );
}

export const SAMPLE_HISTORY_RECORDS = 10;
