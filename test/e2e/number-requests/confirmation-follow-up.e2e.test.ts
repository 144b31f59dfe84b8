import { CONSENT, KEYS, useWorld } from '../../support/e2e-world';
import { sleep } from '../../support/events';
import { testDatabaseKinds } from '../../support/test-databases';

describe.each(testDatabaseKinds)('a confirmation whose follow-up fails, on $name', (kind) => {
  const world = useWorld({ kind });

  it('stores nothing when the connection cannot be written, and connects on the next try', async () => {
    const w = world();
    const iin = w.citizen();
    const phone = w.phone();
    const created = await w.requestOtp(KEYS.portal, { iin, phone, purpose: 'connect', consent: CONSENT });
    expect(created.status).toBe(201);
    const otp = await w.otpFor(created.body.requestId);
    const signature = await w.signFor(iin, created.body.dataToSign);
    // The store refuses the number's claim, which is written with the confirmation, as when it goes away.
    await w.db.exec(`
      CREATE FUNCTION refuse_claim() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.type = 'NumberClaimed' AND NEW.data->>'phone' = '${phone}' THEN
          RAISE EXCEPTION 'the store went away' USING ERRCODE = '57P01';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER refuse_claim BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION refuse_claim();`);
    try {
      const failed = await w.confirm(KEYS.portal, created.body.requestId, { otp, signature });
      expect(failed.status).toBe(503);
      // The confirmation and its connection are one write: none of it is stored.
      const request = await w.app.call('GET', `/v1/number-requests/${created.body.requestId}`, {
        key: KEYS.portal,
      });
      expect(request.body).toMatchObject({ status: 'otp_sent' });
    } finally {
      await w.db.exec('DROP TRIGGER refuse_claim ON events; DROP FUNCTION refuse_claim()');
    }
    const confirmed = await w.confirm(KEYS.portal, created.body.requestId, { otp, signature });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ status: 'connected', iin, phone });
    let link = await w.link(iin);
    for (let waited = 0; link.status !== 200 && waited < 20_000; waited += 100) {
      await sleep(100);
      link = await w.link(iin);
    }
    expect(link.body).toMatchObject({ iin, phone, channel: 'portal' });
  });
});
