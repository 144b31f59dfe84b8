import { EventSchemas } from '../../../src/application/event-schemas';
import { completeConnection } from '../../../src/application/complete-connection';
import { newCommandContext } from '../../../src/application/command-context';
import { toNewEvents } from '../../../src/application/command-context';
import { KNOWN_EVENT_SCHEMA_VERSIONS } from '../../../src/application/known-events';
import type { NumberConfirmed } from '../../../src/domain/number-request/events';
import { phoneHolderStreamId } from '../../../src/domain/phone-holder/decider';
import type { Iin } from '../../../src/domain/shared/iin';
import type { Instant } from '../../../src/domain/shared/instant';
import type { Msisdn } from '../../../src/domain/shared/msisdn';
import { eventStoreMigrations } from '../../../src/infrastructure/event-store/postgres/event-store-migrations';
import { PostgresEventStore } from '../../../src/infrastructure/event-store/postgres/postgres-event-store';
import { migrate } from '../../../src/infrastructure/sql/migrations';
import { testDatabaseKinds } from '../../support/test-databases';

const phone = '+77015550101' as Msisdn;
const first = '900101300017' as Iin;
const second = '951220300046' as Iin;
const at = '2026-03-02T09:00:00.000Z' as Instant;
const context = newCommandContext({
  principal: 'egov-mobile',
  role: 'channel:egov-mobile',
  channel: 'egov-mobile',
});

const confirmed = (iin: Iin, requestId: string): NumberConfirmed['data'] => ({
  requestId,
  iin,
  phone,
  purpose: 'connect',
  channel: 'egov-mobile',
  principal: 'egov-mobile',
  secondFactor: 'biometric',
  confirmedAt: at,
});

describe.each(testDatabaseKinds)('two citizens completing connections of one number on $name', (kind) => {
  it('releases the first account even when the second finished before the first was connected (SPEC R11)', async () => {
    const { db, dispose } = await kind.open();
    try {
      await migrate(db, eventStoreMigrations);
      const store = new PostgresEventStore(db, EventSchemas.fromVersions(KNOWN_EVENT_SCHEMA_VERSIONS));
      // Given the first citizen's claim is recorded, but its account is not connected yet,
      await store.append(
        phoneHolderStreamId(phone),
        toNewEvents(
          [{ type: 'NumberClaimed', data: { phone, iin: first, requestId: 'request-1', at } }],
          context,
          at,
          'claim-1',
        ),
        'no_stream',
      );
      // when the second citizen's connection completes entirely (its release finds nothing to release)
      await completeConnection(store, confirmed(second, 'request-2'), context, at);
      // and then the first one's does,
      await completeConnection(store, confirmed(first, 'request-1'), context, at);

      // then the first account records that the number moved on, and only the second holds it.
      const firstLink = await store.readStream(`number-link-${first}`);
      expect(firstLink.map((e) => e.type)).toEqual(['NumberConnected', 'NumberReleased']);
      expect(firstLink[1]?.data).toMatchObject({
        reason: 'number_moved_to_another_account',
        byRequestId: 'request-2',
      });
      expect((await store.readStream(`number-link-${second}`)).map((e) => e.type)).toEqual([
        'NumberConnected',
      ]);
      await store.close();
    } finally {
      await dispose();
    }
  });
});
