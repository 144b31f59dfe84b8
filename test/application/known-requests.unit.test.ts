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
