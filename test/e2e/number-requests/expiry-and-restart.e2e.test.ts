import { CONSENT, E2eWorld, KEYS, useWorld } from '../../support/e2e-world';
import { sleep } from '../../support/events';
import { testDatabaseKinds } from '../../support/test-databases';

describe.each(testDatabaseKinds)('a request over time on $name', (kind) => {
  const world = useWorld({ kind, sweepIntervalMs: 50 });

  it('records RequestExpired by itself once the ten-minute term has passed (R10, Annex 3)', async () => {
    const w = world();
    const iin = w.citizen();
    const phone = w.phone();
    const created = await w.requestOtp(KEYS.mobile, { iin, phone, purpose: 'connect', consent: CONSENT });
    const { requestId, expiresAt } = created.body;
    await w.settled();
    await sleep(200);
    expect(await w.requestEventTypes(requestId)).toEqual(['ConsentRecorded', 'OtpIssued']);

    w.clock.advanceSeconds(601);
    let types: string[] = [];
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await sleep(50)) {
      types = await w.requestEventTypes(requestId);
      if (types.includes('RequestExpired')) break;
    }
    expect(types).toEqual(['ConsentRecorded', 'OtpIssued', 'RequestExpired']);
    const [expired] = (await w.events(`number-request-${requestId}`)).filter(
      (e) => e.type === 'RequestExpired',
    );
    expect(expired?.data).toEqual({ iin, phone, requestId, expiresAt, at: w.clock.now() });
    expect(expired?.metadata.actor).toMatchObject({ principal: 'numlink', role: 'system' });

    const view = await w.app.call('GET', `/v1/number-requests/${requestId}`, { key: KEYS.mobile });
    expect(view.body).toMatchObject({ requestId, status: 'expired' });
  });

  it('confirms with the code sent before the service restarted', async () => {
    const w = world();
    const iin = w.citizen();
    const phone = w.phone();
    const created = await w.requestOtp(KEYS.portal, { iin, phone, purpose: 'connect', consent: CONSENT });
    const otp = await w.otpFor(created.body.requestId);

    await w.restartApp();

    const confirmed = await w.confirm(KEYS.portal, created.body.requestId, {
      otp,
      signature: await w.signFor(iin, created.body.dataToSign),
    });
    expect(confirmed.status).toBe(200);
    expect((await w.link(iin)).body).toMatchObject({ iin, phone, channel: 'portal' });
    // The SMS dispatcher resumed from its checkpoint: the code was not sent twice.
    expect(await w.smsFor(created.body.requestId)).toBe(1);
  });

  it('writes no personal data to the logs: no IIN, no number, no code (R15)', async () => {
    const w = world();
    await w.restartApp(); // a log of this flow alone
    const iin = w.citizen();
    const phone = w.phone();
    const created = await w.requestOtp(KEYS.portal, { iin, phone, purpose: 'connect', consent: CONSENT });
    const otp = await w.otpFor(created.body.requestId);
    await w.confirm(KEYS.portal, created.body.requestId, { otp: E2eWorld.wrongCode(otp) });
    await w.confirm(KEYS.portal, created.body.requestId, {
      otp,
      signature: await w.signFor(iin, created.body.dataToSign),
    });
    expect((await w.link(iin)).status).toBe(200);
    expect((await w.linkByPhone(phone)).status).toBe(200);
    await w.requestOtp(KEYS.portal, { iin, phone: '+77172123456', purpose: 'connect', consent: CONSENT });

    const log = w.app.logLines.join('\n');
    expect(w.app.logLines.length).toBeGreaterThan(5);
    expect(log).toContain('"route":"/v1/number-links/:iin"');
    expect(log).not.toContain(iin);
    expect(log).not.toContain(phone.slice(1));
    expect(log).not.toContain(phone.slice(2));
    expect(log).not.toMatch(new RegExp(`(?<!\\d)${otp}(?!\\d)`));
  });
});
