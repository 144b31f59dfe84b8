import { CONSENT, E2eWorld, KEYS, useWorld } from '../../support/e2e-world';
import { sleep } from '../../support/events';

/**
 * Issue 9 item 6 (SPEC §5): an auditor searching the trail by a citizen's IIN or number sees every
 * event of that citizen's requests, the failed attempts and the expiry included.
 */
describe("an auditor's search finds every event of a request", () => {
  const world = useWorld({ sweepIntervalMs: 50 });

  async function auditedTypes(query: string): Promise<string[]> {
    const w = world();
    await w.settled();
    const answer = await w.app.call('GET', `/v1/audit/events?${query}&limit=1000`, { key: KEYS.auditor });
    expect(answer.status).toBe(200);
    return (answer.body.records as Array<{ type: string }>).map((r) => r.type);
  }

  it('finds the failed attempts and the expiry of a request by its IIN and by its number', async () => {
    const w = world();
    const iin = w.citizen();
    const phone = w.phone();
    const created = await w.requestOtp(KEYS.portal, { iin, phone, purpose: 'connect', consent: CONSENT });
    expect(created.status).toBe(201);
    const requestId = created.body.requestId as string;
    const otp = await w.otpFor(requestId);
    const failed = await w.confirm(KEYS.portal, requestId, { otp: E2eWorld.wrongCode(otp) });
    expect(failed.status).toBe(422);

    w.clock.advanceSeconds(601);
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await sleep(50)) {
      if ((await w.requestEventTypes(requestId)).includes('RequestExpired')) break;
    }
    expect(await w.requestEventTypes(requestId)).toContain('RequestExpired');

    const expected = ['ConsentRecorded', 'OtpIssued', 'OtpConfirmationFailed', 'RequestExpired'];
    expect(await auditedTypes(`iin=${iin}`)).toEqual(expect.arrayContaining(expected));
    expect(await auditedTypes(`phone=${encodeURIComponent(phone)}`)).toEqual(
      expect.arrayContaining(expected),
    );
  });
});
