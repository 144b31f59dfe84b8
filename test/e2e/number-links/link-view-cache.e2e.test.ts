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

  it('counts its hits and misses in /metrics, where an operator sizes it', async () => {
    const w = world();
    const iin = w.citizen();
    await w.connect({ iin, phone: w.phone() });
    const reads = async (outcome: 'hit' | 'miss') => {
      const text = (await w.app.call('GET', '/metrics')).text;
      const line = new RegExp(`^numlink_link_view_cache_reads_total\\{outcome="${outcome}"\\} (\\d+)$`, 'm');
      return Number(line.exec(text)?.[1]);
    };
    const [hits, misses] = [await reads('hit'), await reads('miss')];

    const unknown = w.citizen();
    expect((await w.link(iin)).status).toBe(200);
    expect((await w.link(iin)).status).toBe(200);
    expect((await w.link(iin)).status).toBe(200);
    expect((await w.link(unknown)).status).toBe(404);
    expect((await w.link(unknown)).status).toBe(404);

    // The projection kept the view of the account it connected: every read of it comes from memory.
    // The account without a number is read from the table once, then from memory (a 404 is kept too).
    expect([await reads('hit'), await reads('miss')]).toEqual([hits + 4, misses + 1]);
    const entries = /^numlink_link_view_cache_entries (\d+)$/m.exec(
      (await w.app.call('GET', '/metrics')).text,
    );
    expect(Number(entries?.[1])).toBe(w.app.runtime.linkViews.stats.size);
  });

  it('refuses asOf given twice with 400 validation_failed, recording no read', async () => {
    const w = world();
    const iin = w.citizen();
    await w.connect({ iin, phone: w.phone() });
    const at = encodeURIComponent(w.clock.now());

    const twice = await w.app.call('GET', `/v1/number-links/${iin}?asOf=${at}&asOf=${at}`, {
      key: KEYS.auditor,
    });

    expect(twice.status).toBe(400);
    expect(twice.body.error.code).toBe('validation_failed');
    const recorded = (await w.events('data-access-auditor')).filter(
      (e) => e.type === 'PersonalDataRead' && (e.data as { iin?: string }).iin === iin,
    );
    expect(recorded).toEqual([]);
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
