import {
  appealToCourt,
  complaintAppealedToCourt,
  complaintDecided,
  complaintForwarded,
  complaintRecorded,
  given,
} from './complaint-cases';

describe('appealing to the court (Rules §10: after the pre-trial appeal; SPEC R21)', () => {
  it('refuses a court appeal before any decision on the complaint', () => {
    given(complaintRecorded(), complaintForwarded('2026-03-03T09:00:00.000Z'))
      .when(appealToCourt('2026-03-20T09:00:00.000Z'))
      .thenRecordsAndRefuses([], 'court_appeal_premature');
  });

  it('accepts a court appeal after a decision on the complaint', () => {
    const outcome = given(complaintRecorded(), complaintDecided('2026-03-04T09:00:00.000Z')).when(
      appealToCourt('2026-03-20T09:00:00.000Z'),
    );
    outcome.thenEvents([complaintAppealedToCourt('2026-03-20T09:00:00.000Z')]);
    expect(outcome.stateAfter).toMatchObject({
      stage: 'appealed_to_court',
      appealedToCourtAt: '2026-03-20T09:00:00.000Z',
    });
  });

  it('refuses a court appeal dated before the decision', () => {
    given(complaintRecorded(), complaintDecided('2026-03-04T09:00:00.000Z'))
      .when(appealToCourt('2026-03-04T08:59:59.999Z'))
      .thenRefuses('court_appeal_premature');
  });

  it('refuses a second court appeal', () => {
    given(
      complaintRecorded(),
      complaintDecided('2026-03-04T09:00:00.000Z'),
      complaintAppealedToCourt('2026-03-20T09:00:00.000Z'),
    )
      .when(appealToCourt('2026-03-21T09:00:00.000Z'))
      .thenRefuses('complaint_already_appealed_to_court');
  });

  it('refuses a court appeal on a complaint that was never recorded', () => {
    given().when(appealToCourt('2026-03-20T09:00:00.000Z')).thenRefuses('complaint_not_found');
  });
});
