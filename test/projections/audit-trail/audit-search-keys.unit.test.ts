import fc from 'fast-check';
import { auditSearchKeys } from '../../../src/projections/audit-trail/audit-search-keys';

describe('the search keys of an audit record', () => {
  it("takes the account from a number link's stream", () => {
    expect(auditSearchKeys('number-link-900101300001', {})).toEqual({
      iins: ['900101300001'],
      phones: [],
      complaintId: null,
    });
  });

  it("takes the number from a phone holder's stream, and both accounts of a claim", () => {
    expect(
      auditSearchKeys('phone-holder-+77011110001', {
        phone: '+77011110001',
        iin: '850202400002',
        previousIin: '900101300001',
      }),
    ).toEqual({ iins: ['850202400002', '900101300001'], phones: ['+77011110001'], complaintId: null });
  });

  it('takes the complaint from its stream and its data', () => {
    expect(auditSearchKeys('complaint-c1', { complaintId: 'c1', iin: '900101300001' })).toEqual({
      iins: ['900101300001'],
      phones: [],
      complaintId: 'c1',
    });
  });

  it('takes both numbers of a change', () => {
    expect(
      auditSearchKeys('number-link-900101300001', {
        iin: '900101300001',
        from: '+77011110001',
        to: '+77011110003',
      }).phones,
    ).toEqual(['+77011110001', '+77011110003']);
  });

  it("does not take a complaint's forwarding body for a number", () => {
    expect(auditSearchKeys('complaint-c1', { complaintId: 'c1', to: 'higher_body' }).phones).toEqual([]);
  });

  it("takes the account and number of a request from its data, not from its stream's name", () => {
    expect(
      auditSearchKeys('number-request-r1', { requestId: 'r1', iin: '900101300001', phone: '+77011110001' }),
    ).toEqual({
      iins: ['900101300001'],
      phones: ['+77011110001'],
      complaintId: null,
    });
  });

  it('finds nothing in data that is not an object, or in unknown streams', () => {
    expect(auditSearchKeys('calendar-2026', null)).toEqual({ iins: [], phones: [], complaintId: null });
    expect(auditSearchKeys('other', [1, 2])).toEqual({ iins: [], phones: [], complaintId: null });
    expect(auditSearchKeys('other', { iin: 12, phone: null, complaintId: 3 })).toEqual({
      iins: [],
      phones: [],
      complaintId: null,
    });
  });

  it('never repeats a key, for any data', () => {
    fc.assert(
      fc.property(fc.string(), fc.jsonValue(), (streamId, data) => {
        const keys = auditSearchKeys(streamId, data);
        expect(new Set(keys.iins).size).toBe(keys.iins.length);
        expect(new Set(keys.phones).size).toBe(keys.phones.length);
        expect(keys.iins).not.toContain('');
        expect(keys.complaintId).not.toBe('');
      }),
    );
  });
});
