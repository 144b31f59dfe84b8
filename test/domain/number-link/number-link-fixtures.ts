import type { Iin } from '../../../src/domain/shared/iin';
import type { Instant } from '../../../src/domain/shared/instant';
import type { Msisdn } from '../../../src/domain/shared/msisdn';
import type { ConnectNumber, ReleaseNumber } from '../../../src/domain/number-link/commands';
import type { NumberChanged, NumberConnected } from '../../../src/domain/number-link/events';

export const citizen = '900101300126' as Iin;
export const otherCitizen = '850502400232' as Iin;
export const phone = '+77011234567' as Msisdn;
export const newPhone = '+77071234567' as Msisdn;
export const monday = '2026-11-23T09:00:00.000Z' as Instant;
export const tuesday = '2026-11-24T09:00:00.000Z' as Instant;
export const wednesday = '2026-11-25T09:00:00.000Z' as Instant;

export const connectNumber = (overrides: Partial<ConnectNumber> = {}): ConnectNumber => ({
  type: 'ConnectNumber',
  iin: citizen,
  phone,
  requestId: 'req-1',
  channel: 'portal',
  at: monday,
  ...overrides,
});

export const numberConnected = (overrides: Partial<NumberConnected['data']> = {}): NumberConnected => ({
  type: 'NumberConnected',
  data: { iin: citizen, phone, requestId: 'req-1', channel: 'portal', at: monday, ...overrides },
});

export const numberChanged = (overrides: Partial<NumberChanged['data']> = {}): NumberChanged => ({
  type: 'NumberChanged',
  data: {
    iin: citizen,
    from: phone,
    to: newPhone,
    requestId: 'req-2',
    channel: 'portal',
    at: tuesday,
    ...overrides,
  },
});

export const releaseNumber = (overrides: Partial<ReleaseNumber> = {}): ReleaseNumber => ({
  type: 'ReleaseNumber',
  iin: citizen,
  phone,
  reason: 'number_moved_to_another_account',
  byRequestId: 'req-of-other',
  holder: otherCitizen,
  at: wednesday,
  ...overrides,
});
