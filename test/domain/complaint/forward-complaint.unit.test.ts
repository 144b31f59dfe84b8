import {
  complaintDecided,
  complaintDeadlineMissed,
  complaintForwarded,
  complaintRecorded,
  deadlineOf,
  forwardComplaint,
  given,
  instant,
  markMissedDeadlines,
} from './complaint-cases';

describe('forwarding a complaint to the considering body (Rules §10, SPEC R19)', () => {
  it('meets forward_or_satisfy when the service provider forwards within 3 working days', () => {
    const outcome = given(complaintRecorded()).when(forwardComplaint('2026-03-04T09:00:00.000Z'));
    outcome.thenEvents([complaintForwarded('2026-03-04T09:00:00.000Z')]);
    expect(deadlineOf(outcome.stateAfter, 'forward_or_satisfy')).toEqual({
      kind: 'forward_or_satisfy',
      dueDate: '2026-03-05',
      endsAt: '2026-03-05T19:00:00.000Z',
      status: 'met',
      metAt: '2026-03-04T09:00:00.000Z',
      metBy: 'ComplaintForwarded',
    });
  });

  it('meets forward_or_satisfy in the last millisecond of the due date (23:59:59.999 Almaty)', () => {
    const { stateAfter } = given(complaintRecorded()).when(forwardComplaint('2026-03-05T18:59:59.999Z'));
    expect(deadlineOf(stateAfter, 'forward_or_satisfy')).toMatchObject({ status: 'met' });
  });

  it('does not meet forward_or_satisfy with a forwarding after the due date: it is then marked missed', () => {
    const late = given(complaintRecorded()).when(forwardComplaint('2026-03-05T19:00:00.000Z'));
    late.thenEvents([complaintForwarded('2026-03-05T19:00:00.000Z')]);
    expect(deadlineOf(late.stateAfter, 'forward_or_satisfy')).toMatchObject({ status: 'pending' });
    given(complaintRecorded(), complaintForwarded('2026-03-05T19:00:00.000Z'))
      .when(markMissedDeadlines('2026-03-05T19:00:00.000Z'))
      .thenEvents([complaintDeadlineMissed('forward_or_satisfy', '2026-03-05')]);
  });

  it('lets a forwarding recorded late but made within the term meet the deadline', () => {
    const outcome = given(complaintRecorded()).when(
      forwardComplaint('2026-03-05T10:00:00.000Z', { at: instant('2026-03-06T10:00:00.000Z') }),
    );
    outcome.thenEvents([complaintForwarded('2026-03-05T10:00:00.000Z')]);
    expect(deadlineOf(outcome.stateAfter, 'forward_or_satisfy')).toMatchObject({ status: 'met' });
  });

  it('does not meet provider_consideration: forwarding is not a decision', () => {
    const { stateAfter } = given(complaintRecorded()).when(forwardComplaint('2026-03-03T09:00:00.000Z'));
    expect(deadlineOf(stateAfter, 'provider_consideration')).toMatchObject({ status: 'pending' });
  });

  it('moves the complaint to the forwarded stage', () => {
    const { stateAfter } = given(complaintRecorded()).when(forwardComplaint('2026-03-03T09:00:00.000Z'));
    expect(stateAfter).toMatchObject({
      stage: 'forwarded',
      forwarding: { to: 'higher_body', forwardedAt: '2026-03-03T09:00:00.000Z' },
    });
  });

  it('refuses to forward a complaint to the service provider: it is not a considering body', () => {
    given(complaintRecorded())
      .when(forwardComplaint('2026-03-03T09:00:00.000Z', { to: 'service_provider' }))
      .thenRefuses('not_a_considering_body', { to: 'service_provider' });
  });

  it('refuses to forward a complaint filed with the quality authority', () => {
    given(complaintRecorded({ filedWith: 'quality_authority', deadlines: [] }))
      .when(forwardComplaint('2026-03-03T09:00:00.000Z'))
      .thenRefuses('not_filed_with_service_provider');
  });

  it('refuses a second forwarding', () => {
    given(complaintRecorded(), complaintForwarded('2026-03-03T09:00:00.000Z', 'quality_authority'))
      .when(forwardComplaint('2026-03-04T09:00:00.000Z'))
      .thenRefuses('complaint_already_forwarded', { to: 'quality_authority' });
  });

  it('refuses a forwarding dated before the complaint was registered', () => {
    given(complaintRecorded())
      .when(forwardComplaint('2026-03-02T04:59:59.999Z'))
      .thenRefuses('invalid_chronology', { field: 'forwardedAt', notBefore: '2026-03-02T05:00:00.000Z' });
  });

  it('refuses a forwarding dated after the moment it is recorded', () => {
    given(complaintRecorded())
      .when(forwardComplaint('2026-03-04T09:00:00.000Z', { at: instant('2026-03-04T08:00:00.000Z') }))
      .thenRefuses('invalid_chronology', { field: 'forwardedAt', notAfter: '2026-03-04T08:00:00.000Z' });
  });

  it('refuses to forward a complaint that was never recorded', () => {
    given().when(forwardComplaint('2026-03-03T09:00:00.000Z')).thenRefuses('complaint_not_found');
  });

  it('may forward after the service provider decided (a partial decision does not end its duty)', () => {
    given(
      complaintRecorded(),
      complaintDecided('2026-03-03T09:00:00.000Z', { outcome: 'partially_satisfied' }),
    )
      .when(forwardComplaint('2026-03-04T09:00:00.000Z'))
      .thenEvents([complaintForwarded('2026-03-04T09:00:00.000Z')]);
  });
});
