import { CONSENT, KEYS, expectRefusal, useWorld } from '../../support/e2e-world';
import { readSmsSink } from '../../../src/infrastructure/sms/sms-sink-reader';
import { testDatabaseKinds } from '../../support/test-databases';

describe.each(testDatabaseKinds)('connecting a subscriber number over HTTP on $name', (kind) => {
  const world = useWorld({ kind });

  describe('Rules §5: through the portal, with the OTP and an EDS signature', () => {
    it('connects the number, and the account shows it (Annex 5)', async () => {
      const w = world();
      const iin = w.citizen();
      const phone = w.phone();

      const created = await w.requestOtp(KEYS.portal, { iin, phone, purpose: 'connect', consent: CONSENT });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        requestId: expect.any(String),
        status: 'otp_sent',
        otpExpiresAt: expect.any(String),
        expiresAt: expect.any(String),
        dataToSign: expect.any(String),
      });
      const signed = JSON.parse(Buffer.from(created.body.dataToSign, 'base64').toString('utf8'));
      expect(signed).toMatchObject({ iin, phone, requestId: created.body.requestId });

      const otp = await w.otpFor(created.body.requestId);
      const signature = await w.signFor(iin, created.body.dataToSign);
      const confirmed = await w.confirm(KEYS.portal, created.body.requestId, { otp, signature });
      expect(confirmed.status).toBe(200);
      expect(confirmed.body).toMatchObject({ status: 'connected', iin, phone, connectedAt: w.clock.now() });

      const link = await w.link(iin);
      expect(link.status).toBe(200);
      expect(link.body).toEqual({
        iin,
        phone,
        connectedAt: w.clock.now(),
        channel: 'portal',
        history: [{ phone, connectedAt: w.clock.now() }],
      });
      const request = await w.app.call('GET', `/v1/number-requests/${created.body.requestId}`, {
        key: KEYS.portal,
      });
      expect(request.body).toMatchObject({ status: 'connected', purpose: 'connect', channel: 'portal' });
    });

    it('accepts the usual spellings of a number and stores it in E.164 (R2)', async () => {
      const w = world();
      const iin = w.citizen();
      const phone = w.phone();
      const spelled = `8 (${phone.slice(2, 5)}) ${phone.slice(5, 8)}-${phone.slice(8, 10)}-${phone.slice(10)}`;
      const flow = await w.connect({ iin, phone: spelled });
      expect(flow.confirmation.body).toMatchObject({ status: 'connected', phone });
    });
  });

  describe('Rules §6: through the eGov mobile app, with the OTP and biometrics', () => {
    it('connects the number without any signature', async () => {
      const w = world();
      const iin = w.citizen();
      const phone = w.phone();
      const created = await w.requestOtp(KEYS.mobile, { iin, phone, purpose: 'connect', consent: CONSENT });
      expect(created.status).toBe(201);
      expect(created.body.dataToSign).toBeUndefined();

      const otp = await w.otpFor(created.body.requestId);
      const biometricToken = await w.biometricFor(iin, created.body.requestId);
      const confirmed = await w.confirm(KEYS.mobile, created.body.requestId, { otp, biometricToken });
      expect(confirmed.status).toBe(200);
      expect((await w.link(iin, KEYS.mobile)).body).toMatchObject({ iin, phone, channel: 'egov-mobile' });
    });
  });

  describe('Rules §7: a second-tier bank checks the number it holds', () => {
    it('answers a match when the number is the connected one, and nothing changes', async () => {
      const w = world();
      const iin = w.citizen();
      const phone = w.phone();
      await w.connect({ iin, phone });
      const linkEventsBefore = await w.events(`number-link-${iin}`);

      const check = await w.bankCheck({ iin, phone, consent: CONSENT });
      expect(check.status).toBe(200);
      expect(check.body).toEqual({ result: 'match' });

      expect(await w.events(`number-link-${iin}`)).toEqual(linkEventsBefore);
      const link = await w.link(iin);
      expect(link.body).toMatchObject({ phone, channel: 'portal', history: [{ phone }] });
      const matched = (await w.events()).filter((event) => event.type === 'BankNumberMatched');
      expect(matched.map((event) => event.data)).toContainEqual(expect.objectContaining({ iin, phone }));
    });

    it("connects the bank's number to an account with none, after the OTP and biometrics", async () => {
      const w = world();
      const iin = w.citizen();
      const phone = w.phone();
      const check = await w.bankCheck({ iin, phone, consent: CONSENT });
      expect(check.status).toBe(202);
      expect(check.body).toMatchObject({
        result: 'verification_required',
        requestId: expect.any(String),
        otpExpiresAt: expect.any(String),
        expiresAt: expect.any(String),
      });
      expect((await w.link(iin)).status).toBe(404);

      const otp = await w.otpFor(check.body.requestId);
      const biometricToken = await w.biometricFor(iin, check.body.requestId);
      const confirmed = await w.confirm(KEYS.bank, check.body.requestId, { otp, biometricToken });
      expect(confirmed.status).toBe(200);
      expect(confirmed.body).toMatchObject({ status: 'connected', iin, phone });
      expect((await w.link(iin)).body).toMatchObject({ phone, channel: 'bank' });
    });

    it("replaces another connected number with the bank's, once confirmed", async () => {
      const w = world();
      const iin = w.citizen();
      const oldPhone = w.phone();
      const bankPhone = w.phone();
      await w.connect({ iin, phone: oldPhone });

      const check = await w.bankCheck({ iin, phone: bankPhone, consent: CONSENT });
      expect(check.status).toBe(202);
      const sms = await w.otpFor(check.body.requestId);
      const confirmed = await w.confirm(KEYS.bank, check.body.requestId, {
        otp: sms,
        biometricToken: await w.biometricFor(iin, check.body.requestId),
      });
      expect(confirmed.status).toBe(200);

      const link = await w.link(iin);
      expect(link.body).toMatchObject({ phone: bankPhone, channel: 'bank' });
      expect(link.body.history).toEqual([
        { phone: bankPhone, connectedAt: expect.any(String) },
        {
          phone: oldPhone,
          connectedAt: expect.any(String),
          releasedAt: expect.any(String),
          reason: 'number_changed',
        },
      ]);
    });

    it('may not read number links: banks only check (SPEC §4)', async () => {
      const w = world();
      const iin = w.citizen();
      await w.connect({ iin, phone: w.phone() });
      expectRefusal(await w.app.call('GET', `/v1/number-links/${iin}`, { key: KEYS.bank }), 403, 'forbidden');
    });
  });

  describe('Rules §8: changing the connected number', () => {
    it('sends the OTP to the new number and changes it after the EDS signature', async () => {
      const w = world();
      const iin = w.citizen();
      const oldPhone = w.phone();
      const newPhone = w.phone();
      await w.connect({ iin, phone: oldPhone });
      w.clock.advanceSeconds(120);

      const created = await w.requestOtp(KEYS.portal, {
        iin,
        phone: newPhone,
        purpose: 'change',
        consent: CONSENT,
      });
      expect(created.status).toBe(201);
      const otp = await w.otpFor(created.body.requestId);
      const sms = (await readSmsSink(w.smsPath)).filter((m) => m.requestId === created.body.requestId);
      expect(sms.map((m) => m.to)).toEqual([newPhone]);

      const confirmed = await w.confirm(KEYS.portal, created.body.requestId, {
        otp,
        signature: await w.signFor(iin, created.body.dataToSign),
      });
      expect(confirmed.status).toBe(200);
      const link = await w.link(iin);
      expect(link.body).toMatchObject({ phone: newPhone });
      expect(link.body.history).toEqual([
        { phone: newPhone, connectedAt: w.clock.now() },
        {
          phone: oldPhone,
          connectedAt: expect.any(String),
          releasedAt: w.clock.now(),
          reason: 'number_changed',
        },
      ]);
      expect((await w.events(`number-link-${iin}`)).map((e) => e.type)).toEqual([
        'NumberConnected',
        'NumberChanged',
      ]);
    });

    it('asks for an EDS signature even in the mobile app', async () => {
      const w = world();
      const iin = w.citizen();
      await w.connect({ key: KEYS.mobile, iin, phone: w.phone() });
      const flow = await w.connect({ key: KEYS.mobile, iin, phone: w.phone(), purpose: 'change' });
      expect(flow.created.body.dataToSign).toEqual(expect.any(String));
      expect(flow.confirmation.status).toBe(200);
    });

    it('refuses a change to the same number (same_number)', async () => {
      const w = world();
      const iin = w.citizen();
      const phone = w.phone();
      await w.connect({ iin, phone });
      const created = await w.requestOtp(KEYS.portal, { iin, phone, purpose: 'change', consent: CONSENT });
      expectRefusal(created, 422, 'same_number');
    });

    it('refuses a change when no number is connected (no_number_connected)', async () => {
      const w = world();
      const created = await w.requestOtp(KEYS.portal, {
        iin: w.citizen(),
        phone: w.phone(),
        purpose: 'change',
        consent: CONSENT,
      });
      expectRefusal(created, 422, 'no_number_connected');
    });

    it('refuses a second connect for an account that has a number (number_already_connected)', async () => {
      const w = world();
      const iin = w.citizen();
      await w.connect({ iin, phone: w.phone() });
      const created = await w.requestOtp(KEYS.portal, {
        iin,
        phone: w.phone(),
        purpose: 'connect',
        consent: CONSENT,
      });
      expectRefusal(created, 409, 'number_already_connected');
    });
  });

  it("leaves the citizen's other open requests as they were when one is completed (SPEC §4)", async () => {
    const w = world();
    const iin = w.citizen();
    const other = await w.requestOtp(KEYS.mobile, {
      iin,
      phone: w.phone(),
      purpose: 'connect',
      consent: CONSENT,
    });
    expect(other.status).toBe(201);
    const flow = await w.connect({ key: KEYS.mobile, iin, phone: w.phone() });
    expect(flow.confirmation.status).toBe(200);
    const view = await w.app.call('GET', `/v1/number-requests/${other.body.requestId}`, { key: KEYS.mobile });
    expect(view.body).toMatchObject({ status: 'otp_sent', attemptsLeft: 5 });
    expect(await w.requestEventTypes(other.body.requestId)).toEqual(['ConsentRecorded', 'OtpIssued']);
  });

  it('never lets a second open connect replace the number connected since: that takes a change (Rules §8)', async () => {
    const w = world();
    const iin = w.citizen();
    const otherPhone = w.phone();
    const other = await w.requestOtp(KEYS.mobile, {
      iin,
      phone: otherPhone,
      purpose: 'connect',
      consent: CONSENT,
    });
    const flow = await w.connect({ key: KEYS.mobile, iin, phone: w.phone() });
    expect(flow.confirmation.status).toBe(200);
    const late = await w.confirm(KEYS.mobile, other.body.requestId, {
      otp: await w.otpFor(other.body.requestId),
      biometricToken: await w.biometricFor(iin, other.body.requestId),
    });
    expectRefusal(late, 409, 'number_already_connected');
    expect((await w.link(iin)).body.phone).toBe(flow.confirmation.body.phone);
  });

  it('keeps the right code single-use: a second confirmation is request_completed', async () => {
    const w = world();
    const iin = w.citizen();
    const flow = await w.connect({ iin, phone: w.phone() });
    const again = await w.confirm(KEYS.portal, flow.requestId, {
      otp: await w.otpFor(flow.requestId),
      signature: await w.signFor(iin, flow.created.body.dataToSign),
    });
    expectRefusal(again, 409, 'request_completed');
  });
});
