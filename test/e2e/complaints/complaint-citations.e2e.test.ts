import { KEYS, expectRefusal, useWorld } from '../../support/e2e-world';

/**
 * Issue 9 item 5 (SPEC R18, R22, §4): a complaint cites only a request of its own citizen (a channel,
 * only its own request), and a channel's complaint is registered when received. The world's clock
 * stands at Monday 2 March 2026, 14:00 Almaty.
 */
describe('what a complaint may cite and which receipt date it gets, over HTTP', () => {
  const world = useWorld();

  const portalRequest = () => world().openPortalRequest();

  const complaint = (overrides: Record<string, unknown>) => ({
    filedWith: 'service_provider',
    subject: 'No one-time password arrived',
    text: 'I asked three times and no SMS came.',
    ...overrides,
  });

  const file = (key: string, body: Record<string, unknown>) =>
    world().app.call('POST', '/v1/complaints', { key, body: complaint(body) });

  async function complaintEventCount(): Promise<number> {
    return (await world().events()).filter((e) => e.type === 'ComplaintRecorded').length;
  }

  it("refuses a channel citing another channel's request (422 request_not_citable), recording nothing", async () => {
    const { iin, requestId } = await portalRequest();
    const before = await complaintEventCount();
    expectRefusal(await file(KEYS.mobile, { iin, requestId }), 422, 'request_not_citable');
    expect(await complaintEventCount()).toBe(before);
  });

  it("refuses a complaint citing a request under another citizen's IIN, even from a reviewer", async () => {
    const { requestId } = await portalRequest();
    const other = world().citizen();
    expectRefusal(await file(KEYS.portal, { iin: other, requestId }), 422, 'request_not_citable');
    expectRefusal(await file(KEYS.reviewer, { iin: other, requestId }), 422, 'request_not_citable');
  });

  it('refuses a complaint citing a request that does not exist', async () => {
    const iin = world().citizen();
    const requestId = '7d0c2c2e-5a55-4c8e-9c0a-1f3c1b6f0a01';
    expectRefusal(await file(KEYS.reviewer, { iin, requestId }), 422, 'request_not_citable');
  });

  it("records a channel's complaint citing its own request, registered when received", async () => {
    const { iin, requestId } = await portalRequest();
    const filed = await file(KEYS.portal, { iin, requestId });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ requestId, registeredAt: world().clock.now() });
    // A reviewer may cite any channel's request of the complaint's citizen.
    expect((await file(KEYS.reviewer, { iin, requestId })).status).toBe(201);
  });

  it('refuses a receipt date from a channel: it cannot backdate its deadlines', async () => {
    const iin = world().citizen();
    const before = await complaintEventCount();
    const backdated = await file(KEYS.portal, { iin, registeredAt: '2024-01-10T10:00:00+05:00' });
    expectRefusal(backdated, 422, 'receipt_date_not_allowed');
    expect(await complaintEventCount()).toBe(before);
  });

  it('lets a reviewer record a paper complaint received since 1 January of the previous year, not before', async () => {
    const iin = world().citizen();
    const paper = await file(KEYS.reviewer, { iin, registeredAt: '2025-01-01T00:00:00+05:00' });
    expect(paper.status).toBe(201);
    expect(paper.body.registeredAt).toBe('2024-12-31T19:00:00.000Z');
    const tooEarly = await file(KEYS.reviewer, { iin, registeredAt: '2024-12-31T23:59:59+05:00' });
    expectRefusal(tooEarly, 422, 'receipt_date_too_early');
    expect(tooEarly.body.error.details).toEqual({
      field: 'registeredAt',
      notBefore: '2024-12-31T19:00:00.000Z',
    });
    const future = await file(KEYS.reviewer, { iin, registeredAt: '2026-03-03T10:00:00+05:00' });
    expectRefusal(future, 400, 'validation_failed');
  });
});
