import { CONSENT, KEYS, useWorld } from '../../support/e2e-world';

/**
 * SPEC §4, issue 9 item 3: an `Idempotency-Key` names one operation of one principal on one resource.
 * The same key sent on another request or complaint is another operation: it is done, not answered
 * with the first resource's answer.
 */
describe('an Idempotency-Key is scoped to the resource it was used on', () => {
  const world = useWorld({ env: { NUMLINK_OTP_RESEND_COOLDOWN_SECONDS: '0' } });

  async function openRequest(): Promise<string> {
    const w = world();
    const created = await w.requestOtp(KEYS.portal, {
      iin: w.citizen(),
      phone: w.phone(),
      purpose: 'connect',
      consent: CONSENT,
    });
    expect(created.status).toBe(201);
    return created.body.requestId as string;
  }

  const resend = (requestId: string, key: string) =>
    world().app.call('POST', `/v1/number-requests/${requestId}/otp`, {
      key: KEYS.portal,
      body: {},
      headers: { 'idempotency-key': key },
    });

  it('resends a code for request B under the key first used for request A (Rules §9)', async () => {
    const w = world();
    const [a, b] = [await openRequest(), await openRequest()];
    const key = `resend-${a}`;
    expect((await resend(a, key)).status).toBe(202);
    const onB = await resend(b, key);
    expect(onB.status).toBe(202);
    expect(await w.smsFor(a)).toBe(2);
    expect(await w.smsFor(b)).toBe(2);
    expect((await w.requestEventTypes(b)).filter((type) => type === 'OtpIssued')).toHaveLength(2);
  });

  it('still answers a retry on the same request with the first answer and sends no SMS', async () => {
    const w = world();
    const a = await openRequest();
    const key = `retry-${a}`;
    const first = await resend(a, key);
    const retry = await resend(a, key);
    expect([first.status, retry.status]).toEqual([202, 202]);
    expect(retry.body).toEqual(first.body);
    expect(await w.smsFor(a)).toBe(2);
  });

  it('moves complaint B to its next stage under the key first used for complaint A (Rules §10)', async () => {
    const w = world();
    const file = async () => {
      const filed = await w.app.call('POST', '/v1/complaints', {
        key: KEYS.reviewer,
        body: { iin: w.citizen(), filedWith: 'service_provider', subject: 'No SMS', text: 'None came.' },
      });
      expect(filed.status).toBe(201);
      return filed.body.complaintId as string;
    };
    const [a, b] = [await file(), await file()];
    const forward = (id: string) =>
      w.app.call('POST', `/v1/complaints/${id}/forwarding`, {
        key: KEYS.reviewer,
        body: { to: 'quality_authority' },
        headers: { 'idempotency-key': 'forward-1' },
      });
    const onA = await forward(a);
    const onB = await forward(b);
    expect(onA.status).toBe(200);
    expect(onB.status).toBe(200);
    expect(onB.body).toMatchObject({ complaintId: b });
    const seen = await w.app.call('GET', `/v1/complaints/${b}`, { key: KEYS.reviewer });
    expect(seen.body.stage).toBe('forwarded');
    expect((await w.events(`complaint-${b}`)).map((event) => event.type)).toContain('ComplaintForwarded');
  });
});
