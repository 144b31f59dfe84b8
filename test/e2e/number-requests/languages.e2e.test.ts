import { SmsSinkTail } from '../../../src/infrastructure/sms/sms-sink-reader';
import { otpInSmsText } from '../../../src/application/sms-text';
import { CONSENT, E2eWorld, KEYS, expectRefusal, useWorld } from '../../support/e2e-world';
import type { TestResponse } from '../../support/test-app';

// Starting the world (PKI, registry, app) takes long on a busy machine; its hooks get the same room.
jest.setTimeout(240_000);

/** SPEC §9: the citizen reads numlink's words in Kazakh or Russian (or English), SMS included. */
describe('a portal flow in the citizen’s language (SPEC §9, Annex 5)', () => {
  const world = useWorld();

  const smsTexts = async (w: E2eWorld, requestId: string, count: number): Promise<string[]> => {
    const tail = new SmsSinkTail(w.smsPath);
    await tail.waitFor(requestId, { count, timeoutMs: 10_000 });
    return tail.messagesFor(requestId).map((sms) => sms.text);
  };

  const resend = (w: E2eWorld, requestId: string, language: string): Promise<TestResponse> =>
    w.app.call('POST', `/v1/number-requests/${requestId}/otp`, {
      key: KEYS.portal,
      body: {},
      headers: { 'accept-language': language },
    });

  const expectMessage = (
    response: TestResponse,
    language: string,
    status: number,
    code: string,
    text: string,
  ) => {
    expectRefusal(response, status, code);
    expect(response.headers.get('content-language')).toBe(language);
    expect(response.body.error.message).toBe(text);
  };

  it.each([
    {
      header: 'kk',
      language: 'kk',
      sms: /^eGov: бір реттік пароль \d{6}, 5 мин жарамды\. Ешкімге айтпаңыз!$/,
      wrongCode: 'Бір реттік пароль қате енгізілді. 4 әрекет қалды.',
      tooSoon: 'Жаңа бір реттік парольді 45 секундтан кейін сұратуға болады.',
      connectedAlready:
        'Есептік жазбаға абоненттік нөмір қосылған; нөмірді ауыстыру мүмкіндігін пайдаланыңыз.',
    },
    {
      header: 'ru-RU, ru;q=0.9, en;q=0.5',
      language: 'ru',
      sms: /^eGov: одноразовый пароль \d{6} на 5 мин\. Никому не сообщайте!$/,
      wrongCode: 'Одноразовый пароль введен неверно. Осталось 4 попытки.',
      tooSoon: 'Новый одноразовый пароль можно запросить через 45 секунд.',
      connectedAlready: 'К учетной записи уже подключен абонентский номер; воспользуйтесь сменой номера.',
    },
  ])('walks the portal flow with Accept-Language: $header', async (lang) => {
    const w = world();
    const headers = { 'accept-language': lang.header };
    const iin = w.citizen();
    const body = { iin, phone: w.phone(), purpose: 'connect', consent: CONSENT, language: lang.language };

    const created = await w.requestOtp(KEYS.portal, body, headers);
    expect(created.status).toBe(201);
    expect(created.headers.get('content-language')).toBe(lang.language);
    const requestId = created.body.requestId as string;
    const [firstSms] = await smsTexts(w, requestId, 1);
    expect(firstSms).toMatch(lang.sms);
    const firstCode = otpInSmsText(firstSms!)!;

    // Rules §9: a wrong code counts, and the refusal says how many attempts are left.
    const signature = await w.signFor(iin, created.body.dataToSign as string);
    const wrong = await w.confirm(
      KEYS.portal,
      requestId,
      { otp: E2eWorld.wrongCode(firstCode), signature },
      headers,
    );
    expectMessage(wrong, lang.language, 422, 'otp_invalid', lang.wrongCode);
    expect(wrong.body.error.details).toEqual({ attemptsLeft: 4 });

    // SPEC R14: a resend too soon says how long to wait; `details` stay numbers.
    w.clock.advanceSeconds(15);
    const tooSoon = await resend(w, requestId, lang.header);
    expectMessage(tooSoon, lang.language, 429, 'resend_too_soon', lang.tooSoon);
    expect(tooSoon.body.error.details).toEqual({ retryAfterSeconds: 45 });

    // The resend goes in the language the request was opened in.
    w.clock.advanceSeconds(45);
    expect((await resend(w, requestId, lang.header)).status).toBe(202);
    const [, secondSms] = await smsTexts(w, requestId, 2);
    expect(secondSms).toMatch(lang.sms);

    const confirmed = await w.confirm(
      KEYS.portal,
      requestId,
      { otp: otpInSmsText(secondSms!), signature },
      headers,
    );
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ status: 'connected', iin });

    // A second connect for the same account: a motivated refusal in the same language.
    const again = await w.requestOtp(KEYS.portal, { ...body, phone: w.phone() }, headers);
    expectMessage(again, lang.language, 409, 'number_already_connected', lang.connectedAlready);
  });

  it('answers in the default language (Russian) without Accept-Language or with one it does not speak', async () => {
    const w = world();
    for (const headers of [undefined, { 'accept-language': 'de-DE, fr;q=0.8' }]) {
      const refused = await w.requestOtp(
        KEYS.portal,
        { iin: w.bin(), phone: w.phone(), purpose: 'connect', consent: CONSENT },
        headers,
      );
      expectMessage(
        refused,
        'ru',
        422,
        'not_an_individual',
        'Государственная услуга оказывается только физическим лицам; указан бизнес-идентификационный номер (БИН).',
      );
    }
  });

  it('sends the SMS in the configured default language when the request names none', async () => {
    const w = world();
    const created = await w.requestOtp(
      KEYS.portal,
      { iin: w.citizen(), phone: w.phone(), purpose: 'connect', consent: CONSENT },
      { 'accept-language': 'en' },
    );
    expect(created.status).toBe(201);
    const [sms] = await smsTexts(w, created.body.requestId as string, 1);
    expect(sms).toMatch(/^eGov: одноразовый пароль \d{6}/);
  });

  it('refuses a language it does not speak in the body (validation_failed), keeping the diagnostic in details', async () => {
    const w = world();
    const refused = await w.requestOtp(
      KEYS.portal,
      { iin: w.citizen(), phone: w.phone(), purpose: 'connect', consent: CONSENT, language: 'de' },
      { 'accept-language': 'en' },
    );
    expectMessage(refused, 'en', 400, 'validation_failed', 'The request is malformed or incomplete.');
    expect(refused.body.error.details.fields).toHaveProperty('language');
    expect(refused.body.error.details.reason).toMatch(/^language:/);
  });

  it('answers a retried Idempotency-Key in the language of the retry', async () => {
    const w = world();
    const body = { iin: w.bin(), phone: w.phone(), purpose: 'connect', consent: CONSENT };
    const key = `lang-${w.phone()}`;
    const inKazakh = await w.requestOtp(KEYS.portal, body, {
      'idempotency-key': key,
      'accept-language': 'kk',
    });
    const inEnglish = await w.requestOtp(KEYS.portal, body, {
      'idempotency-key': key,
      'accept-language': 'en',
    });
    expectMessage(
      inKazakh,
      'kk',
      422,
      'not_an_individual',
      'Мемлекеттік қызмет тек жеке тұлғаларға көрсетіледі; бизнес-сәйкестендіру нөмірі (БСН) көрсетілген.',
    );
    expectMessage(
      inEnglish,
      'en',
      422,
      'not_an_individual',
      'The public service is provided to individuals only; this is a business identification number (BIN).',
    );
  });

  it('describes the negotiation and a refusal in each language in the OpenAPI description', async () => {
    const docs = await world().app.call('GET', '/docs-json');
    const confirm = docs.body.paths['/v1/number-requests/{id}/confirmation'].post;
    expect(confirm.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ in: 'header', name: 'Accept-Language' })]),
    );
    const examples = confirm.responses['422'].content['application/json'].examples;
    expect(
      Object.values(examples).map(
        (e) => (e as { value: { error: { message: string } } }).value.error.message,
      ),
    ).toEqual([
      'Бір реттік пароль қате енгізілді. 4 әрекет қалды.',
      'Одноразовый пароль введен неверно. Осталось 4 попытки.',
      'The one-time password is wrong. 4 attempts are left.',
    ]);
    const createBody = docs.body.components.schemas.CreateNumberRequestDto.properties;
    expect(createBody.language.enum).toEqual(['kk', 'ru', 'en']);
  });

  it("shows a refused request's motivated refusal in the language asked for", async () => {
    const w = world();
    const refused = await w.requestOtp(KEYS.portal, {
      iin: w.citizen(),
      phone: w.phone(),
      purpose: 'connect',
    });
    expectRefusal(refused, 422, 'consent_missing');
    const requestId = refused.body.error.details.requestId as string;
    const view = await w.app.call('GET', `/v1/number-requests/${requestId}`, {
      key: KEYS.portal,
      headers: { 'accept-language': 'kk' },
    });
    expect(view.status).toBe(200);
    expect(view.headers.get('content-language')).toBe('kk');
    expect(view.body.refusal).toMatchObject({
      code: 'consent_missing',
      message:
        'Мемлекеттік қызмет көрсету үшін қажетті қолжетімділігі шектеулі дербес деректерге қол жеткізуге келісім берілмеген.',
    });
  });
});
