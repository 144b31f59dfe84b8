import {
  complaintDecided,
  complaintForwarded,
  complaintRecorded,
  complaintRegistered,
  deadline,
  deadlineOf,
  decideComplaint,
  given,
} from './complaint-cases';

describe('deciding on a complaint (Rules §10, SPEC R19-R21)', () => {
  it('meets forward_or_satisfy, without forwarding, when the service provider fully satisfies the complaint within 3 working days', () => {
    const outcome = given(complaintRecorded()).when(
      decideComplaint('2026-03-05T12:00:00.000Z', { outcome: 'satisfied' }),
    );
    outcome.thenEvents([complaintDecided('2026-03-05T12:00:00.000Z', { outcome: 'satisfied' })]);
    expect(deadlineOf(outcome.stateAfter, 'forward_or_satisfy')).toMatchObject({
      status: 'met',
      metAt: '2026-03-05T12:00:00.000Z',
      metBy: 'ComplaintDecided',
    });
  });

  it('does not meet forward_or_satisfy with a partially satisfying decision', () => {
    const { stateAfter } = given(complaintRecorded()).when(
      decideComplaint('2026-03-04T12:00:00.000Z', { outcome: 'partially_satisfied' }),
    );
    expect(deadlineOf(stateAfter, 'forward_or_satisfy')).toMatchObject({ status: 'pending' });
  });

  it('does not meet forward_or_satisfy with a rejection', () => {
    const { stateAfter } = given(complaintRecorded()).when(decideComplaint('2026-03-04T12:00:00.000Z'));
    expect(deadlineOf(stateAfter, 'forward_or_satisfy')).toMatchObject({ status: 'pending' });
  });

  it('does not meet forward_or_satisfy with a satisfying decision after the 3 working days', () => {
    const outcome = given(complaintRecorded()).when(
      decideComplaint('2026-03-06T09:00:00.000Z', { outcome: 'satisfied' }),
    );
    outcome.thenEvents([complaintDecided('2026-03-06T09:00:00.000Z', { outcome: 'satisfied' })]);
    expect(deadlineOf(outcome.stateAfter, 'forward_or_satisfy')).toMatchObject({ status: 'pending' });
    expect(deadlineOf(outcome.stateAfter, 'provider_consideration')).toMatchObject({
      status: 'met',
      metBy: 'ComplaintDecided',
    });
  });

  it('meets provider_consideration with any decision within 5 working days', () => {
    const { stateAfter } = given(complaintRecorded()).when(decideComplaint('2026-03-10T18:59:59.999Z'));
    expect(deadlineOf(stateAfter, 'provider_consideration')).toMatchObject({
      status: 'met',
      metAt: '2026-03-10T18:59:59.999Z',
      metBy: 'ComplaintDecided',
    });
  });

  it('meets provider_consideration with the higher body’s decision on a forwarded complaint', () => {
    const { stateAfter } = given(complaintRecorded(), complaintForwarded('2026-03-03T09:00:00.000Z')).when(
      decideComplaint('2026-03-06T09:00:00.000Z', { by: 'higher_body' }),
    );
    expect(deadlineOf(stateAfter, 'provider_consideration')).toMatchObject({ status: 'met' });
  });

  it('meets authority_consideration with the quality authority’s decision within 15 working days', () => {
    const registered = complaintRegistered('2026-03-10T06:00:00.000Z', {
      deadlines: [deadline('authority_consideration', '2026-04-03')],
    });
    const { stateAfter } = given(complaintRecorded(), registered).when(
      decideComplaint('2026-04-03T10:00:00.000Z', { by: 'quality_authority' }),
    );
    expect(deadlineOf(stateAfter, 'authority_consideration')).toMatchObject({
      status: 'met',
      metAt: '2026-04-03T10:00:00.000Z',
      metBy: 'ComplaintDecided',
    });
  });

  it('does not meet authority_consideration with another body’s decision', () => {
    const recorded = complaintRecorded({
      filedWith: 'quality_authority',
      deadlines: [deadline('authority_consideration', '2026-03-27')],
    });
    const registeredAtHigherBody = complaintRegistered('2026-03-03T06:00:00.000Z', { body: 'higher_body' });
    const { stateAfter } = given(recorded, registeredAtHigherBody).when(
      decideComplaint('2026-03-04T10:00:00.000Z', { by: 'higher_body' }),
    );
    expect(deadlineOf(stateAfter, 'authority_consideration')).toMatchObject({ status: 'pending' });
  });

  it('moves the complaint to the decided stage and keeps the decision', () => {
    const { stateAfter } = given(complaintRecorded()).when(decideComplaint('2026-03-04T12:00:00.000Z'));
    expect(stateAfter).toMatchObject({
      stage: 'decided',
      decisions: [{ by: 'service_provider', outcome: 'rejected', decidedAt: '2026-03-04T12:00:00.000Z' }],
    });
  });

  it('refuses a second decision by the same body', () => {
    given(complaintRecorded(), complaintDecided('2026-03-03T09:00:00.000Z'))
      .when(decideComplaint('2026-03-04T09:00:00.000Z', { outcome: 'satisfied' }))
      .thenRecordsAndRefuses([], 'complaint_already_decided', { by: 'service_provider' });
  });

  it('accepts a decision by the body the complaint was forwarded to after the service provider decided', () => {
    given(
      complaintRecorded(),
      complaintDecided('2026-03-03T09:00:00.000Z', { outcome: 'partially_satisfied' }),
      complaintForwarded('2026-03-04T09:00:00.000Z'),
    )
      .when(decideComplaint('2026-03-05T09:00:00.000Z', { by: 'higher_body', outcome: 'satisfied' }))
      .thenEvents([
        complaintDecided('2026-03-05T09:00:00.000Z', { by: 'higher_body', outcome: 'satisfied' }),
      ]);
  });

  it('refuses a decision by a body the complaint never reached', () => {
    given(complaintRecorded())
      .when(decideComplaint('2026-03-04T09:00:00.000Z', { by: 'quality_authority' }))
      .thenRefuses('complaint_not_with_body', { by: 'quality_authority' });
  });

  it('refuses a decision dated before the complaint reached the deciding body', () => {
    given(complaintRecorded(), complaintForwarded('2026-03-04T09:00:00.000Z'))
      .when(decideComplaint('2026-03-03T09:00:00.000Z', { by: 'higher_body' }))
      .thenRefuses('invalid_chronology', { field: 'decidedAt', notBefore: '2026-03-04T09:00:00.000Z' });
  });

  it('refuses a decision dated before the complaint was registered', () => {
    given(complaintRecorded())
      .when(decideComplaint('2026-03-01T09:00:00.000Z'))
      .thenRefuses('invalid_chronology', { field: 'decidedAt', notBefore: '2026-03-02T05:00:00.000Z' });
  });

  it('refuses a decision on a complaint that was never recorded', () => {
    given().when(decideComplaint('2026-03-04T09:00:00.000Z')).thenRefuses('complaint_not_found');
  });
});
