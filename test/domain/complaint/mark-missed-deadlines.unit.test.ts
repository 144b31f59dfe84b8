import {
  complaintDecided,
  complaintDeadlineMissed,
  complaintForwarded,
  complaintRecorded,
  deadline,
  deadlineOf,
  given,
  markMissedDeadlines,
} from './complaint-cases';

describe('marking missed deadlines (SPEC R21, R22, §4)', () => {
  it('marks nothing while the due date has not ended (23:59:59.999 Almaty)', () => {
    given(complaintRecorded()).when(markMissedDeadlines('2026-03-05T18:59:59.999Z')).thenEvents([]);
  });

  it('marks forward_or_satisfy missed at 24:00 Almaty of its due date (19:00Z)', () => {
    const outcome = given(complaintRecorded()).when(markMissedDeadlines('2026-03-05T19:00:00.000Z'));
    outcome.thenEvents([complaintDeadlineMissed('forward_or_satisfy', '2026-03-05')]);
    expect(deadlineOf(outcome.stateAfter, 'forward_or_satisfy')).toEqual({
      ...deadline('forward_or_satisfy', '2026-03-05'),
      status: 'missed',
      missedAt: '2026-03-05T19:00:00.000Z',
    });
    expect(deadlineOf(outcome.stateAfter, 'provider_consideration')).toMatchObject({ status: 'pending' });
  });

  it('marks every pending deadline whose due date has ended', () => {
    given(complaintRecorded())
      .when(markMissedDeadlines('2026-03-11T00:00:00.000Z'))
      .thenEvents([
        complaintDeadlineMissed('forward_or_satisfy', '2026-03-05'),
        complaintDeadlineMissed('provider_consideration', '2026-03-10'),
      ]);
  });

  it('never marks a met deadline missed', () => {
    given(complaintRecorded(), complaintForwarded('2026-03-04T09:00:00.000Z'))
      .when(markMissedDeadlines('2026-04-30T00:00:00.000Z'))
      .thenEvents([complaintDeadlineMissed('provider_consideration', '2026-03-10')]);
  });

  it('keeps a met deadline met on replay even when a raced scheduler recorded it missed', () => {
    const { state } = given(
      complaintRecorded(),
      complaintForwarded('2026-03-04T09:00:00.000Z'),
      complaintDeadlineMissed('forward_or_satisfy', '2026-03-05'),
    );
    expect(deadlineOf(state, 'forward_or_satisfy')).toMatchObject({
      status: 'met',
      metBy: 'ComplaintForwarded',
    });
  });

  it('marks a deadline missed once only', () => {
    given(complaintRecorded(), complaintDeadlineMissed('forward_or_satisfy', '2026-03-05'))
      .when(markMissedDeadlines('2026-03-06T00:00:00.000Z'))
      .thenEvents([]);
  });

  it('leaves a missed deadline missed when a decision comes later', () => {
    const { stateAfter } = given(
      complaintRecorded(),
      complaintDeadlineMissed('forward_or_satisfy', '2026-03-05'),
      complaintDecided('2026-03-06T09:00:00.000Z', { outcome: 'satisfied' }),
    ).when(markMissedDeadlines('2026-03-06T10:00:00.000Z'));
    expect(deadlineOf(stateAfter, 'forward_or_satisfy')).toMatchObject({ status: 'missed' });
    expect(deadlineOf(stateAfter, 'provider_consideration')).toMatchObject({ status: 'met' });
  });

  it('marks the quality authority’s 15-day clock missed after its due date', () => {
    given(
      complaintRecorded({
        filedWith: 'quality_authority',
        deadlines: [deadline('authority_consideration', '2026-03-27')],
      }),
    )
      .when(markMissedDeadlines('2026-03-27T19:00:00.000Z'))
      .thenEvents([complaintDeadlineMissed('authority_consideration', '2026-03-27')]);
  });

  it('refuses to mark the deadlines of a complaint that was never recorded', () => {
    given().when(markMissedDeadlines('2026-03-06T00:00:00.000Z')).thenRefuses('complaint_not_found');
  });
});
