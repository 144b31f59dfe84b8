import { ConnectionCompleter } from '../../../src/application/complete-connection';
import {
  EventStreams,
  type AppendResult,
  type RecordedEvent,
} from '../../../src/application/ports/event-store';
import { FixedClock } from '../../support/fixed-clock';

/** A store that only records what was asked of it (nothing is stored: every stream reads empty). */
class RecordingStreams extends EventStreams {
  readonly calls: string[] = [];
  private readonly result: AppendResult = {
    nextExpectedRevision: 0n,
    position: { commit: 1n, prepare: 1n },
    duplicate: false,
  };
  async append(streamId: string): Promise<AppendResult> {
    this.calls.push(`append ${streamId}`);
    return this.result;
  }
  async appendMany(appends: ReadonlyArray<{ streamId: string }>): Promise<AppendResult[]> {
    this.calls.push(`appendMany ${appends.map((a) => a.streamId).join(',')}`);
    return appends.map(() => this.result);
  }
  async readStream(streamId: string): Promise<RecordedEvent[]> {
    this.calls.push(`read ${streamId}`);
    return [];
  }
  async readStreams(streamIds: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
    this.calls.push(`read ${streamIds.join(',')}`);
    return new Map(streamIds.map((id) => [id, []]));
  }
}

const phone = '+77015550101';
const iin = '900101300017';
let prepare = 0n;
const recorded = (type: string, streamId: string, commit: bigint, data: object): RecordedEvent => ({
  eventId: `00000000-0000-4000-8000-${String(++prepare).padStart(12, '0')}`,
  type,
  schemaVersion: 1,
  streamId,
  revision: 0n,
  position: { commit, prepare },
  data,
  metadata: {
    occurredAt: '2026-03-02T09:00:00.000Z',
    actor: { principal: 'egov-mobile', role: 'channel:egov-mobile', channel: 'egov-mobile' },
    correlationId: 'c',
    causationId: 'c',
  },
  recordedAt: '2026-03-02T09:00:00.000Z',
});
const confirmed = (commit: bigint) =>
  recorded('NumberConfirmed', 'number-request-r1', commit, {
    requestId: 'r1',
    iin,
    phone,
    purpose: 'connect',
    channel: 'egov-mobile',
    principal: 'egov-mobile',
    secondFactor: 'biometric',
    confirmedAt: '2026-03-02T09:00:00.000Z',
  });

describe('the connection completer', () => {
  it('reads and writes nothing for a confirmation committed with its connection', async () => {
    // Given a NumberConfirmed and its claim and link, committed together,
    const store = new RecordingStreams();
    const batch = [
      confirmed(7n),
      recorded('NumberClaimed', `phone-holder-${phone}`, 7n, { phone, iin, requestId: 'r1' }),
      recorded('NumberConnected', `number-link-${iin}`, 7n, { iin, phone, requestId: 'r1' }),
    ];
    // when the completer follows them,
    await new ConnectionCompleter(store, new FixedClock('2026-03-02T09:00:01.000Z')).handle(batch);
    // then it asked nothing of the store.
    expect(store.calls).toEqual([]);
  });

  it('finishes a confirmation committed without its connection (old events, EventStoreDB)', async () => {
    const store = new RecordingStreams();
    const batch = [
      confirmed(7n),
      recorded('NumberConnected', `number-link-other`, 8n, { iin: 'other', phone, requestId: 'r0' }),
    ];
    await new ConnectionCompleter(store, new FixedClock('2026-03-02T09:00:01.000Z')).handle(batch);
    expect(store.calls).toContain(`read phone-holder-${phone}`);
    expect(store.calls).toContain(`append phone-holder-${phone}`);
  });
});
