import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { EventSchemas } from '../../src/application/event-schemas';
import { KNOWN_EVENT_SCHEMA_VERSIONS } from '../../src/application/known-events';
import { comparePositions, type NewEvent, type RecordedEvent } from '../../src/application/ports/event-store';
import { run } from '../../src/cli/numlink';
import { readModelProjections } from '../../src/projections/read-models';
import { iinCheckDigit } from '../../src/domain/shared/iin';
import { eventStoreMigrations } from '../../src/infrastructure/event-store/postgres/event-store-migrations';
import { PostgresEventStore } from '../../src/infrastructure/event-store/postgres/postgres-event-store';
import { postgresEventTable } from '../../src/infrastructure/event-store/postgres/postgres-event-table';
import { migrate } from '../../src/infrastructure/sql/migrations';
import type { SqlDatabase } from '../../src/infrastructure/sql/sql-database';
import { auditSignerFromPem, type AuditSigner } from '../../src/projections/audit-trail/audit-signing-key';
import { ProjectionRunner } from '../../src/projections/runtime/projection-runner';
import { sleep } from '../support/events';
import { testProjectionRunner } from '../support/projection-spec';
import type { TestDatabaseKind } from '../support/test-databases';
import { scratchDirectory } from '../support/scratch';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export const CLI_USER = 'auditor-anna';

const PORTAL = { principal: 'portal', role: 'channel:portal', channel: 'portal' } as const;

function portalEvent(type: string, data: Record<string, unknown>): NewEvent {
  const eventId = randomUUID();
  return {
    eventId,
    type,
    data,
    metadata: {
      occurredAt: new Date().toISOString(),
      actor: PORTAL,
      correlationId: randomUUID(),
      causationId: eventId,
    },
  };
}

let nextSerial = Math.floor(Math.random() * 5000);

/** A fresh valid IIN of an individual (Rules §3). */
export function freshIin(): string {
  for (;;) {
    const first11 = `9001013${String(nextSerial++ % 10_000).padStart(4, '0')}`;
    const check = iinCheckDigit(first11);
    if (check !== undefined) return `${first11}${check}`;
  }
}

/**
 * A database holding the service's event store and read models, kept up by a live projection runner
 * (the running service), and the CLI run in-process against it with its own environment.
 */
export class CliWorld {
  private appended = 0;

  private constructor(
    readonly db: SqlDatabase,
    readonly store: PostgresEventStore,
    readonly runner: ProjectionRunner,
    readonly signer: AuditSigner,
    private readonly dataDir: string,
    private readonly dispose: () => Promise<void>,
  ) {}

  static async open(kind: TestDatabaseKind): Promise<CliWorld> {
    const { db, dispose } = await kind.open();
    await migrate(db, eventStoreMigrations);
    const store = new PostgresEventStore(db, EventSchemas.fromVersions(KNOWN_EVENT_SCHEMA_VERSIONS), {
      pollIntervalMs: 20,
    });
    const runner = testProjectionRunner(db, store, readModelProjections(), {
      eventTable: postgresEventTable,
    });
    await runner.migrate();
    runner.start();
    const signer = auditSignerFromPem(
      generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    );
    const dataDir = scratchDirectory('numlink-cli-');
    return new CliWorld(db, store, runner, signer, dataDir, dispose);
  }

  /** Runs `numlink <argv>` in this process over the world's database. */
  async cli(...argv: string[]): Promise<CliResult> {
    let stdout = '';
    let stderr = '';
    const code = await run(argv, {
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
      env: {
        NUMLINK_DATA_DIR: this.dataDir,
        NUMLINK_AUDIT_SIGNING_KEY: this.signer.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      },
      db: this.db,
      user: CLI_USER,
    });
    return { code, stdout, stderr };
  }

  async append(streamId: string, type: string, data: Record<string, unknown>): Promise<RecordedEvent> {
    await sleep(2); // each event its own millisecond, so that "just before" one is after the last
    const event = portalEvent(type, data);
    await this.store.append(streamId, [event], 'any');
    this.appended += 1;
    const recorded = (await this.store.readStream(streamId)).find((e) => e.eventId === event.eventId);
    return recorded!;
  }

  /** A citizen's request and connection of `phone` (Rules §5). */
  async connect(iin: string, phone: string): Promise<RecordedEvent> {
    const requestId = randomUUID();
    // An open request until its term ends (the open-requests read model keeps it).
    const expiresAt = new Date(Date.now() + 600_000).toISOString();
    await this.append(`number-request-${requestId}`, 'OtpIssued', { requestId, iin, phone, expiresAt });
    return this.append(`number-link-${iin}`, 'NumberConnected', {
      iin,
      phone,
      requestId,
      channel: 'portal',
      at: new Date().toISOString(),
    });
  }

  /** A change of the citizen's number (Rules §8). */
  async change(iin: string, from: string, to: string): Promise<RecordedEvent> {
    return this.append(`number-link-${iin}`, 'NumberChanged', {
      iin,
      from,
      to,
      requestId: randomUUID(),
      channel: 'portal',
      at: new Date().toISOString(),
    });
  }

  /** Waits until the live read models hold every event appended so far. */
  async settle(): Promise<void> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const [row] = await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_records');
      if (row!.n >= this.appended) break;
      if (Date.now() > deadline) throw new Error(`the audit trail holds ${row!.n} of ${this.appended}`);
      await sleep(10);
    }
    await this.runner.caughtUp();
  }

  /**
   * Waits until every event appended so far is readable in the global order: on a shared server an
   * open transaction elsewhere (another test's) holds readers back until it ends.
   */
  async visible(): Promise<void> {
    const deadline = Date.now() + 60_000;
    const last = await this.store.lastPosition();
    while (comparePositions(await this.store.headPosition(), last) < 0) {
      if (Date.now() > deadline) throw new Error('the events appended stayed held back for a minute');
      await sleep(10);
    }
  }

  /** Every row of the number-link view, to compare before and after a rebuild. */
  async numberLinkRows(): Promise<unknown[]> {
    return this.db.query(
      `SELECT l::text AS row FROM number_links l UNION ALL SELECT h::text FROM number_link_history h ORDER BY 1`,
    );
  }

  async close(): Promise<void> {
    await this.runner.stop();
    await this.store.close();
    await this.dispose();
  }
}

/** Runs SQL as a DBA would, with the audit trail's append-only triggers off for the while. */
export async function tamperAuditTrail(db: SqlDatabase, sql: string): Promise<void> {
  await db.exec('ALTER TABLE audit_records DISABLE TRIGGER USER');
  try {
    await db.exec(sql);
  } finally {
    await db.exec('ALTER TABLE audit_records ENABLE TRIGGER USER');
  }
}
