import * as fc from 'fast-check';
import { START } from '../../../src/application/ports/event-store';
import { FixedClock } from '../../support/fixed-clock';
import { startTestApp, type TestApp } from '../../support/test-app';

const REVIEWER = 'dev-reviewer-key';

/** Issue 14 §3: sessions, CSRF, CSP, roles, and reads of personal data recorded as the API records them. */
describe('the console over HTTP', () => {
  const clock = new FixedClock('2026-03-02T09:00:00.000Z');
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ overrides: { clock } });
  });
  afterAll(async () => {
    await app.close();
  });

  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const post = (
    route: string,
    fields: Record<string, string>,
    cookie = '',
    headers: Record<string, string> = {},
  ) =>
    fetch(`${app.baseUrl}${route}`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'accept-language': 'en',
        cookie,
        ...headers,
      },
      body: form(fields),
    });
  const get = (route: string, cookie = '') =>
    fetch(`${app.baseUrl}${route}`, { redirect: 'manual', headers: { cookie, 'accept-language': 'en' } });
  const cookieValue = (response: Response, name: string) =>
    response.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  const csrfIn = (page: string) => /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';

  /** Signs in as `key`; the session cookie and the session's CSRF token. */
  const signIn = async (key: string, headers: Record<string, string> = {}) => {
    const signInPage = await get('/console/sign-in');
    const pre = cookieValue(signInPage, 'numlink_console_sign_in')!.split(';')[0]!;
    const signedIn = await post(
      '/console/sign-in',
      { csrf: csrfIn(await signInPage.text()), key },
      pre,
      headers,
    );
    const session = cookieValue(signedIn, 'numlink_console');
    const cookie = session?.split(';')[0] ?? '';
    const page = cookie ? await (await get('/console/complaints/new', cookie)).text() : '';
    return { signedIn, session, cookie, csrf: csrfIn(page) };
  };

  it('exchanges the key for an HttpOnly, SameSite=Strict session cookie, Secure behind TLS', async () => {
    const { signedIn, session } = await signIn(REVIEWER);
    expect(signedIn.status).toBe(303);
    expect(session).toMatch(/^numlink_console=[\w-]{40,}; Path=\/console; HttpOnly; SameSite=Strict$/);
    expect(session).not.toContain(REVIEWER);
    const behindTls = await signIn(REVIEWER, { 'x-forwarded-proto': 'https' });
    expect(behindTls.session).toContain('; Secure');
  });

  it('refuses a channel key and an unknown key at sign-in', async () => {
    const channel = await signIn('dev-portal-key');
    expect(channel.session).toBeUndefined();
    expect(await channel.signedIn.text()).toContain('a channel key cannot');
    const unknown = await signIn('no-such-key');
    expect(unknown.session).toBeUndefined();
    expect(await unknown.signedIn.text()).toContain('not known');
  });

  it('refuses a form without its CSRF token and records nothing', async () => {
    const { cookie, csrf } = await signIn(REVIEWER);
    const before = (await app.runtime.store.readAll({ from: START, limit: 100_000 })).length;
    const forged = await post(
      '/console/complaints',
      { iin: '900101300017', filedWith: 'service_provider', subject: 's', text: 't' },
      cookie,
    );
    expect(forged.status).toBe(403);
    const wrong = await post('/console/complaints', { csrf: `${csrf}x`, subject: 's' }, cookie);
    expect(wrong.status).toBe(403);
    expect((await app.runtime.store.readAll({ from: START, limit: 100_000 })).length).toBe(before);
  });

  it('sends a strict Content-Security-Policy and no-store on every page', async () => {
    const { cookie } = await signIn(REVIEWER);
    const page = await get('/console/complaints', cookie);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    expect(page.headers.get('cache-control')).toBe('no-store');
    const text = await page.text();
    expect(text).not.toMatch(/<script|\sstyle=|\son[a-z]+=/i);
  });

  it("records a paper complaint with its receipt date, and the reviewer's read of it as the API records one", async () => {
    const { cookie, csrf } = await signIn(REVIEWER);
    const created = await post(
      '/console/complaints',
      {
        csrf,
        idempotencyKey: 'paper-1',
        iin: '900101300017',
        filedWith: 'service_provider',
        registeredAt: '2026-02-27T11:30',
        subject: '<b>Paper</b> complaint',
        text: 'Received by post.',
      },
      cookie,
    );
    expect(created.status).toBe(303);
    const location = created.headers.get('location')!;
    const id = location.split('/').pop()!;
    const page = await (await get(location, cookie)).text();
    expect(page).toContain('&lt;b&gt;Paper&lt;/b&gt; complaint');
    expect(page).toContain('2026-02-27 11:30');
    const reads = (await app.runtime.store.readStream('data-access-reviewer')).filter(
      (e) => (e.data as { complaintId?: string }).complaintId === id,
    );
    expect(reads.map((e) => (e.data as { query: string }).query)).toEqual(['GET /v1/complaints/:id']);
  });

  it('shows the refusal of the API next to the field it names', async () => {
    const { cookie, csrf } = await signIn(REVIEWER);
    const refused = await post(
      '/console/complaints',
      {
        csrf,
        idempotencyKey: 'paper-2',
        iin: '900101300018',
        filedWith: 'service_provider',
        subject: 's',
        text: 't',
      },
      cookie,
    );
    expect(refused.status).toBe(200);
    expect(await refused.text()).toMatch(/id="iin"[^>]*aria-invalid="true"[\s\S]*id="iin-error"/);
  });

  it('ends a session idle longer than its timeout', async () => {
    const { cookie } = await signIn(REVIEWER);
    expect((await get('/console/complaints', cookie)).status).toBe(200);
    clock.advanceSeconds(16 * 60);
    const ended = await get('/console/complaints', cookie);
    expect(ended.status).toBe(303);
    expect(ended.headers.get('location')).toBe('/console/sign-in?ended=1');
  });

  it("keeps a reviewer out of the auditor's pages", async () => {
    const { cookie } = await signIn(REVIEWER);
    expect((await get('/console/audit', cookie)).status).toBe(404);
  });
  it('parses no JSON body: a CSRF "token" with a length of 10^8 cannot hold the event loop', async () => {
    const signInPage = await get('/console/sign-in');
    const pre = cookieValue(signInPage, 'numlink_console_sign_in')!.split(';')[0]!;
    const { cookie } = await signIn(REVIEWER);
    const json = (route: string, body: unknown, withCookie: string) =>
      fetch(`${app.baseUrl}${route}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/json', cookie: withCookie },
        body: JSON.stringify(body),
      });

    const answers = await Promise.all([
      json('/console/sign-in', { csrf: { length: 100_000_000 }, key: REVIEWER }, pre),
      json('/console/sign-in', { csrf: 1, key: 'k' }, pre),
      json('/console/language', { csrf: { length: 100_000_000 }, language: 'en' }, pre),
      json('/console/complaints', { csrf: { length: 100_000_000 }, requestId: 1 }, cookie),
    ]);

    expect(answers.map((answer) => answer.status)).toEqual([415, 415, 415, 415]);
    expect((await get('/console/complaints/new', cookie)).status).toBe(200);
  });

  it('skips a cookie of another application that is not percent-encoding (no 500 for its users)', async () => {
    const answer = await get('/console/sign-in', 'other_app=%E0%A4%A');

    expect(answer.status).toBe(200);
  });

  it('answers no hostile form or query with 5xx, signed in or not (SPEC §7)', async () => {
    const reviewer = await signIn(REVIEWER);
    const auditor = await signIn('dev-auditor-key');
    const routes: readonly (readonly ['GET' | 'POST', string])[] = [
      ['GET', '/console'],
      ['GET', '/console/sign-in'],
      ['POST', '/console/sign-in'],
      ['POST', '/console/sign-out'],
      ['POST', '/console/language'],
      ['GET', '/console/complaints'],
      ['GET', '/console/complaints/new'],
      ['POST', '/console/complaints'],
      ['GET', '/console/complaints/{id}'],
      ...['forwarding', 'decision', 'registration', 'court-appeal'].map(
        (action) => ['POST', `/console/complaints/{id}/${action}`] as const,
      ),
      ['GET', '/console/audit'],
      ['POST', '/console/audit/search'],
      ['POST', '/console/audit/export'],
      ['GET', '/console/audit/account'],
      ['POST', '/console/audit/account'],
      ['GET', '/console/audit/verification'],
      ['POST', '/console/audit/verification'],
      ['GET', '/console/audit/access-log'],
    ];
    const text = fc.oneof(
      fc.constantFrom(
        '',
        '0',
        '-1',
        '1e309',
        '[]',
        '__proto__',
        '%',
        '\u0000',
        '900101300017',
        '+77011234567',
      ),
      fc.constantFrom('2026-02-30', '0001-01-01T00:00:00+05:00', '+275760-09-13T00:00:00Z', 'x'.repeat(5000)),
      fc.string({ maxLength: 40 }),
    );
    const fieldNames = fc.constantFrom(
      'csrf',
      'key',
      'iin',
      'phone',
      'complaintId',
      'asOf',
      'from',
      'to',
      'cursor',
      'stage',
      'deadline',
      'dueBefore',
      'body',
      'subject',
      'text',
      'receivedAt',
      'filedWith',
      'decision',
      'return',
      'language',
      'idempotencyKey',
      '__proto__',
      'constructor',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.constantFrom('', reviewer.cookie, auditor.cookie, 'numlink_console=forged'),
        fc.boolean(),
        fc.array(fc.tuple(fieldNames, text), { maxLength: 6 }),
        text,
        async ([method, route], cookie, withCsrf, fields, id) => {
          const path = route.replace('{id}', encodeURIComponent(id.replace(/[\ud800-\udfff]/g, '')) || 'x');
          const params = new URLSearchParams(
            fields.map(([name, value]): [string, string] => [name, value.replace(/[\ud800-\udfff]/g, '')]),
          );
          if (withCsrf) params.set('csrf', cookie === auditor.cookie ? auditor.csrf : reviewer.csrf);
          const answer =
            method === 'GET'
              ? await get(`${path}?${params.toString()}`, cookie)
              : await post(path, Object.fromEntries(params), cookie);
          if (answer.status >= 500) throw new Error(`${method} ${route} answered ${answer.status}`);
        },
      ),
      { numRuns: 150, plugins: [fc.interruptAfterTimeLimit(60_000)] },
    );
  }, 120_000);
});
