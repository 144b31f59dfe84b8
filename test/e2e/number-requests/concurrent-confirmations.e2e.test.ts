import { CONSENT, E2eWorld, KEYS, expectRefusal, useWorld } from '../../support/e2e-world';
import type { TestResponse } from '../../support/test-app';
import { testDatabaseKinds } from '../../support/test-databases';

const CONCURRENT = 50;
/** Rounds of the R11 race; raise it (E2E_RACE_ROUNDS=60) to hunt interleavings on a real server. */
const RACE_ROUNDS = Number(process.env.E2E_RACE_ROUNDS ?? 4);

const codesOf = (responses: readonly TestResponse[]) =>
  responses.map((r) => `${r.status} ${r.status === 200 ? r.body.status : r.body?.error?.code}`);

const tally = (items: readonly string[]) =>
  items.reduce<Record<string, number>>(
    (counts, item) => ({ ...counts, [item]: (counts[item] ?? 0) + 1 }),
    {},
  );

describe.each(testDatabaseKinds)('confirmations racing each other on $name', (kind) => {
  const world = useWorld({ kind });

  async function openMobileRequest(iin: string, phone: string) {
    const w = world();
    const created = await w.requestOtp(KEYS.mobile, { iin, phone, purpose: 'connect', consent: CONSENT });
    expect(created.status).toBe(201);
    const requestId = created.body.requestId as string;
    return {
      requestId,
      otp: await w.otpFor(requestId),
      biometricToken: await w.biometricFor(iin, requestId),
    };
  }

  it(`gives exactly one success to ${CONCURRENT} concurrent right confirmations; the rest are request_completed`, async () => {
    const w = world();
    const iin = w.citizen();
    const phone = w.phone();
    const { requestId, otp, biometricToken } = await openMobileRequest(iin, phone);

    const responses = await Promise.all(
      Array.from({ length: CONCURRENT }, () => w.confirm(KEYS.mobile, requestId, { otp, biometricToken })),
    );

    expect(tally(codesOf(responses))).toEqual({
      '200 connected': 1,
      '409 request_completed': CONCURRENT - 1,
    });
    for (const response of responses.filter((r) => r.status === 409))
      expectRefusal(response, 409, 'request_completed');
    expect((await w.requestEventTypes(requestId)).filter((type) => type === 'NumberConfirmed')).toHaveLength(
      1,
    );
    expect((await w.events(`number-link-${iin}`)).map((e) => e.type)).toEqual(['NumberConnected']);
    expect((await w.link(iin, KEYS.mobile)).body).toMatchObject({ phone });
  });

  it(`never counts more than the attempt limit for ${CONCURRENT} concurrent wrong codes (Rules §9)`, async () => {
    const w = world();
    const iin = w.citizen();
    const { requestId, otp, biometricToken } = await openMobileRequest(iin, w.phone());
    const wrong = E2eWorld.wrongCode(otp);

    const responses = await Promise.all(
      Array.from({ length: CONCURRENT }, () =>
        w.confirm(KEYS.mobile, requestId, { otp: wrong, biometricToken }),
      ),
    );

    expect(tally(codesOf(responses))).toEqual({
      '422 otp_invalid': 5,
      '422 attempts_exceeded': CONCURRENT - 5,
    });
    const left = responses
      .filter((r) => r.body.error.code === 'otp_invalid')
      .map((r) => r.body.error.details.attemptsLeft as number)
      .sort();
    expect(left).toEqual([0, 1, 2, 3, 4]);
    const failures = (await w.requestEventTypes(requestId)).filter(
      (type) => type === 'OtpConfirmationFailed',
    );
    expect(failures).toHaveLength(5);
    const right = await w.confirm(KEYS.mobile, requestId, { otp, biometricToken });
    expectRefusal(right, 422, 'attempts_exceeded');
    expect((await w.link(iin, KEYS.mobile)).status).toBe(404);
  });

  it('R11: of two citizens racing for one number, exactly one ends holding it; the other is released', async () => {
    const w = world();
    for (let round = 0; round < RACE_ROUNDS; round++) {
      const phone = w.phone();
      const [first, second] = [w.citizen(), w.citizen()];
      const [a, b] = [await openMobileRequest(first, phone), await openMobileRequest(second, phone)];

      const [confirmA, confirmB] = await Promise.all([
        w.confirm(KEYS.mobile, a.requestId, { otp: a.otp, biometricToken: a.biometricToken }),
        w.confirm(KEYS.mobile, b.requestId, { otp: b.otp, biometricToken: b.biometricToken }),
      ]);
      expect([confirmA.status, confirmB.status]).toEqual([200, 200]);

      const holder = await w.linkByPhone(phone, KEYS.mobile);
      expect(holder.status).toBe(200);
      expect([first, second]).toContain(holder.body.iin);
      const loser = holder.body.iin === first ? second : first;

      const released = await w.link(loser, KEYS.mobile);
      expect(released.body).toMatchObject({ iin: loser, phone: null });
      expect(released.body.history).toEqual([
        {
          phone,
          connectedAt: expect.any(String),
          releasedAt: expect.any(String),
          reason: 'number_moved_to_another_account',
        },
      ]);
      // The event streams agree with the view: the loser's account records why it lost the number.
      expect((await w.events(`number-link-${loser}`)).map((e) => e.type)).toEqual([
        'NumberConnected',
        'NumberReleased',
      ]);
      expect((await w.events(`number-link-${holder.body.iin}`)).map((e) => e.type)).toEqual([
        'NumberConnected',
      ]);
    }
  });
});
