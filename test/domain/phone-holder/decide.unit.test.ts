import { given } from '../../support/given-when-then';
import { phoneHolderDecider } from '../../../src/domain/phone-holder/decider';
import type { ClaimNumber } from '../../../src/domain/phone-holder/commands';
import type { NumberClaimed } from '../../../src/domain/phone-holder/events';
import { phoneHolderStreamId } from '../../../src/domain/phone-holder/decider';
import type { Iin } from '../../../src/domain/shared/iin';
import type { Instant } from '../../../src/domain/shared/instant';
import type { Msisdn } from '../../../src/domain/shared/msisdn';

const citizen = '900101300126' as Iin;
const otherCitizen = '850502400232' as Iin;
const phone = '+77011234567' as Msisdn;
const monday = '2026-11-23T09:00:00.000Z' as Instant;
const tuesday = '2026-11-24T09:00:00.000Z' as Instant;

const claim = (iin: Iin, requestId: string, at: Instant = monday): ClaimNumber => ({
  type: 'ClaimNumber',
  phone,
  iin,
  requestId,
  at,
});

const claimed = (iin: Iin, requestId: string, at: Instant = monday, previousIin?: Iin): NumberClaimed => ({
  type: 'NumberClaimed',
  data: { phone, iin, requestId, ...(previousIin ? { previousIin } : {}), at },
});

describe('who holds a subscriber number (SPEC R11: at most one account)', () => {
  it('gives a number nobody holds to the citizen who proved possession', () =>
    given(phoneHolderDecider, [])
      .when(claim(citizen, 'req-1'))
      .thenEvents([claimed(citizen, 'req-1')]));

  it('moves a held number to a second citizen who proved possession, naming the previous account', () =>
    given(phoneHolderDecider, [claimed(citizen, 'req-1')])
      .when(claim(otherCitizen, 'req-2', tuesday))
      .thenEvents([claimed(otherCitizen, 'req-2', tuesday, citizen)]));

  it('records nothing when the holder claims its own number again no later than it did', () =>
    given(phoneHolderDecider, [claimed(citizen, 'req-1', tuesday)])
      .when(claim(citizen, 'req-3', monday))
      .thenEvents([]));

  it('records the time of a newer claim by the holder, naming no previous account', () =>
    given(phoneHolderDecider, [claimed(citizen, 'req-1', monday)])
      .when(claim(citizen, 'req-3', tuesday))
      .thenEvents([claimed(citizen, 'req-3', tuesday)]));

  it("refuses another citizen's claim older than the holder's newer claim of its own number, finished late", () =>
    given(phoneHolderDecider, [claimed(citizen, 'req-1', monday), claimed(citizen, 'req-3', tuesday)])
      .when(claim(otherCitizen, 'req-2', '2026-11-23T12:00:00.000Z' as Instant))
      .thenRecordsAndRefuses([], 'claim_superseded'));

  it('records nothing for a claim already recorded (a retry)', () =>
    given(phoneHolderDecider, [claimed(citizen, 'req-1')])
      .when(claim(citizen, 'req-1'))
      .thenEvents([]));

  it('does not give the number back on a late retry of an older claim', () =>
    given(phoneHolderDecider, [claimed(citizen, 'req-1'), claimed(otherCitizen, 'req-2', tuesday, citizen)])
      .when(claim(citizen, 'req-1'))
      .thenEvents([]));

  it('gives the number back to its first holder on a new proof of possession', () =>
    given(phoneHolderDecider, [claimed(citizen, 'req-1'), claimed(otherCitizen, 'req-2', tuesday, citizen)])
      .when(claim(citizen, 'req-3', tuesday))
      .thenEvents([claimed(citizen, 'req-3', tuesday, otherCitizen)]));

  it("refuses a claim older than the holder's, finished late after a crash: the last proof wins", () =>
    given(phoneHolderDecider, [claimed(otherCitizen, 'req-2', tuesday)])
      .when(claim(citizen, 'req-1', monday))
      .thenRecordsAndRefuses([], 'claim_superseded'));

  it("refuses a claim of another number on this number's stream", () =>
    given(phoneHolderDecider, [claimed(citizen, 'req-1')])
      .when({ ...claim(otherCitizen, 'req-2'), phone: '+77071234567' as Msisdn })
      .thenRecordsAndRefuses([], 'wrong_number'));

  it('shows the holder', () =>
    expect(given(phoneHolderDecider, [claimed(citizen, 'req-1')]).state.holder).toEqual({
      iin: citizen,
      requestId: 'req-1',
      claimedAt: monday,
    }));

  it('keeps one stream per number', () => expect(phoneHolderStreamId(phone)).toBe(`phone-holder-${phone}`));
});
