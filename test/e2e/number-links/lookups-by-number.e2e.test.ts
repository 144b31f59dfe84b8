import { message, type Language } from '../../../src/application/messages/messages';
import { KEYS, expectRefusal, useWorld } from '../../support/e2e-world';

/**
 * Issue 9 item 8 (SPEC §4, Law "On Personal Data" Art. 8): a channel's lookup of whose account holds
 * a number is a read of personal data, recorded as such, and limited per principal so that no channel
 * can harvest the register of numbers.
 */
describe("a channel's lookups by number", () => {
  const world = useWorld({ env: { NUMLINK_LOOKUPS_BY_NUMBER_PER_MINUTE: '3' } });

  const lookUp = (phone: string, key: string) =>
    world().app.call('GET', `/v1/number-links?phone=${encodeURIComponent(phone)}`, { key });

  it('records a channel’s lookup by number as PersonalDataRead, naming the number and the account found', async () => {
    const w = world();
    const iin = w.citizen();
    const phone = w.phone();
    await w.connect({ iin, phone });
    await w.settled();
    w.clock.advanceSeconds(60);
    const found = await lookUp(phone, KEYS.mobile);
    expect(found.status).toBe(200);
    const reads = (await w.events('data-access-egov-mobile')).map((e) => ({ type: e.type, data: e.data }));
    expect(reads).toContainEqual({
      type: 'PersonalDataRead',
      data: expect.objectContaining({
        readBy: 'egov-mobile',
        role: 'channel:egov-mobile',
        query: 'GET /v1/number-links',
        filters: { phone },
        phone,
        iin,
      }),
    });
  });

  it('answers 429 rate_limited with Retry-After once a channel used its lookups of the minute, per principal', async () => {
    const w = world();
    w.clock.advanceSeconds(60);
    const numbers = [w.phone(), w.phone(), w.phone(), w.phone()];
    for (const phone of numbers.slice(0, 3)) expect((await lookUp(phone, KEYS.portal)).status).toBe(404);
    const refused = await lookUp(numbers[3]!, KEYS.portal);
    expectRefusal(refused, 429, 'rate_limited');
    expect(refused.body.error.details).toMatchObject({ limit: 'lookups_by_number' });
    // Its words speak of lookups by number, not of one-time passwords.
    expect(refused.body.error.message).toBe(
      message('lookups_by_number_limited', refused.headers.get('content-language') as Language, {
        retryAfterSeconds: Number(refused.headers.get('retry-after')),
        ...refused.body.error.details,
      }),
    );
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    // The refused lookup read nothing, so nothing is recorded for it.
    const reads = (await w.events('data-access-portal')).filter(
      (e) => (e.data as { phone?: string }).phone === numbers[3],
    );
    expect(reads).toEqual([]);
    // Another principal has lookups of its own; auditors are not limited.
    expect((await lookUp(numbers[3]!, KEYS.mobile)).status).toBe(404);
    for (let i = 0; i < 4; i++) expect((await lookUp(numbers[3]!, KEYS.auditor)).status).toBe(404);
    // The next minute gives the channel its lookups back.
    w.clock.advanceSeconds(60);
    expect((await lookUp(numbers[3]!, KEYS.portal)).status).toBe(404);
  });
});
