import { CONSENT, KEYS, expectRefusal, useWorld } from '../../support/e2e-world';
import { testDatabaseKinds } from '../../support/test-databases';

// SPEC R14, with limits set small through the environment (SPEC §6).
describe.each(testDatabaseKinds)('limits on one-time passwords over HTTP on $name', (kind) => {
  const world = useWorld({
    kind,
    env: {
      NUMLINK_OTP_MAX_SENDS_PER_PHONE_PER_HOUR: '2',
      NUMLINK_MAX_REQUESTS_PER_IIN_PER_DAY: '3',
    },
  });

  it('sends at most N codes to one number per hour (429 rate_limited, Retry-After), then again the next hour', async () => {
    const w = world();
    const phone = w.phone();
    const ask = (iin: string) =>
      w.requestOtp(KEYS.mobile, { iin, phone, purpose: 'connect', consent: CONSENT });
    expect((await ask(w.citizen())).status).toBe(201);
    expect((await ask(w.citizen())).status).toBe(201);

    const third = await ask(w.citizen());
    expectRefusal(third, 429, 'rate_limited');
    const retryAfter = Number(third.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    await w.settled();
    const sent = (await w.events()).filter(
      (e) => e.type === 'OtpIssued' && (e.data as { phone: string }).phone === phone,
    );
    expect(sent).toHaveLength(2);

    w.clock.advanceSeconds(retryAfter);
    expect((await ask(w.citizen())).status).toBe(201);
  });

  it('counts resends against the number too', async () => {
    const w = world();
    const phone = w.phone();
    const created = await w.requestOtp(KEYS.mobile, {
      iin: w.citizen(),
      phone,
      purpose: 'connect',
      consent: CONSENT,
    });
    w.clock.advanceSeconds(60);
    expect((await w.resend(KEYS.mobile, created.body.requestId)).status).toBe(202);
    w.clock.advanceSeconds(60);
    const third = await w.resend(KEYS.mobile, created.body.requestId);
    expectRefusal(third, 429, 'rate_limited');
    expect(third.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('opens at most N requests per IIN per day (429 rate_limited, Retry-After)', async () => {
    const w = world();
    const iin = w.citizen();
    const ask = () =>
      w.requestOtp(KEYS.portal, { iin, phone: w.phone(), purpose: 'connect', consent: CONSENT });
    for (let i = 0; i < 3; i++) expect((await ask()).status).toBe(201);
    const fourth = await ask();
    expectRefusal(fourth, 429, 'rate_limited');
    const retryAfter = Number(fourth.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(24 * 3600);
    // Another citizen is not held back by this one's limit.
    expect(
      (
        await w.requestOtp(KEYS.portal, {
          iin: w.citizen(),
          phone: w.phone(),
          purpose: 'connect',
          consent: CONSENT,
        })
      ).status,
    ).toBe(201);
  });

  it('does not count a refused request (nothing sent) against the limits', async () => {
    const w = world();
    const iin = w.citizen();
    const phone = w.phone();
    for (let i = 0; i < 4; i++) {
      const refused = await w.requestOtp(KEYS.portal, { iin, phone, purpose: 'connect' });
      expectRefusal(refused, 422, 'consent_missing');
    }
    expect(
      (await w.requestOtp(KEYS.portal, { iin, phone, purpose: 'connect', consent: CONSENT })).status,
    ).toBe(201);
  });
});
