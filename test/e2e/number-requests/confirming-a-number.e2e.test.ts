import { instantFromMillis, toMillis } from '../../../src/domain/shared/instant';
import { CONSENT, E2eWorld, KEYS, expectRefusal, useWorld } from '../../support/e2e-world';
import {
  daysFrom,
  generateSigningKey,
  makeCertificateAuthority,
  makeSignerCertificate,
  withTamperedSignatureValue,
} from '../../support/pki';
import { testDatabaseKinds } from '../../support/test-databases';

describe.each(testDatabaseKinds)('confirming a number over HTTP on $name', (kind) => {
  const world = useWorld({ kind });

  /** An open request of the channel, with its code from the SMS. */
  async function openRequest(key: string = KEYS.portal) {
    const w = world();
    const iin = w.citizen();
    const phone = w.phone();
    const created = await w.requestOtp(key, { iin, phone, purpose: 'connect', consent: CONSENT });
    expect(created.status).toBe(201);
    const requestId = created.body.requestId as string;
    return {
      iin,
      phone,
      requestId,
      dataToSign: created.body.dataToSign as string,
      otp: await w.otpFor(requestId),
    };
  }

  const attemptsLeft = async (requestId: string, key: string = KEYS.portal) =>
    (await world().app.call('GET', `/v1/number-requests/${requestId}`, { key })).body.attemptsLeft;

  describe('Rules §9: a wrong code never connects, and counts', () => {
    it('refuses a wrong code (otp_invalid) with the attempts left', async () => {
      const w = world();
      const request = await openRequest();
      const response = await w.confirm(KEYS.portal, request.requestId, {
        otp: E2eWorld.wrongCode(request.otp),
        signature: await w.signFor(request.iin, request.dataToSign),
      });
      expectRefusal(response, 422, 'otp_invalid');
      expect(response.body.error.details).toEqual({ attemptsLeft: 4 });
      expect((await w.link(request.iin)).status).toBe(404);
    });

    it('refuses the right code once it has expired (otp_expired), within the term', async () => {
      const w = world();
      const request = await openRequest();
      w.clock.advanceSeconds(301);
      const response = await w.confirm(KEYS.portal, request.requestId, {
        otp: request.otp,
        signature: await w.signFor(request.iin, request.dataToSign),
      });
      expectRefusal(response, 422, 'otp_expired');
      expect(response.body.error.details.attemptsLeft).toBe(4);
    });

    it('stops after the limit: the 5th wrong code leaves 0, the 6th even right is attempts_exceeded', async () => {
      const w = world();
      const request = await openRequest();
      const signature = await w.signFor(request.iin, request.dataToSign);
      const left: number[] = [];
      for (let attempt = 0; attempt < 5; attempt++) {
        const response = await w.confirm(KEYS.portal, request.requestId, {
          otp: E2eWorld.wrongCode(request.otp),
          signature,
        });
        expectRefusal(response, 422, 'otp_invalid');
        left.push(response.body.error.details.attemptsLeft);
      }
      expect(left).toEqual([4, 3, 2, 1, 0]);
      const right = await w.confirm(KEYS.portal, request.requestId, { otp: request.otp, signature });
      expectRefusal(right, 422, 'attempts_exceeded');
      expect(right.body.error.details).toEqual({ attemptsLeft: 0 });
      const view = await w.app.call('GET', `/v1/number-requests/${request.requestId}`, { key: KEYS.portal });
      expect(view.body).toMatchObject({
        status: 'refused',
        attemptsLeft: 0,
        refusal: { code: 'attempts_exceeded' },
      });
      expect((await w.link(request.iin)).status).toBe(404);
    });

    it('refuses a confirmation after the ten-minute term (410 request_expired, Annex 3)', async () => {
      const w = world();
      const request = await openRequest();
      w.clock.advanceSeconds(601);
      const response = await w.confirm(KEYS.portal, request.requestId, {
        otp: request.otp,
        signature: await w.signFor(request.iin, request.dataToSign),
      });
      expectRefusal(response, 410, 'request_expired');
      const view = await w.app.call('GET', `/v1/number-requests/${request.requestId}`, { key: KEYS.portal });
      expect(view.body.status).toBe('expired');
    });
  });

  describe('R16: the EDS signature of a portal confirmation', () => {
    it('asks for it when it is missing (signature_required), counting the attempt', async () => {
      const w = world();
      const request = await openRequest();
      const response = await w.confirm(KEYS.portal, request.requestId, { otp: request.otp });
      expectRefusal(response, 422, 'signature_required');
      expect(response.body.error.details.attemptsLeft).toBe(4);
    });

    it('refuses a tampered signature (signature_invalid)', async () => {
      const w = world();
      const request = await openRequest();
      const signature = withTamperedSignatureValue(await w.signFor(request.iin, request.dataToSign));
      const response = await w.confirm(KEYS.portal, request.requestId, { otp: request.otp, signature });
      expectRefusal(response, 422, 'signature_invalid');
      expect(response.body.error.details.attemptsLeft).toBe(4);
    });

    it("refuses a signature replayed from another request's dataToSign (signature_invalid)", async () => {
      const w = world();
      const request = await openRequest();
      // The same citizen's second open request: a valid signature, but over other bytes.
      const other = await w.requestOtp(KEYS.portal, {
        iin: request.iin,
        phone: w.phone(),
        purpose: 'connect',
        consent: CONSENT,
      });
      const replayed = await w.signFor(request.iin, other.body.dataToSign);
      const detachedReplay = await w.signFor(request.iin, other.body.dataToSign, { detached: true });
      for (const signature of [replayed, detachedReplay]) {
        const response = await w.confirm(KEYS.portal, request.requestId, { otp: request.otp, signature });
        expectRefusal(response, 422, 'signature_invalid');
      }
    });

    it('refuses an expired certificate and one of an untrusted CA (certificate_untrusted)', async () => {
      const w = world();
      const request = await openRequest();
      const expired = await makeSignerCertificate({
        issuer: w.ca,
        key: w.signerKey,
        serialNumber: `IIN${request.iin}`,
        notBefore: daysFrom(w.clock.now(), -400),
        notAfter: daysFrom(w.clock.now(), -1),
      });
      const otherCa = await makeCertificateAuthority({
        name: 'Not trusted CA',
        key: await generateSigningKey('ecdsa'),
      });
      const foreign = await makeSignerCertificate({
        issuer: otherCa,
        key: w.signerKey,
        serialNumber: `IIN${request.iin}`,
      });
      for (const signer of [expired, foreign]) {
        const signature = await w.signFor(request.iin, request.dataToSign, { signer });
        const response = await w.confirm(KEYS.portal, request.requestId, { otp: request.otp, signature });
        expectRefusal(response, 422, 'certificate_untrusted');
        expect(response.body.error.details.reason).toEqual(expect.any(String));
      }
      expect(await attemptsLeft(request.requestId)).toBe(3);
    });

    it("refuses a signature by another citizen's certificate (signer_mismatch)", async () => {
      const w = world();
      const request = await openRequest();
      const signature = await w.signFor(w.citizen(), request.dataToSign);
      const response = await w.confirm(KEYS.portal, request.requestId, { otp: request.otp, signature });
      expectRefusal(response, 422, 'signer_mismatch');
    });

    it('accepts a detached signature over the same bytes', async () => {
      const w = world();
      const request = await openRequest();
      const signature = await w.signFor(request.iin, request.dataToSign, { detached: true });
      expect((await w.confirm(KEYS.portal, request.requestId, { otp: request.otp, signature })).status).toBe(
        200,
      );
    });
  });

  describe('R17: the biometric result of a mobile confirmation', () => {
    it('asks for it when it is missing (biometric_required)', async () => {
      const w = world();
      const request = await openRequest(KEYS.mobile);
      const response = await w.confirm(KEYS.mobile, request.requestId, { otp: request.otp });
      expectRefusal(response, 422, 'biometric_required');
      expect(response.body.error.details.attemptsLeft).toBe(4);
    });

    it('refuses an expired token, a token for another request, and one signed by an unknown key (biometric_failed)', async () => {
      const w = world();
      const request = await openRequest(KEYS.mobile);
      const longAgo = instantFromMillis(toMillis(w.clock.now()) - 10 * 60_000);
      const tokens = [
        await w.biometricFor(request.iin, request.requestId, undefined, { issuedAt: longAgo }),
        await w.biometricFor(request.iin, '00000000-0000-4000-8000-000000000000'),
        await w.biometricFor(request.iin, request.requestId, undefined, {
          key: await generateSigningKey('ecdsa'),
        }),
        await w.biometricFor(request.iin, request.requestId, { result: 'no_match' }),
      ];
      const reasons: string[] = [];
      for (const biometricToken of tokens) {
        const response = await w.confirm(KEYS.mobile, request.requestId, {
          otp: request.otp,
          biometricToken,
        });
        expectRefusal(response, 422, 'biometric_failed');
        reasons.push(response.body.error.details.reason);
      }
      expect(reasons).toEqual(['token_expired', 'wrong_nonce', 'unknown_key', 'result_not_match']);
      expect(await attemptsLeft(request.requestId, KEYS.mobile)).toBe(1);
      const right = await w.biometricFor(request.iin, request.requestId);
      expect(
        (await w.confirm(KEYS.mobile, request.requestId, { otp: request.otp, biometricToken: right })).status,
      ).toBe(200);
    });
  });

  describe('R14: resending the code', () => {
    it('waits the cooldown (429 resend_too_soon with Retry-After), then only the latest code is valid', async () => {
      const w = world();
      const request = await openRequest(KEYS.mobile);
      const tooSoon = await w.resend(KEYS.mobile, request.requestId);
      expectRefusal(tooSoon, 429, 'resend_too_soon');
      expect(Number(tooSoon.headers.get('retry-after'))).toBe(60);

      w.clock.advanceSeconds(60);
      const resent = await w.resend(KEYS.mobile, request.requestId);
      expect(resent.status).toBe(202);
      expect(resent.body).toEqual({ otpExpiresAt: expect.any(String) });
      const newCode = await w.otpFor(request.requestId, 2);
      const biometricToken = await w.biometricFor(request.iin, request.requestId);
      if (newCode !== request.otp) {
        const old = await w.confirm(KEYS.mobile, request.requestId, { otp: request.otp, biometricToken });
        expectRefusal(old, 422, 'otp_invalid');
      }
      const confirmed = await w.confirm(KEYS.mobile, request.requestId, { otp: newCode, biometricToken });
      expect(confirmed.status).toBe(200);
    });

    it('sends at most 3 codes per request (429 rate_limited with Retry-After)', async () => {
      const w = world();
      const request = await openRequest(KEYS.mobile);
      for (let send = 2; send <= 3; send++) {
        w.clock.advanceSeconds(61);
        expect((await w.resend(KEYS.mobile, request.requestId)).status).toBe(202);
      }
      w.clock.advanceSeconds(61);
      const fourth = await w.resend(KEYS.mobile, request.requestId);
      expectRefusal(fourth, 429, 'rate_limited');
      expect(Number(fourth.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await w.smsFor(request.requestId)).toBe(3);
    });
  });
});
