import type { CitedRequest, ComplaintRecorder } from '../../../src/domain/complaint/commands';
import type { Iin } from '../../../src/domain/shared/iin';
import { MONDAY_10_00, complaintRecorded, given, iin, instant, recordComplaint } from './complaint-cases';

const REQUEST_ID = '7d0c2c2e-5a55-4c8e-9c0a-1f3c1b6f0a01';
const portal: ComplaintRecorder = { role: 'channel', principal: 'portal' };
const reviewer: ComplaintRecorder = { role: 'reviewer', principal: 'reviewer' };
const portalsRequest: CitedRequest = { requestId: REQUEST_ID, iin, principal: 'portal' };

describe('a complaint cites a request of its own citizen (SPEC R18, issue 9 item 5)', () => {
  it('refuses a complaint citing a request that does not exist', () =>
    given()
      .when(recordComplaint({ requestId: REQUEST_ID }))
      .thenRecordsAndRefuses([], 'request_not_citable'));

  it("refuses a complaint citing a request under another citizen's IIN", () =>
    given()
      .when(
        recordComplaint({
          requestId: REQUEST_ID,
          citedRequest: { ...portalsRequest, iin: '850315401211' as Iin },
        }),
      )
      .thenRecordsAndRefuses([], 'request_not_citable'));

  it("refuses a channel citing another channel's request, even of the same citizen", () =>
    given()
      .when(
        recordComplaint({
          recordedBy: { role: 'channel', principal: 'egov-mobile' },
          registeredAt: undefined,
          requestId: REQUEST_ID,
          citedRequest: portalsRequest,
        }),
      )
      .thenRecordsAndRefuses([], 'request_not_citable'));

  it("lets a channel cite its own request of the complaint's citizen", () =>
    given()
      .when(
        recordComplaint({
          recordedBy: portal,
          registeredAt: undefined,
          requestId: REQUEST_ID,
          citedRequest: portalsRequest,
        }),
      )
      .thenEvents([complaintRecorded({ requestId: REQUEST_ID })]));

  it("lets a reviewer cite any channel's request of the complaint's citizen", () =>
    given()
      .when(recordComplaint({ recordedBy: reviewer, requestId: REQUEST_ID, citedRequest: portalsRequest }))
      .thenEvents([complaintRecorded({ requestId: REQUEST_ID })]));
});

describe("a complaint's date of receipt (SPEC R18, R22, issue 9 item 5)", () => {
  it("registers a channel's complaint when it is received, by the server's clock", () =>
    given()
      .when(recordComplaint({ recordedBy: portal, registeredAt: undefined, at: MONDAY_10_00 }))
      .thenEvents([complaintRecorded({ registeredAt: MONDAY_10_00 })]));

  it('refuses a receipt date sent by a channel: only reviewers record an earlier receipt', () =>
    given()
      .when(
        recordComplaint({
          recordedBy: portal,
          registeredAt: instant('2024-01-10T05:00:00.000Z'),
          at: MONDAY_10_00,
        }),
      )
      .thenRecordsAndRefuses([], 'receipt_date_not_allowed'));

  it('lets a reviewer record a paper complaint received on 1 January of the previous year (Almaty)', () => {
    // 00:00 on 1 January 2025 in Almaty is 19:00Z on 31 December 2024.
    const registeredAt = instant('2024-12-31T19:00:00.000Z');
    const { decision } = given().when(
      recordComplaint({ recordedBy: reviewer, registeredAt, at: MONDAY_10_00 }),
    );
    expect(decision).toMatchObject({ ok: true, events: [{ data: { registeredAt } }] });
  });

  it('refuses a receipt date before 1 January of the previous year', () =>
    given()
      .when(
        recordComplaint({
          recordedBy: reviewer,
          registeredAt: instant('2024-12-31T18:59:59.999Z'),
          at: MONDAY_10_00,
        }),
      )
      .thenRecordsAndRefuses([], 'receipt_date_too_early', {
        field: 'registeredAt',
        notBefore: instant('2024-12-31T19:00:00.000Z'),
      }));

  it('refuses a receipt date in the future, for reviewers too', () =>
    given()
      .when(
        recordComplaint({
          recordedBy: reviewer,
          registeredAt: instant('2026-03-02T05:00:00.001Z'),
          at: MONDAY_10_00,
        }),
      )
      .thenRefuses('invalid_chronology', { field: 'registeredAt', notAfter: MONDAY_10_00 }));
});
