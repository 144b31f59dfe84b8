import type { AuditRecord } from '../../../src/projections/audit-trail/audit-record';
import {
  auditCursor,
  findAuditRecords,
  type AuditRecordPage,
  type AuditRecordQuery,
} from '../../../src/projections/audit-trail/audit-queries';
import { sleep } from '../../support/events';
import { testDatabaseKinds } from '../../support/test-databases';
import {
  auditedEvent,
  openAuditTrailWorld,
  recordSampleHistory,
  type AuditTrailWorld,
} from './audit-trail-fixture';
import { readRecords } from './audit-tampering';

describe.each(testDatabaseKinds)('finding audit records on $name', (kind) => {
  let world: AuditTrailWorld;
  beforeEach(async () => {
    world = await openAuditTrailWorld(kind);
    await recordSampleHistory(world);
  });
  afterEach(async () => {
    await world.dispose();
  });

  async function find(query: Omit<AuditRecordQuery, 'limit'> & { limit?: number }): Promise<AuditRecordPage> {
    const result = await findAuditRecords(world.db, { limit: 100, ...query });
    if (!result.ok) throw new Error(result.error);
    return result.value;
  }
  const summary = (page: AuditRecordPage) => page.records.map((r) => `${r.position} ${r.type}`);

  it("finds an account's records: its requests, its link, its complaint, and the claim that took its number", async () => {
    expect(summary(await find({ iin: '900101300001' }))).toEqual([
      '1 OtpIssued',
      '2 NumberConfirmed',
      '3 NumberClaimed',
      '4 NumberConnected',
      '6 NumberChanged',
      '7 NumberClaimed',
      '8 ComplaintRecorded',
    ]);
  });

  it("finds a number's records, including the change away from it", async () => {
    expect(summary(await find({ phone: '+77011110001' }))).toEqual([
      '1 OtpIssued',
      '2 NumberConfirmed',
      '3 NumberClaimed',
      '4 NumberConnected',
      '6 NumberChanged',
      '7 NumberClaimed',
    ]);
    expect(summary(await find({ phone: '+77011110003' }))).toEqual(['6 NumberChanged']);
  });

  it("finds a complaint's records", async () => {
    expect(summary(await find({ complaintId: 'c1' }))).toEqual([
      '8 ComplaintRecorded',
      '9 ComplaintForwarded',
    ]);
  });

  it('combines filters: all must hold', async () => {
    expect(summary(await find({ iin: '850202400002', phone: '+77011110004' }))).toEqual(['10 OtpIssued']);
    expect(summary(await find({ iin: '850202400002', complaintId: 'c1' }))).toEqual([]);
  });

  it("finds a request's failures and expiry recorded before they named the citizen, through the request's stream", async () => {
    // Issue 9 item 6: events of schema 1 name neither IIN nor number; their request's other events do.
    await world.record(
      'number-request-r20',
      auditedEvent('ConsentRecorded', { requestId: 'r20', iin: '900101300020' }),
      auditedEvent('OtpIssued', { requestId: 'r20', iin: '900101300020', phone: '+77011110020' }),
      auditedEvent('OtpConfirmationFailed', { requestId: 'r20', code: 'otp_invalid', attemptsLeft: 4 }),
      auditedEvent('RequestExpired', { requestId: 'r20' }),
    );
    await world.record(
      'number-request-r21',
      auditedEvent('OtpIssued', { requestId: 'r21', iin: '850202400021', phone: '+77011110021' }),
      auditedEvent('OtpConfirmationFailed', { requestId: 'r21', code: 'otp_invalid', attemptsLeft: 4 }),
    );
    const r20 = ['ConsentRecorded', 'OtpIssued', 'OtpConfirmationFailed', 'RequestExpired'];
    const types = (page: AuditRecordPage) => page.records.map((r) => r.type);
    expect(types(await find({ iin: '900101300020' }))).toEqual(r20);
    expect(types(await find({ phone: '+77011110020' }))).toEqual(r20);
    expect(types(await find({ iin: '900101300020', phone: '+77011110020' }))).toEqual(r20);
    expect(types(await find({ iin: '850202400021' }))).toEqual(['OtpIssued', 'OtpConfirmationFailed']);
  });

  it("does not widen a search to other streams that name the citizen once (a reader's reads)", async () => {
    await world.record(
      'data-access-auditor-1',
      auditedEvent('PersonalDataRead', { readBy: 'auditor-1', iin: '900101300030' }),
      auditedEvent('PersonalDataRead', { readBy: 'auditor-1', iin: '850202400031' }),
    );
    expect((await find({ iin: '900101300030' })).records.map((r) => r.data)).toEqual([
      { readBy: 'auditor-1', iin: '900101300030' },
    ]);
  });

  it('finds the records of a span of time, both ends included', async () => {
    await sleep(5);
    await world.record('number-request-r7', auditedEvent('OtpIssued', { requestId: 'r7' }));
    await sleep(5);
    await world.record('number-request-r8', auditedEvent('OtpIssued', { requestId: 'r8' }));
    await sleep(5);
    await world.record('number-request-r9', auditedEvent('OtpIssued', { requestId: 'r9' }));
    const all = await readRecords(world.db);
    const [r7, r8, r9] = all.slice(-3) as [AuditRecord, AuditRecord, AuditRecord];
    expect(summary(await find({ from: r7.recordedAt, to: r8.recordedAt }))).toEqual([
      '11 OtpIssued',
      '12 OtpIssued',
    ]);
    expect(summary(await find({ from: r9.recordedAt }))).toEqual(['13 OtpIssued']);
    expect((await find({ to: r7.recordedAt })).records.map((r) => r.position)).toEqual(
      all.filter((r) => r.recordedAt <= r7.recordedAt).map((r) => r.position),
    );
  });

  it('shows each record as the API does, its chain links included', async () => {
    const [record] = (await find({ complaintId: 'c1', limit: 1 })).records;
    expect(record).toEqual({
      position: 8,
      eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      recordedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      type: 'ComplaintRecorded',
      streamId: 'complaint-c1',
      actor: { principal: 'portal', role: 'channel:portal', channel: 'portal' },
      correlationId: expect.any(String),
      causationId: expect.any(String),
      data: { complaintId: 'c1', iin: '900101300001', subject: 'slow' },
      prevHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('pages with a cursor until the last page, which has none', async () => {
    const first = await find({ iin: '900101300001', limit: 3 });
    expect(summary(first)).toEqual(['1 OtpIssued', '2 NumberConfirmed', '3 NumberClaimed']);
    expect(first.nextCursor).toBe(auditCursor(3));
    const second = await find({ iin: '900101300001', limit: 3, cursor: first.nextCursor! });
    expect(summary(second)).toEqual(['4 NumberConnected', '6 NumberChanged', '7 NumberClaimed']);
    const third = await find({ iin: '900101300001', limit: 3, cursor: second.nextCursor! });
    expect(summary(third)).toEqual(['8 ComplaintRecorded']);
    expect(third.nextCursor).toBeNull();
  });

  it('gives no cursor when the page is exactly the rest', async () => {
    const page = await find({ complaintId: 'c1', limit: 2 });
    expect(page.records).toHaveLength(2);
    expect(page.nextCursor).toBeNull();
  });

  it.each(['', 'not-a-cursor', auditCursor(3) + 'x', Buffer.from('-1').toString('base64url')])(
    'refuses the cursor %j',
    async (cursor) => {
      expect(await findAuditRecords(world.db, { cursor, limit: 10 })).toEqual({
        ok: false,
        error: 'invalid_cursor',
      });
    },
  );
});
