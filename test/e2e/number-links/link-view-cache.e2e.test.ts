import { CONSENT, KEYS, useWorld } from '../../support/e2e-world';

/**
 * Issue 11 item 7: `GET /v1/number-links/{iin}` answers from memory in the instance that runs the
 * number-links projection, and still never trails the view, nor skips the record of an auditor's read.
 */
describe('number links read from memory', () => {
  const world = useWorld();

  it("records an auditor's every read as PersonalDataRead, also when the view comes from memory", async () => {
    const w = world();
    const iin = w.citizen();
    await w.connect({ iin, phone: w.phone() });
    expect((await w.link(iin)).status).toBe(200);
    const hits = w.app.runtime.linkViews.stats.hits;

    expect((await w.link(iin, KEYS.auditor)).status).toBe(200);
    expect((await w.link(iin, KEYS.auditor)).status).toBe(200);

    expect(w.app.runtime.linkViews.stats.hits).toBe(hits + 2);
    const reads = (await w.events('data-access-auditor'))
      .filter((e) => e.type === 'PersonalDataRead')
      .map((e) => e.data as Record<string, unknown>)
      .filter((read) => read.iin === iin);
    expect(reads).toEqual([
      expect.objectContaining({ readBy: 'auditor', query: 'GET /v1/number-links/:iin', iin }),
      expect.objectContaining({ readBy: 'auditor', query: 'GET /v1/number-links/:iin', iin }),
    ]);
  });

  it('answers the new number as soon as the projection has applied the change (Rules §8)', async () => {
    const w = world();
    const iin = w.citizen();
    const first = w.phone();
    await w.connect({ iin, phone: first });
    expect((await w.link(iin)).body.phone).toBe(first);
    expect((await w.link(iin)).body.phone).toBe(first);
    w.clock.advanceSeconds(60);
    const second = w.phone();
    const change = await w.requestOtp(KEYS.portal, {
      iin,
      phone: second,
      purpose: 'change',
      consent: CONSENT,
    });
    await w.confirm(KEYS.portal, change.body.requestId, {
      otp: await w.otpFor(change.body.requestId),
      signature: await w.signFor(iin, change.body.dataToSign),
    });

    expect((await w.link(iin)).body.phone).toBe(second);
  });
});
