import { newCommandContext, toNewEvents } from '../../src/application/command-context';
import { completeConnection } from '../../src/application/complete-connection';
import { ConfirmNumberHandler, ConfirmNumberCommand } from '../../src/application/confirm-number';
import { MAX_CONFLICT_RETRIES } from '../../src/application/decider';
import { EventSchemas } from '../../src/application/event-schemas';
import { KNOWN_EVENT_SCHEMA_VERSIONS } from '../../src/application/known-events';
import { KnownRequests } from '../../src/application/known-requests';
import type { StreamEvent } from '../../src/application/streams';
import { BiometricVerifier } from '../../src/application/ports/biometric-verifier';
import {
  comparePositions,
  WrongExpectedRevisionError,
  type AppendResult,
  type RecordedEvent,
  type StreamAppend,
} from '../../src/application/ports/event-store';
import { OtpCodes, type OtpBinding } from '../../src/application/ports/otp-codes';
import { SignatureVerifier } from '../../src/application/ports/signature-verifier';
import type { Count, UseCaseMetrics } from '../../src/application/ports/use-case-metrics';
import { numberLinkStreamId } from '../../src/domain/number-link/decider';
import { numberRequestStreamId } from '../../src/domain/number-request/decider';
import { phoneHolderStreamId } from '../../src/domain/phone-holder/decider';
import { eventStoreMigrations } from '../../src/infrastructure/event-store/postgres/event-store-migrations';
import { PostgresEventStore } from '../../src/infrastructure/event-store/postgres/postgres-event-store';
import { migrate } from '../../src/infrastructure/sql/migrations';
import {
  citizen,
  confirmationFailed,
  factsOf,
  otherCitizen,
  mobileConnect,
  newPhone,
  openedAt,
  opened,
  requestId,
  secondsAfterOpening,
} from '../domain/number-request/number-request-fixtures';
import { FixedClock } from '../support/fixed-clock';
import { testDatabaseKinds } from '../support/test-databases';

const RIGHT_CODE = '123456';
const principal = 'egov-mobile-backend';
const context = newCommandContext({ principal, role: 'channel:egov-mobile', channel: 'egov-mobile' });
const requestStream = numberRequestStreamId(requestId);

/** Codes compared with the fixtures' hash of the first send: `hash-1` is the hash of RIGHT_CODE. */
class FixtureOtpCodes extends OtpCodes {
  generate(): string {
    throw new Error('a confirmation issues no code');
  }
  issue(): never {
    throw new Error('a confirmation issues no code');
  }
  hash(): string {
    throw new Error('a confirmation hashes nothing');
  }
  verify(_binding: OtpBinding, code: string, expectedHash: string): boolean {
    return code === RIGHT_CODE && expectedHash === 'hash-1';
  }
  seal(): string {
    throw new Error('a confirmation seals nothing');
  }
  open(): never {
    throw new Error('a confirmation opens nothing');
  }
}

class PassingBiometrics extends BiometricVerifier {
  verify() {
    return Promise.resolve({ status: 'passed' as const });
  }
}

class NoSignatures extends SignatureVerifier {
  verify(): never {
    throw new Error('a biometric confirmation verifies no signature');
  }
}

/** Counts each `inc` by its labels, e.g. `code=otp_invalid`. */
class CountedMetrics implements UseCaseMetrics {
  readonly counted: string[] = [];
  private count = (name: string): Count<string> => ({
    inc: (labels) =>
      this.counted.push(
        `${name} ${Object.entries(labels)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(',')}`,
      ),
  });
  readonly commands = this.count('commands');
  readonly refusals = this.count('refusals');
  readonly otpConfirmationFailures = this.count('otpConfirmationFailures');
  readonly edsVerifications = this.count('edsVerifications');
}

/** The store, with a hook before each `appendMany` (another writer, a lost answer). */
class InterruptedStore extends PostgresEventStore {
  appendManyCalls = 0;
  readStreamsCalls = 0;

  override readStreams(streamIds: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
    this.readStreamsCalls++;
    return super.readStreams(streamIds);
  }

  beforeAppendMany: (appends: readonly StreamAppend[]) => Promise<void> = () => Promise.resolve();
  afterAppendMany: () => Promise<void> = () => Promise.resolve();

  override async appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    this.appendManyCalls++;
    await this.beforeAppendMany(appends);
    const results = await super.appendMany(appends);
    await this.afterAppendMany();
    return results;
  }
}

describe.each(testDatabaseKinds)('confirming a number on $name (Rules §5-9)', (kind) => {
  const withHandler = async (
    work: (world: {
      store: InterruptedStore;
      metrics: CountedMetrics;
      confirm: (otp: string, commandId?: string) => ReturnType<ConfirmNumberHandler['execute']>;
      stored: () => Promise<RecordedEvent[]>;
      known: KnownRequests;
    }) => Promise<void>,
  ) => {
    const { db, dispose } = await kind.open();
    try {
      await migrate(db, eventStoreMigrations);
      const store = new InterruptedStore(db, EventSchemas.fromVersions(KNOWN_EVENT_SCHEMA_VERSIONS));
      await store.append(
        requestStream,
        toNewEvents(opened(mobileConnect), context, openedAt, 'opened'),
        'no_stream',
      );
      const metrics = new CountedMetrics();
      const known = new KnownRequests();
      const handler = new ConfirmNumberHandler(
        store,
        new FixedClock(secondsAfterOpening(30)),
        new FixtureOtpCodes(),
        new NoSignatures(),
        new PassingBiometrics(),
        metrics,
        known,
      );
      const confirm = (otp: string, commandId = 'confirm-1') =>
        handler.execute(
          new ConfirmNumberCommand(
            { requestId, principal, otp, biometricToken: 'token' },
            context,
            commandId,
          ),
        );
      // The streams a confirmation writes, in the order written (not `readAll`: on a shared server,
      // other databases' open transactions hold its reader back).
      const stored = async () =>
        [
          ...(
            await store.readStreams([
              requestStream,
              phoneHolderStreamId(mobileConnect.phone),
              numberLinkStreamId(citizen),
              numberLinkStreamId(otherCitizen),
            ])
          ).values(),
        ]
          .flat()
          .sort((a, b) => comparePositions(a.position, b.position));
      await work({ store, metrics, confirm, stored, known });
    } finally {
      await dispose();
    }
  };

  it('records the confirmation, the claim of the number and the link in one commit', () =>
    withHandler(async ({ confirm, stored }) => {
      const outcome = await confirm(RIGHT_CODE);
      expect(outcome.ok).toBe(true);
      const events = await stored();
      const written = events.slice(2);
      expect(written.map((event) => event.type)).toEqual([
        'NumberConfirmed',
        'NumberClaimed',
        'NumberConnected',
      ]);
      expect(new Set(written.map((event) => event.position.commit)).size).toBe(1);
    }));

  it('derives the event ids from the invocation, the stream and the revision decided on', () =>
    withHandler(async ({ confirm, stored }) => {
      await confirm(RIGHT_CODE, 'confirm-1');
      // Stored ids keep their meaning: a retry of this invocation, before or after a release, writes these.
      expect((await stored()).slice(2).map((event) => `${event.type} ${event.eventId}`)).toEqual([
        'NumberConfirmed 9862982e-e06e-5613-a20c-5b70033c3b15',
        'NumberClaimed cad1ff20-a1c0-5135-b25b-40793637f1a3',
        'NumberConnected b609b6f8-df6b-5a4f-8593-6b81344998a8',
      ]);
    }));

  it('releases the account that held the number, in the same commit (SPEC R11)', () =>
    withHandler(async ({ store, confirm, stored }) => {
      // Given the number is connected to another citizen's account,
      await completeConnection(
        store,
        {
          ...factsOf(mobileConnect),
          requestId: 'req-0',
          iin: otherCitizen,
          secondFactor: 'biometric',
          confirmedAt: openedAt,
        },
        context,
        openedAt,
      );
      // when this citizen proves possession of it,
      expect((await confirm(RIGHT_CODE)).ok).toBe(true);
      // then the number is claimed and connected here and released there, with the confirmation.
      const events = await stored();
      const written = events.slice(-4);
      expect(written.map((event) => `${event.type} ${event.streamId}`)).toEqual([
        `NumberConfirmed ${requestStream}`,
        `NumberClaimed ${phoneHolderStreamId(mobileConnect.phone)}`,
        `NumberConnected ${numberLinkStreamId(citizen)}`,
        `NumberReleased ${numberLinkStreamId(otherCitizen)}`,
      ]);
      expect(new Set(written.map((event) => event.position.commit)).size).toBe(1);
    }));

  describe('of a request this process opened (the streams it left remembered)', () => {
    const parties = { iin: citizen, phone: mobileConnect.phone };
    const connectionStreams = [phoneHolderStreamId(mobileConnect.phone), numberLinkStreamId(citizen)];
    const asStored = async (store: InterruptedStore) => {
      const streams = await store.readStreams([requestStream, ...connectionStreams]);
      store.readStreamsCalls = 0;
      return streams;
    };

    it('reads none of them: it decides on them as remembered, and the append at their revisions holds', () =>
      withHandler(async ({ store, confirm, stored, known }) => {
        // Given the request was opened here,
        known.rememberOpened(requestId, parties, await asStored(store));
        // when the right code comes,
        const outcome = await confirm(RIGHT_CODE);
        // then the number is connected with one append and no read.
        expect(outcome.ok).toBe(true);
        expect(store.readStreamsCalls).toBe(0);
        expect(store.appendManyCalls).toBe(1);
        expect((await stored()).slice(2).map((event) => event.type)).toEqual([
          'NumberConfirmed',
          'NumberClaimed',
          'NumberConnected',
        ]);
      }));

    it('decides again on the stored streams when another writer moved them since', () =>
      withHandler(async ({ store, confirm, stored, known }) => {
        // Given the request was opened here, and then confirmed by another instance,
        const asOpened = await asStored(store);
        expect((await confirm(RIGHT_CODE, 'confirm-elsewhere')).ok).toBe(true);
        known.rememberOpened(requestId, parties, asOpened);
        // when the right code comes here too,
        const outcome = await confirm(RIGHT_CODE, 'confirm-here');
        // then the append at the remembered revisions is refused, and the decision on the stored
        // request finds it completed: the number is connected once.
        expect(outcome).toEqual({
          ok: false,
          refusal: expect.objectContaining({ code: 'request_completed' }),
        });
        const confirmed = (await stored()).filter((event) => event.type === 'NumberConfirmed');
        expect(confirmed).toHaveLength(1);
      }));

    it('answers nothing recorded on remembered streams that no longer stand: it reads them first', () =>
      withHandler(async ({ store, confirm, stored, known }) => {
        // Given remembered streams in which the account holds another number (released since: the
        // stored link is empty), on which a connect would be refused with nothing recorded (Rules §8),
        const remembered = new Map<string, readonly StreamEvent[]>(await asStored(store));
        remembered.set(numberLinkStreamId(citizen), [
          {
            eventId: 'f0d6e4a2-0c1f-4b43-9a59-1f6a3c0c2b11',
            type: 'NumberConnected',
            data: { iin: citizen, phone: newPhone, requestId: 'req-0', channel: 'egov-mobile', at: openedAt },
            revision: 0n,
          },
        ]);
        known.rememberOpened(requestId, parties, remembered);
        // when the right code comes,
        const outcome = await confirm(RIGHT_CODE);
        // then the refusal is not answered: the streams are read, and the number is connected.
        expect(outcome.ok).toBe(true);
        expect(store.readStreamsCalls).toBeGreaterThan(0);
        expect((await stored()).slice(2).map((event) => event.type)).toEqual([
          'NumberConfirmed',
          'NumberClaimed',
          'NumberConnected',
        ]);
      }));
  });

  it('records a wrong code as a failed attempt and counts it once (Rules §9)', () =>
    withHandler(async ({ confirm, stored, metrics }) => {
      const outcome = await confirm('000000');
      expect(outcome).toEqual({ ok: false, refusal: expect.objectContaining({ code: 'otp_invalid' }) });
      const events = await stored();
      expect(events.slice(2).map((event) => event.type)).toEqual(['OtpConfirmationFailed']);
      expect(metrics.counted.filter((c) => c.startsWith('otpConfirmationFailures'))).toEqual([
        'otpConfirmationFailures code=otp_invalid',
      ]);
    }));

  it('decides again on what another writer left when it took the request first', () =>
    withHandler(async ({ store, confirm, stored, metrics }) => {
      // Given another confirmation with a wrong code recorded just before this one's append,
      store.beforeAppendMany = async () => {
        store.beforeAppendMany = () => Promise.resolve();
        await store.append(
          requestStream,
          toNewEvents([confirmationFailed(4, 'otp_invalid', 20, mobileConnect)], context, openedAt, 'other'),
          1n,
        );
      };
      // when this one with the right code is decided again on the fresh request,
      const outcome = await confirm(RIGHT_CODE);
      // then it connects the number after the other's failure, and counts no failure of its own.
      expect(outcome.ok).toBe(true);
      expect(store.appendManyCalls).toBe(2);
      const events = await stored();
      expect(events.slice(2).map((event) => event.type)).toEqual([
        'OtpConfirmationFailed',
        'NumberConfirmed',
        'NumberClaimed',
        'NumberConnected',
      ]);
      expect(metrics.counted.filter((c) => c.startsWith('otpConfirmationFailures'))).toEqual([]);
    }));

  it('answers the confirmation that was stored when the answer to its commit was lost', () =>
    withHandler(async ({ store, confirm, stored }) => {
      store.afterAppendMany = () => Promise.reject(new Error('connection lost after the commit'));
      const outcome = await confirm(RIGHT_CODE);
      expect(outcome).toEqual({ ok: true, value: expect.objectContaining({ status: 'connected' }) });
      const events = await stored();
      expect(events.slice(2).map((event) => event.type)).toEqual([
        'NumberConfirmed',
        'NumberClaimed',
        'NumberConnected',
      ]);
    }));

  it(`gives up after ${MAX_CONFLICT_RETRIES} conflicts in a row, recording nothing`, () =>
    withHandler(async ({ store, confirm, stored }) => {
      store.beforeAppendMany = (appends) =>
        Promise.reject(new WrongExpectedRevisionError(appends[0]!.streamId, appends[0]!.expected, 9n));
      await expect(confirm(RIGHT_CODE)).rejects.toThrow(WrongExpectedRevisionError);
      expect(store.appendManyCalls).toBe(MAX_CONFLICT_RETRIES + 1);
      expect((await stored()).slice(2)).toEqual([]);
    }));
});
