import { KEYS, expectRefusal, useWorld } from '../../support/e2e-world';
import { testDatabaseKinds } from '../../support/test-databases';

/**
 * Issue 9 items 1 and 4: bad input is a 4xx in the one error shape, never a 5xx; and a fault on the way
 * never writes personal data to the log.
 */
describe.each(testDatabaseKinds.map((kind) => [kind.name, kind] as const))(
  'hostile input over %s',
  (_, kind) => {
    const world = useWorld({ kind });

    function personalDataIn(lines: readonly string[], ...values: string[]): string[] {
      return lines.filter((line) => values.some((value) => line.includes(value)));
    }

    it.each([
      ['from', '0001-01-01T00:00:00+05:00'],
      ['from', '0000-06-01T00:00:00Z'],
      ['to', '9999-12-31T23:59:59-05:00'],
    ])(
      "refuses an auditor's %s=%s PostgreSQL cannot store, and logs no IIN or phone",
      async (name, value) => {
        const w = world();
        const iin = w.citizen();
        const phone = w.phone();
        const answer = await w.app.call(
          'GET',
          `/v1/audit/events?iin=${iin}&phone=${encodeURIComponent(phone)}&${name}=${encodeURIComponent(value)}`,
          { key: KEYS.auditor },
        );
        expectRefusal(answer, 400, 'validation_failed');
        expect(personalDataIn(w.app.logLines, iin, phone.slice(1))).toEqual([]);
      },
    );

    it('accepts the edges of what PostgreSQL stores', async () => {
      const w = world();
      const answer = await w.app.call(
        'GET',
        `/v1/audit/events?from=${encodeURIComponent('0001-01-01T00:00:00Z')}&to=${encodeURIComponent('9999-12-31T23:59:59.999Z')}&limit=1`,
        { key: KEYS.auditor },
      );
      expect(answer.status).toBe(200);
    });

    it("refuses an auditor's asOf PostgreSQL cannot store, recording no read", async () => {
      const w = world();
      const iin = w.citizen();
      const answer = await w.app.call(
        'GET',
        `/v1/number-links/${iin}?asOf=${encodeURIComponent('0000-01-01T00:00:00Z')}`,
        { key: KEYS.auditor },
      );
      expectRefusal(answer, 400, 'validation_failed');
      const reads = await w.events('data-access-auditor');
      expect(reads.filter((event) => JSON.stringify(event.data).includes(iin))).toEqual([]);
    });

    it('refuses a complaint instant PostgreSQL cannot store', async () => {
      const w = world();
      const answer = await w.app.call('POST', '/v1/complaints', {
        key: KEYS.reviewer,
        body: {
          iin: w.citizen(),
          filedWith: 'service_provider',
          registeredAt: '0000-12-31T18:00:00-05:00',
          subject: 's',
          text: 't',
        },
      });
      expectRefusal(answer, 400, 'validation_failed');
    });

    it.each([
      ['U+0000 in the text', { text: 'before\u0000after' }],
      ['an unpaired high surrogate in the subject', { subject: 'a\ud800b' }],
      ['an unpaired low surrogate in the text', { text: 'x\udc00' }],
    ])('refuses a complaint holding text PostgreSQL cannot store (%s) with 400', async (_, fields) => {
      const w = world();
      const iin = w.citizen();
      const body = { iin, filedWith: 'service_provider', subject: 's', text: 't', ...fields };
      expectRefusal(
        await w.app.call('POST', '/v1/complaints', { key: KEYS.reviewer, body }),
        400,
        'validation_failed',
      );
    });

    it('stores the text of such escapes when it is only text: a backslash, u0000, and a paired surrogate', async () => {
      const w = world();
      const text = 'a literal \\u0000 and \\ud800, and 😀';
      const answer = await w.app.call('POST', '/v1/complaints', {
        key: KEYS.reviewer,
        body: { iin: w.citizen(), filedWith: 'service_provider', subject: 's', text },
      });
      expect(answer.status).toBe(201);
    });

    it.each([
      ['/v1/number-links?phone=%2B77011234567&phone=%2B77011234568', KEYS.portal],
      ['/v1/number-links?phone=a&phone=b', KEYS.auditor],
      ['/v1/audit/events?phone=a&phone=b', KEYS.auditor],
      ['/v1/audit/events?iin=900101300012&iin=900101300012', KEYS.auditor],
      ['/v1/audit/events?from=2026-01-01T00:00:00Z&from=2026-01-02T00:00:00Z', KEYS.auditor],
      ['/v1/audit/events?limit=1&limit=2', KEYS.auditor],
      ['/v1/audit/events?cursor=a&cursor=b', KEYS.auditor],
      ['/v1/audit/events?complaintId=a&complaintId=b', KEYS.auditor],
      ['/v1/number-links/900101300012?asOf=2026-01-01T00:00:00Z&asOf=2026-01-02T00:00:00Z', KEYS.auditor],
      ['/v1/complaints?status=recorded&status=forwarded', KEYS.reviewer],
      ['/v1/complaints?dueBefore=2026-01-01&dueBefore=2026-01-02', KEYS.reviewer],
      ['/v1/complaints?limit=1&limit=2', KEYS.reviewer],
    ])('refuses a repeated query parameter with 400: %s', async (route, key) => {
      const answer = await world().app.call('GET', route, { key });
      expectRefusal(answer, 400, 'validation_failed');
    });

    it('answers a path the router refuses, or headers the HTTP parser refuses, in the one error shape', async () => {
      const w = world();
      expectRefusal(
        await w.app.call('GET', `/v1/number-requests/${'1'.repeat(5_000)}`, { key: KEYS.portal }),
        404,
        'not_found',
      );
      expectRefusal(
        await w.app.call('GET', '/v1/number-links/%zz', { key: KEYS.portal }),
        400,
        'validation_failed',
      );
      const tooLarge = await w.app.call('GET', '/health/live', {
        headers: { 'x-padding': 'x'.repeat(20_000) },
      });
      expectRefusal(tooLarge, 431, 'headers_too_large');
    });

    it.each([
      ['/v1/number-requests', KEYS.portal],
      ['/v1/bank-checks', KEYS.bank],
      ['/v1/complaints', KEYS.reviewer],
    ])('refuses a body nested 5,000 levels deep with 400: %s', async (route, key) => {
      const body = `{"consent":${'['.repeat(5000)}${']'.repeat(5000)}}`;
      const deeper = `{"iin":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`;
      for (const text of [body, deeper]) {
        expectRefusal(await world().app.call('POST', route, { key, body: text }), 400, 'validation_failed');
      }
    });
  },
);
