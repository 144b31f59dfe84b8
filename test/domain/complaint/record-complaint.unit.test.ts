import { complaintStreamId } from '../../../src/domain/complaint/decider';
import {
  MONDAY_10_00,
  complaintRecorded,
  deadline,
  given,
  instant,
  iin,
  complaintId,
  recordComplaint,
} from './complaint-cases';

describe('recording a complaint (Rules §10, SPEC R18, R19, R22)', () => {
  it('records a complaint filed with the service provider with its 3- and 5-working-day deadlines', () => {
    given()
      .when(
        recordComplaint({ requestId: 'r-7', citedRequest: { requestId: 'r-7', iin, principal: 'portal' } }),
      )
      .thenEvents([
        complaintRecorded({
          requestId: 'r-7',
          // Mon 2 March is day 0; Mon 9 March is a day off, so the fifth working day is Tue 10 March.
          deadlines: [
            deadline('forward_or_satisfy', '2026-03-05'),
            deadline('provider_consideration', '2026-03-10'),
          ],
        }),
      ]);
  });

  it('records a complaint filed with the quality authority with its 15-working-day deadline (SPEC R20)', () => {
    given()
      .when(recordComplaint({ filedWith: 'quality_authority' }))
      .thenEvents([
        complaintRecorded({
          filedWith: 'quality_authority',
          // Nauryz (23-25 March) does not count: the 15th working day after Mon 2 March is Fri 27 March.
          deadlines: [deadline('authority_consideration', '2026-03-27')],
        }),
      ]);
  });

  it('counts a complaint registered on a day off from the working days after it (SPEC R22)', () => {
    // 20:00Z on Friday is 01:00 on Saturday 7 March in Almaty: day 0 is the Saturday.
    const registeredAt = instant('2026-03-06T20:00:00.000Z');
    given()
      .when(recordComplaint({ registeredAt }))
      .thenEvents([
        complaintRecorded({
          registeredAt,
          deadlines: [
            deadline('forward_or_satisfy', '2026-03-12'),
            deadline('provider_consideration', '2026-03-16'),
          ],
        }),
      ]);
  });

  it('takes day 0 as the Almaty date, not the UTC date, of the registration', () => {
    // 23:30 on Monday 2 March in Almaty is still Monday there (18:30Z).
    const lateMonday = instant('2026-03-02T18:30:00.000Z');
    const { decision } = given().when(recordComplaint({ registeredAt: lateMonday }));
    expect(decision.events[0]).toEqual(complaintRecorded({ registeredAt: lateMonday }));
  });

  it('counts the deadlines of a complaint recorded late from its registration, not from its recording', () => {
    given()
      .when(recordComplaint({ at: instant('2026-03-06T09:00:00.000Z') }))
      .thenEvents([complaintRecorded()]);
  });

  it('refuses to record the same complaint twice', () => {
    given(complaintRecorded())
      .when(recordComplaint())
      .thenRecordsAndRefuses([], 'complaint_already_recorded');
  });

  it('refuses a registration later than the moment of recording', () => {
    given()
      .when(recordComplaint({ registeredAt: instant('2026-03-02T06:00:00.000Z'), at: MONDAY_10_00 }))
      .thenRefuses('invalid_chronology', { field: 'registeredAt', notAfter: MONDAY_10_00 });
  });

  it('keeps the complaint in the state: its IIN, body and pending deadlines', () => {
    const { stateAfter } = given().when(recordComplaint());
    expect(stateAfter).toMatchObject({
      recorded: true,
      complaintId,
      iin,
      filedWith: 'service_provider',
      stage: 'recorded',
      deadlines: [
        { kind: 'forward_or_satisfy', status: 'pending' },
        { kind: 'provider_consideration', status: 'pending' },
      ],
    });
  });

  it('names the stream of a complaint after its id', () =>
    expect(complaintStreamId('c-42')).toBe('complaint-c-42'));
});
