import {
  complaintDecided,
  complaintForwarded,
  complaintRecorded,
  complaintRegistered,
  deadline,
  deadlineOf,
  deadlinesOf,
  decideComplaint,
  given,
  instant,
  registerComplaint,
} from './complaint-cases';

describe('registering a complaint at another body (Rules §10, SPEC R20)', () => {
  it('starts the 15-working-day clock when the quality authority registers the complaint', () => {
    given(complaintRecorded(), complaintDecided('2026-03-04T09:00:00.000Z'))
      .when(registerComplaint('2026-03-10T06:00:00.000Z'))
      .thenEvents([
        // Tue 10 March is day 0; Nauryz (23-25 March) does not count: the 15th working day is Fri 3 April.
        complaintRegistered('2026-03-10T06:00:00.000Z', {
          deadlines: [deadline('authority_consideration', '2026-04-03')],
        }),
      ]);
  });

  it('keeps the new deadline pending next to the service provider’s', () => {
    const { stateAfter } = given(
      complaintRecorded(),
      complaintForwarded('2026-03-03T09:00:00.000Z', 'quality_authority'),
    ).when(registerComplaint('2026-03-04T06:00:00.000Z'));
    expect(deadlinesOf(stateAfter).map((d) => [d.kind, d.status])).toEqual([
      ['forward_or_satisfy', 'met'],
      ['provider_consideration', 'pending'],
      ['authority_consideration', 'pending'],
    ]);
    // Wed 4 March is day 0: 12 working days to Fri 20 March, Nauryz off, then Thu 26 - Tue 31 March.
    expect(deadlineOf(stateAfter, 'authority_consideration').dueDate).toBe('2026-03-31');
  });

  it('sets no clock when the higher body registers the complaint (the Rules give it no term)', () => {
    given(complaintRecorded(), complaintForwarded('2026-03-03T09:00:00.000Z'))
      .when(registerComplaint('2026-03-04T06:00:00.000Z', { body: 'higher_body' }))
      .thenEvents([complaintRegistered('2026-03-04T06:00:00.000Z', { body: 'higher_body', deadlines: [] })]);
  });

  it('lets the quality authority decide a complaint registered there', () => {
    given(complaintRecorded(), complaintRegistered('2026-03-10T06:00:00.000Z'))
      .when(decideComplaint('2026-03-12T06:00:00.000Z', { by: 'quality_authority' }))
      .thenEvents([complaintDecided('2026-03-12T06:00:00.000Z', { by: 'quality_authority' })]);
  });

  it('refuses to register a complaint twice at the same body', () => {
    given(complaintRecorded(), complaintRegistered('2026-03-10T06:00:00.000Z'))
      .when(registerComplaint('2026-03-11T06:00:00.000Z'))
      .thenRefuses('complaint_already_registered', { body: 'quality_authority' });
  });

  it('refuses to register again at the quality authority a complaint filed with it', () => {
    given(
      complaintRecorded({
        filedWith: 'quality_authority',
        deadlines: [deadline('authority_consideration', '2026-03-27')],
      }),
    )
      .when(registerComplaint('2026-03-03T06:00:00.000Z'))
      .thenRefuses('complaint_already_registered', { body: 'quality_authority' });
  });

  it('refuses a registration dated before the complaint’s own registration', () => {
    given(complaintRecorded())
      .when(registerComplaint('2026-03-01T06:00:00.000Z'))
      .thenRefuses('invalid_chronology', { field: 'registeredAt', notBefore: '2026-03-02T05:00:00.000Z' });
  });

  it('refuses a registration dated after the moment it is recorded', () => {
    given(complaintRecorded())
      .when(registerComplaint('2026-03-05T06:00:00.000Z', { at: instant('2026-03-04T06:00:00.000Z') }))
      .thenRefuses('invalid_chronology', { field: 'registeredAt', notAfter: '2026-03-04T06:00:00.000Z' });
  });

  it('refuses to register a complaint that was never recorded', () => {
    given().when(registerComplaint('2026-03-10T06:00:00.000Z')).thenRefuses('complaint_not_found');
  });
});
