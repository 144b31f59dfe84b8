import { CONSENT, KEYS, expectRefusal, useWorld } from '../../support/e2e-world';
import { testDatabaseKinds } from '../../support/test-databases';

describe.each(testDatabaseKinds)('refusing a number request over HTTP on $name', (kind) => {
  const world = useWorld({ kind });

  const validBody = () => {
    const w = world();
    return { iin: w.citizen(), phone: w.phone(), purpose: 'connect', consent: CONSENT };
  };

  describe('malformed input is 400 (SPEC §4)', () => {
    it('refuses a body that is not JSON (validation_failed)', async () => {
      const response = await world().requestOtp(
        KEYS.portal,
        '{"iin": "9001' as unknown as Record<string, never>,
      );
      expectRefusal(response, 400, 'validation_failed');
    });

    it('refuses fields of the wrong type (validation_failed)', async () => {
      const w = world();
      expectRefusal(
        await w.requestOtp(KEYS.portal, { ...validBody(), iin: 900101300017 }),
        400,
        'validation_failed',
      );
      expectRefusal(
        await w.requestOtp(KEYS.portal, { ...validBody(), purpose: 'steal' }),
        400,
        'validation_failed',
      );
      const consentAsText = await w.requestOtp(KEYS.portal, { ...validBody(), consent: 'yes' });
      expectRefusal(consentAsText, 400, 'validation_failed');
    });

    it('refuses unknown fields (validation_failed), naming them', async () => {
      const response = await world().requestOtp(KEYS.portal, { ...validBody(), bankId: 'x' });
      expectRefusal(response, 400, 'validation_failed');
      expect(JSON.stringify(response.body.error)).toContain('bankId');
    });

    it('refuses an IIN without a valid check digit (invalid_iin, R1)', async () => {
      const w = world();
      const iin = w.citizen();
      const wrongCheck = `${iin.slice(0, 11)}${(Number(iin[11]) + 1) % 10}`;
      expectRefusal(await w.requestOtp(KEYS.portal, { ...validBody(), iin: wrongCheck }), 400, 'invalid_iin');
      expectRefusal(await w.requestOtp(KEYS.portal, { ...validBody(), iin: '12345' }), 400, 'invalid_iin');
    });

    it('refuses a landline and a foreign number (invalid_phone, R2)', async () => {
      const w = world();
      expectRefusal(
        await w.requestOtp(KEYS.portal, { ...validBody(), phone: '+77172123456' }),
        400,
        'invalid_phone',
      );
      expectRefusal(
        await w.requestOtp(KEYS.portal, { ...validBody(), phone: '+14155552671' }),
        400,
        'invalid_phone',
      );
    });

    it('refuses a confirmation or a resend with wrong types or unknown fields (validation_failed)', async () => {
      const w = world();
      const created = await w.requestOtp(KEYS.mobile, validBody());
      const { requestId } = created.body;
      const confirm = (body: Record<string, unknown>) => w.confirm(KEYS.mobile, requestId, body);
      expectRefusal(await confirm({ otp: 123456 }), 400, 'validation_failed');
      expectRefusal(await confirm({ otp: '123456', pin: '0000' }), 400, 'validation_failed');
      expectRefusal(await confirm({}), 400, 'validation_failed');
      const resend = await w.app.call('POST', `/v1/number-requests/${requestId}/otp`, {
        key: KEYS.mobile,
        body: { phone: w.phone() },
      });
      expectRefusal(resend, 400, 'validation_failed');
      // None of these counted as an attempt.
      const view = await w.app.call('GET', `/v1/number-requests/${requestId}`, { key: KEYS.mobile });
      expect(view.body.attemptsLeft).toBe(5);
    });

    it('refuses a body over the size limit (413 payload_too_large)', async () => {
      const response = await world().requestOtp(KEYS.portal, { ...validBody(), padding: 'x'.repeat(70_000) });
      expectRefusal(response, 413, 'payload_too_large');
    });
  });

  describe('refusals of the Rules are 422, recorded, and send no SMS', () => {
    it('refuses a business identification number (not_an_individual, Rules §3), before consent', async () => {
      const w = world();
      const { consent: _consent, ...withoutConsent } = validBody();
      expectRefusal(
        await w.requestOtp(KEYS.portal, { ...withoutConsent, iin: w.bin() }),
        422,
        'not_an_individual',
      );
    });

    it.each([
      ['absent', undefined],
      ['not given', { given: false, textVersion: 'consent-2024-03' }],
    ])('refuses a request whose consent is %s (consent_missing, Annex 9.2)', async (_, consent) => {
      const w = world();
      const { consent: _given, ...body } = validBody();
      const response = await w.requestOtp(KEYS.portal, consent === undefined ? body : { ...body, consent });
      expectRefusal(response, 422, 'consent_missing');
      const requestId = response.body.error.details.requestId as string;
      expect(await w.requestEventTypes(requestId)).toEqual(['RequestRefused']);
      expect(await w.smsFor(requestId)).toBe(0);
    });

    it.each([
      ['unknown to the registry', undefined],
      ['deceased', { status: 'deceased', documentsValid: true }],
      ['holding invalid documents', { status: 'active', documentsValid: false }],
    ])('refuses a citizen %s (identity_not_verified, Annex 9.1)', async (_, entry) => {
      const w = world();
      const iin = entry === undefined ? w.freshIin() : w.citizen(entry);
      const response = await w.requestOtp(KEYS.portal, { ...validBody(), iin });
      expectRefusal(response, 422, 'identity_not_verified');
      const requestId = response.body.error.details.requestId as string;
      expect(await w.requestEventTypes(requestId)).toEqual(['ConsentRecorded', 'RequestRefused']);
      expect(await w.smsFor(requestId)).toBe(0);
      const view = await w.app.call('GET', `/v1/number-requests/${requestId}`, { key: KEYS.portal });
      expect(view.body).toMatchObject({ status: 'refused', refusal: { code: 'identity_not_verified' } });
    });
  });

  it('refuses a bank check without consent (consent_missing), sending no SMS', async () => {
    const w = world();
    const { consent: _consent, purpose: _purpose, ...body } = validBody();
    const response = await w.bankCheck(body);
    expectRefusal(response, 422, 'consent_missing');
    expect(await w.smsFor(response.body.error.details.requestId)).toBe(0);
    expectRefusal(
      await w.bankCheck({ ...body, phone: '+77172123456', consent: CONSENT }),
      400,
      'invalid_phone',
    );
  });

  describe('who may do what (SPEC §4)', () => {
    it('answers 401 without a key, or with an unknown one', async () => {
      const w = world();
      expectRefusal(
        await w.app.call('POST', '/v1/number-requests', { body: validBody() }),
        401,
        'unauthorized',
      );
      expectRefusal(await w.requestOtp('not-a-key', validBody()), 401, 'unauthorized');
    });

    it('answers 403 to a reviewer or an auditor sending a channel command', async () => {
      const w = world();
      expectRefusal(await w.requestOtp(KEYS.reviewer, validBody()), 403, 'forbidden');
      expectRefusal(await w.requestOtp(KEYS.auditor, validBody()), 403, 'forbidden');
      expectRefusal(await w.bankCheck(validBody(), KEYS.reviewer), 403, 'forbidden');
    });

    it('answers 403 to a bank reading number links', async () => {
      const w = world();
      const iin = w.citizen();
      const phone = w.phone();
      await w.connect({ iin, phone });
      expectRefusal(await w.link(iin, KEYS.bank), 403, 'forbidden');
      expectRefusal(await w.linkByPhone(phone, KEYS.bank), 403, 'forbidden');
      expect((await w.link(iin, KEYS.auditor)).status).toBe(200);
    });

    it("answers 404 for another principal's request, and lets nothing happen to it", async () => {
      const w = world();
      const body = validBody();
      const created = await w.requestOtp(KEYS.portal, body);
      const { requestId } = created.body;
      const otp = await w.otpFor(requestId);
      const signature = await w.signFor(body.iin, created.body.dataToSign);
      expectRefusal(
        await w.app.call('GET', `/v1/number-requests/${requestId}`, { key: KEYS.mobile }),
        404,
        'not_found',
      );
      expectRefusal(await w.confirm(KEYS.mobile, requestId, { otp, signature }), 404, 'not_found');
      expectRefusal(await w.confirm(KEYS.bank, requestId, { otp, signature }), 404, 'not_found');
      expectRefusal(await w.resend(KEYS.mobile, requestId), 404, 'not_found');
      expect(await w.requestEventTypes(requestId)).toEqual(['ConsentRecorded', 'OtpIssued']);
      expect((await w.confirm(KEYS.portal, requestId, { otp, signature })).status).toBe(200);
    });
  });

  describe('Idempotency-Key (SPEC §4)', () => {
    it('answers a retry with the first answer and writes nothing new', async () => {
      const w = world();
      const body = validBody();
      const headers = { 'idempotency-key': `create-${body.iin}` };
      const first = await w.requestOtp(KEYS.portal, body, headers);
      expect(first.status).toBe(201);
      const requestEvents = await w.requestEventTypes(first.body.requestId);

      // Only what this retry owns is asserted: reactions of other cases may append meanwhile.
      const retryCorrelation = `retry-${body.iin}`;
      const retry = await w.requestOtp(
        KEYS.portal,
        { consent: body.consent, purpose: 'connect', phone: body.phone, iin: body.iin },
        { ...headers, 'x-correlation-id': retryCorrelation },
      );
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(await w.requestEventTypes(first.body.requestId)).toEqual(requestEvents);
      expect(await w.eventsCorrelatedWith(retryCorrelation)).toEqual([]);
      expect(await w.smsFor(first.body.requestId)).toBe(1);

      const otp = await w.otpFor(first.body.requestId);
      const confirmHeaders = { 'idempotency-key': `confirm-${body.iin}` };
      const wrong = await w.confirm(
        KEYS.portal,
        first.body.requestId,
        { otp: otp === '000000' ? '111111' : '000000' },
        confirmHeaders,
      );
      expectRefusal(wrong, 422, 'otp_invalid');
      const wrongAgain = await w.confirm(
        KEYS.portal,
        first.body.requestId,
        { otp: otp === '000000' ? '111111' : '000000' },
        confirmHeaders,
      );
      expect(wrongAgain.status).toBe(422);
      expect(wrongAgain.body).toEqual(wrong.body);
      const view = await w.app.call('GET', `/v1/number-requests/${first.body.requestId}`, {
        key: KEYS.portal,
      });
      expect(view.body.attemptsLeft).toBe(4);
    });

    it('refuses the same key with another body (409 idempotency_key_reused)', async () => {
      const w = world();
      const body = validBody();
      const headers = { 'idempotency-key': `reuse-${body.iin}` };
      const first = await w.requestOtp(KEYS.portal, body, headers);
      expect(first.status).toBe(201);
      const requestEvents = await w.requestEventTypes(first.body.requestId);
      const otherCorrelation = `other-body-${body.iin}`;
      const other = await w.requestOtp(
        KEYS.portal,
        { ...body, phone: w.phone() },
        { ...headers, 'x-correlation-id': otherCorrelation },
      );
      expectRefusal(other, 409, 'idempotency_key_reused');
      expect(await w.requestEventTypes(first.body.requestId)).toEqual(requestEvents);
      expect(await w.eventsCorrelatedWith(otherCorrelation)).toEqual([]);
    });

    it('scopes a key to its principal: another channel using it makes its own request', async () => {
      const w = world();
      const headers = { 'idempotency-key': 'shared-key' };
      const body = validBody();
      const byPortal = await w.requestOtp(KEYS.portal, body, headers);
      const byMobile = await w.requestOtp(KEYS.mobile, body, headers);
      expect([byPortal.status, byMobile.status]).toEqual([201, 201]);
      expect(byMobile.body.requestId).not.toBe(byPortal.body.requestId);
    });
  });
});
