import { KnownRequests, type RequestParties } from '../../src/application/known-requests';
import { parseIin } from '../../src/domain/shared/iin';
import { parseMsisdn } from '../../src/domain/shared/msisdn';

function valid<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(`fixture invalid: ${String(result.error)}`);
  return result.value;
}

const citizen: RequestParties = {
  iin: valid(parseIin('850315401211')),
  phone: valid(parseMsisdn('+77011234567')),
};

describe('the parties of the requests this process knows', () => {
  it('forgets the request remembered longest ago once it knows 20,000', () => {
    const known = new KnownRequests();
    for (let i = 0; i <= 20_000; i++) known.remember(`request-${i}`, citizen);
    expect(known.partiesOf('request-0')).toBeUndefined();
    expect(known.partiesOf('request-1')).toEqual(citizen);
    expect(known.partiesOf('request-20000')).toEqual(citizen);
  });

  it('keeps the parties a request was opened with: they never change', () => {
    const known = new KnownRequests();
    known.remember('request-1', citizen);
    known.remember('request-1', { ...citizen, phone: valid(parseMsisdn('+77017654321')) });
    expect(known.partiesOf('request-1')).toEqual(citizen);
  });
});

describe('the streams a request was opened on, remembered for its confirmation', () => {
  const streams = new Map([
    ['number-request-request-1', [{ eventId: 'e-1', type: 'OtpIssued', data: {}, revision: 1n }]],
  ]);

  it('hands them out once: a confirmation deciding again after a conflict reads the store', () => {
    const known = new KnownRequests();
    known.rememberOpened('request-1', citizen, streams);
    expect(known.takeOpenedStreams('request-1')).toBe(streams);
    expect(known.takeOpenedStreams('request-1')).toBeUndefined();
    // The parties stay known: the next confirmation reads the three streams in one statement.
    expect(known.partiesOf('request-1')).toEqual(citizen);
  });

  it('forgets them when the request moves here (a resend)', () => {
    const known = new KnownRequests();
    known.rememberOpened('request-1', citizen, streams);
    known.forgetOpenedStreams('request-1');
    expect(known.takeOpenedStreams('request-1')).toBeUndefined();
  });

  it('keeps those of the 4,096 requests opened last', () => {
    const known = new KnownRequests();
    for (let i = 0; i <= 4_096; i++) known.rememberOpened(`request-${i}`, citizen, streams);
    expect(known.takeOpenedStreams('request-0')).toBeUndefined();
    expect(known.takeOpenedStreams('request-1')).toBe(streams);
    expect(known.partiesOf('request-0')).toEqual(citizen);
  });
});
