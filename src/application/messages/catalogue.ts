import type { Language } from '../../domain/shared/language';

/**
 * Annex 5: the human half of every motivated refusal, keyed by `error.code`, in Kazakh, Russian and
 * English (SPEC §9). Terms follow the Rules' official texts and the laws they cite; see
 * `docs/glossary.md`. Templates: `message-template.ts`. Placeholders read `error.details`.
 */
export type CatalogueEntry = Readonly<Record<Language, string>>;

/** Rules §9: the attempts a failed confirmation leaves, as a trailing sentence. */
const ATTEMPTS_LEFT: CatalogueEntry = {
  kk: '{attemptsLeft, plural, =0 { Басқа әрекет қалмады.} one { # әрекет қалды.} other { # әрекет қалды.}}',
  ru:
    '{attemptsLeft, plural, =0 { Попыток больше не осталось.} one { Осталась # попытка.}' +
    ' few { Осталось # попытки.} many { Осталось # попыток.} other { Осталось # попытки.}}',
  en: '{attemptsLeft, plural, =0 { No attempts are left.} one { # attempt is left.} other { # attempts are left.}}',
};

/** SPEC R14: how long to wait (the `Retry-After` seconds). */
const WAIT: CatalogueEntry = {
  kk: '{retryAfterSeconds} секундтан кейін',
  ru: 'через {retryAfterSeconds, plural, one {# секунду} few {# секунды} many {# секунд} other {# секунды}}',
  en: 'in {retryAfterSeconds, plural, one {# second} other {# seconds}}',
};

/** A confirmation failure (Rules §9): its own sentence, then the attempts left. */
const failure = (entry: CatalogueEntry): CatalogueEntry => ({
  kk: entry.kk + ATTEMPTS_LEFT.kk,
  ru: entry.ru + ATTEMPTS_LEFT.ru,
  en: entry.en + ATTEMPTS_LEFT.en,
});

export const CATALOGUE: Readonly<Record<string, CatalogueEntry>> = {
  // ---- a new request (SPEC §4 order of checks; Rules §3; Annex 9) ----
  invalid_iin: {
    kk: 'ЖСН бақылау разряды дұрыс 12 цифрдан тұруы тиіс.',
    ru: 'ИИН должен состоять из 12 цифр с верным контрольным разрядом.',
    en: 'The IIN must be 12 digits with a valid check digit.',
  },
  invalid_phone: {
    kk: 'Абоненттік нөмір Қазақстандағы ұялы байланыс нөмірі болуы тиіс (+7 7XX XXX XX XX).',
    ru: 'Абонентский номер должен быть номером сотовой связи Казахстана (+7 7XX XXX XX XX).',
    en: 'The subscriber number must be a Kazakhstan mobile number (+7 7XX XXX XX XX).',
  },
  not_an_individual: {
    kk: 'Мемлекеттік қызмет тек жеке тұлғаларға көрсетіледі; бизнес-сәйкестендіру нөмірі (БСН) көрсетілген.',
    ru: 'Государственная услуга оказывается только физическим лицам; указан бизнес-идентификационный номер (БИН).',
    en: 'The public service is provided to individuals only; this is a business identification number (BIN).',
  },
  consent_missing: {
    kk: 'Мемлекеттік қызмет көрсету үшін қажетті қолжетімділігі шектеулі дербес деректерге қол жеткізуге келісім берілмеген.',
    ru: 'Не дано согласие на доступ к персональным данным ограниченного доступа, необходимым для оказания государственной услуги.',
    en: 'Consent to access the limited-access personal data the public service needs was not given.',
  },
  identity_not_verified: {
    kk: 'Жеке басты куәландыратын құжаттар туралы мәліметтер мемлекеттік ақпараттық жүйелерде расталмады.',
    ru: 'Сведения о документах, удостоверяющих личность, не подтверждены в государственных информационных системах.',
    en: 'The identity documents could not be confirmed in the state information systems.',
  },
  identity_registry_unavailable: {
    kk: 'Мемлекеттік ақпараттық жүйелерден мәліметтер алу мүмкін болмады; кейінірек қайталап көріңіз.',
    ru: 'Не удалось получить сведения из государственных информационных систем; повторите попытку позже.',
    en: 'The state information systems could not be reached; try again later.',
  },
  number_already_connected: {
    kk: 'Есептік жазбаға абоненттік нөмір қосылған; нөмірді ауыстыру мүмкіндігін пайдаланыңыз.',
    ru: 'К учетной записи уже подключен абонентский номер; воспользуйтесь сменой номера.',
    en: 'A subscriber number is already connected to the account; change the number instead.',
  },
  same_number: {
    kk: 'Бұл абоненттік нөмір есептік жазбаға қосылып қойған.',
    ru: 'Этот абонентский номер уже подключен к учетной записи.',
    en: 'This subscriber number is already the one connected to the account.',
  },
  no_number_connected: {
    kk: 'Есептік жазбаға абоненттік нөмір қосылмаған; алдымен нөмірді қосыңыз.',
    ru: 'К учетной записи не подключен абонентский номер; сначала подключите номер.',
    en: 'No subscriber number is connected to the account; connect one first.',
  },
  request_already_exists: {
    kk: 'Осындай сәйкестендіргіші бар сұрау бұрыннан бар.',
    ru: 'Запрос с таким идентификатором уже существует.',
    en: 'A request with this identifier already exists.',
  },

  // ---- the one-time password and its limits (SPEC R13, R14) ----
  resend_too_soon: {
    kk: `Жаңа бір реттік парольді ${WAIT.kk} сұратуға болады.`,
    ru: `Новый одноразовый пароль можно запросить ${WAIT.ru}.`,
    en: `A new one-time password can be requested ${WAIT.en}.`,
  },
  rate_limited: {
    kk: `Бір реттік парольдерді жіберу шегіне жетті; ${WAIT.kk} қайталаңыз.`,
    ru: `Превышен лимит отправки одноразовых паролей; повторите ${WAIT.ru}.`,
    en: `The limit of one-time passwords is reached; try again ${WAIT.en}.`,
  },
  // Not a code of its own: the words of `rate_limited` when `details.limit` is `lookups_by_number`.
  lookups_by_number_limited: {
    kk: `Нөмір бойынша іздеу шегіне жетті; ${WAIT.kk} қайталаңыз.`,
    ru: `Превышен лимит поиска по абонентскому номеру; повторите ${WAIT.ru}.`,
    en: `The limit of lookups by number is reached; try again ${WAIT.en}.`,
  },

  // ---- a confirmation (Rules §5-9) ----
  otp_invalid: failure({
    kk: 'Бір реттік пароль қате енгізілді.',
    ru: 'Одноразовый пароль введен неверно.',
    en: 'The one-time password is wrong.',
  }),
  otp_expired: failure({
    kk: 'Бір реттік парольдің қолданылу мерзімі өтті; жаңасын сұратыңыз.',
    ru: 'Срок действия одноразового пароля истек; запросите новый.',
    en: 'The one-time password has expired; request a new one.',
  }),
  signature_required: failure({
    kk: 'Сұрау электрондық цифрлық қолтаңбамен (ЭЦҚ) куәландырылуы тиіс.',
    ru: 'Запрос необходимо удостоверить электронной цифровой подписью (ЭЦП).',
    en: 'The request must be certified with an electronic digital signature (EDS).',
  }),
  signature_invalid: failure({
    kk: 'Электрондық цифрлық қолтаңба осы сұрау үшін тексеруден өтпеді.',
    ru: 'Электронная цифровая подпись не прошла проверку для этого запроса.',
    en: 'The electronic digital signature is not valid for this request.',
  }),
  certificate_untrusted: failure({
    kk: 'ЭЦҚ тіркеу куәлігі қабылданбады: оның мерзімі өткен не әлі басталмаған, немесе оны сенімді куәландырушы орталық бермеген.',
    ru: 'Регистрационное свидетельство ЭЦП не принято: срок его действия истек или не наступил либо оно выдано не доверенным удостоверяющим центром.',
    en: 'The EDS certificate is not accepted: it has expired, is not yet valid, or was not issued by a trusted certification authority.',
  }),
  certificate_not_for_signing: failure({
    kk: 'Бұл тіркеу куәлігі қол қоюға арналмаған: сұрауға аутентификация кілтімен емес, жеке тұлғаның ЭЦҚ қол қою кілтімен қол қойыңыз.',
    ru: 'Это регистрационное свидетельство не предназначено для подписания: подпишите запрос ключом ЭЦП физического лица для подписи, а не ключом аутентификации.',
    en: "This certificate is not an individual's signing certificate: sign with your EDS signing key, not the authentication key.",
  }),
  signer_is_ca: failure({
    kk: 'Сұрауға куәландырушы орталықтың тіркеу куәлігімен қол қойылған; жеке тұлғаның ЭЦҚ тіркеу куәлігімен қол қойыңыз.',
    ru: 'Запрос подписан регистрационным свидетельством удостоверяющего центра; подпишите его регистрационным свидетельством ЭЦП физического лица.',
    en: "The request is signed with a certification authority's certificate; sign it with an individual's EDS certificate.",
  }),
  certificate_revoked: failure({
    kk: 'ЭЦҚ тіркеу куәлігі кері қайтарып алынған.',
    ru: 'Регистрационное свидетельство ЭЦП отозвано.',
    en: 'The EDS certificate has been revoked.',
  }),
  revocation_unavailable: {
    kk: 'ЭЦҚ тіркеу куәлігінің күйін қазір тексеру мүмкін емес; кейінірек қайталап көріңіз.',
    ru: 'Сейчас невозможно проверить, не отозвано ли регистрационное свидетельство ЭЦП; повторите попытку позже.',
    en: 'Whether the EDS certificate is revoked cannot be checked now; try again later.',
  },
  timestamp_invalid: failure({
    kk: 'Қолтаңбаның уақыт белгісі жарамсыз немесе сұраудың мерзімінен тыс.',
    ru: 'Метка времени подписи недействительна или выходит за срок запроса.',
    en: "The signature's timestamp is not valid or lies outside the request's term.",
  }),
  signer_mismatch: failure({
    kk: 'Сұрауға басқа адамның электрондық цифрлық қолтаңбасымен қол қойылған; өз қолтаңбаңызбен қол қойыңыз.',
    ru: 'Запрос подписан электронной цифровой подписью другого лица; подпишите его своей подписью.',
    en: "The request is signed with another person's electronic digital signature; sign it with your own.",
  }),
  biometric_required: failure({
    kk: 'Сұрауды растау үшін биометриялық аутентификациядан өту қажет.',
    ru: 'Для подтверждения запроса необходимо пройти биометрическую аутентификацию.',
    en: 'Biometric authentication is required to confirm the request.',
  }),
  biometric_failed: failure({
    kk: 'Биометриялық аутентификациядан өту сәтсіз аяқталды.',
    ru: 'Биометрическая аутентификация не пройдена.',
    en: 'Biometric authentication was not passed.',
  }),
  attempts_exceeded: {
    kk: 'Сұрауды растау әрекеттерінің саны таусылды; жаңа сұрау жіберіңіз.',
    ru: 'Исчерпано количество попыток подтверждения запроса; подайте новый запрос.',
    en: 'The attempts to confirm this request are exhausted; submit a new request.',
  },
  request_completed: {
    kk: 'Сұрау орындалып қойған.',
    ru: 'Запрос уже исполнен.',
    en: 'The request has already been completed.',
  },
  request_expired: {
    kk: 'Мемлекеттік қызметті көрсету мерзімі өтті; жаңа сұрау жіберіңіз.',
    ru: 'Срок оказания государственной услуги истек; подайте новый запрос.',
    en: 'The term of the public service has passed; submit a new request.',
  },

  // ---- complaints (Rules §10; Law "On Public Services" Art. 25) ----
  complaint_not_found: {
    kk: 'Шағым табылмады.',
    ru: 'Жалоба не найдена.',
    en: 'No such complaint.',
  },
  complaint_already_recorded: {
    kk: 'Шағым тіркеліп қойған.',
    ru: 'Жалоба уже зарегистрирована.',
    en: 'The complaint has already been recorded.',
  },
  invalid_chronology: {
    kk: 'Көрсетілген уақыт шағымның осы органға түскен уақытынан бұрын.{notBefore, date, { Ол # күнінен ерте болмауы тиіс.}}',
    ru: 'Указанное время предшествует поступлению жалобы в этот орган.{notBefore, date, { Оно не может быть ранее #.}}',
    en: 'The time given lies before the complaint reached this body.{notBefore, date, { It may not be earlier than #.}}',
  },
  receipt_date_not_allowed: {
    kk: 'Арна арқылы берілген шағым түскен кезде тіркеледі; ертерек түскен күнді тек шағымдарды қараушы көрсете алады.',
    ru: 'Жалоба, поданная через канал, регистрируется в момент поступления; более раннюю дату поступления указывает только рассматривающий жалобы.',
    en: "A channel's complaint is registered when it is received; only a reviewer records an earlier date of receipt.",
  },
  receipt_date_too_early: {
    kk: 'Шағымның түскен күні өткен жылдың 1 қаңтарынан ерте болмауы тиіс.{notBefore, date, { Ең ерте күн: #.}}',
    ru: 'Дата поступления жалобы не может быть ранее 1 января прошлого года.{notBefore, date, { Самая ранняя дата: #.}}',
    en: 'The date of receipt may not lie before 1 January of the previous year.{notBefore, date, { The earliest is #.}}',
  },
  request_not_citable: {
    kk: 'Шағымда бұл сұрауға сілтеме жасауға болмайды: ол табылмады немесе басқа тұлғаға тиесілі.',
    ru: 'На этот запрос нельзя сослаться в жалобе: он не найден или принадлежит другому лицу.',
    en: 'This request cannot be cited in the complaint: it was not found or belongs to someone else.',
  },
  not_filed_with_service_provider: {
    kk: 'Тек көрсетілетін қызметті берушіге берілген шағым шағымды қарайтын органға жіберіледі.',
    ru: 'В орган, рассматривающий жалобу, направляется только жалоба, поданная услугодателю.',
    en: 'Only a complaint filed with the service provider is forwarded to the body considering it.',
  },
  not_a_considering_body: {
    kk: 'Шағым көрсетілетін қызметті берушіге емес, шағымды қарайтын органға жіберіледі.',
    ru: 'Жалоба направляется в орган, рассматривающий жалобу, а не услугодателю.',
    en: 'A complaint is forwarded to the body considering it, not to the service provider.',
  },
  complaint_already_forwarded: {
    kk: 'Шағым шағымды қарайтын органға жіберіліп қойған.',
    ru: 'Жалоба уже направлена в орган, рассматривающий жалобу.',
    en: 'The complaint has already been forwarded to the body considering it.',
  },
  complaint_not_with_body: {
    kk: 'Шағым бұл органға түспеген.',
    ru: 'Жалоба в этот орган не поступала.',
    en: 'The complaint has not reached this body.',
  },
  complaint_already_decided: {
    kk: 'Бұл орган шағым бойынша шешім қабылдап қойған.',
    ru: 'Этот орган уже принял решение по жалобе.',
    en: 'This body has already taken a decision on the complaint.',
  },
  complaint_already_registered: {
    kk: 'Шағым бұл органда тіркеліп қойған.',
    ru: 'Жалоба уже зарегистрирована в этом органе.',
    en: 'The complaint is already registered with this body.',
  },
  court_appeal_premature: {
    kk: 'Сотқа шағымдануға сотқа дейінгі шағымдану бойынша шешім қабылданғаннан кейін жол беріледі.',
    ru: 'Обжалование в суде допускается после принятия решения по досудебному обжалованию.',
    en: 'An appeal to the court is allowed after the pre-trial appeal has a decision.',
  },
  complaint_already_appealed_to_court: {
    kk: 'Сотқа шағымдану тіркеліп қойған.',
    ru: 'Обжалование в суде уже зарегистрировано.',
    en: 'An appeal to the court has already been recorded.',
  },
  calendar_not_covered: {
    kk: 'Жұмыс күнтізбесі {year} жылды қамтымайды; мерзімді есептеу мүмкін емес (NUMLINK_CALENDAR_FILE толықтырылуы тиіс).',
    ru: 'Календарь рабочих дней не охватывает {year} год; срок не может быть рассчитан (дополните NUMLINK_CALENDAR_FILE).',
    en: 'The working calendar does not cover {year}; the deadline cannot be computed (extend NUMLINK_CALENDAR_FILE).',
  },

  // ---- the API itself (SPEC §4) ----
  validation_failed: {
    kk: 'Сұрау дұрыс толтырылмаған немесе толық емес.',
    ru: 'Запрос заполнен неверно или не полностью.',
    en: 'The request is malformed or incomplete.',
  },
  unauthorized: {
    kk: 'Жарамды API кілті қажет (Authorization: Bearer <кілт>).',
    ru: 'Требуется действующий ключ API (Authorization: Bearer <ключ>).',
    en: 'A valid API key is required (Authorization: Bearer <key>).',
  },
  forbidden: {
    kk: 'Бұл әрекетті орындауға құқық жоқ.',
    ru: 'Нет прав на это действие.',
    en: 'This principal may not do that.',
  },
  not_found: {
    kk: 'Сұралған нысан табылмады.',
    ru: 'Запрошенный объект не найден.',
    en: 'The requested object was not found.',
  },
  idempotency_key_reused: {
    kk: 'Бұл Idempotency-Key басқа сұрау денесімен пайдаланылған.',
    ru: 'Этот Idempotency-Key уже использован с другим телом запроса.',
    en: 'This Idempotency-Key was used with another body.',
  },
  idempotency_key_in_flight: {
    kk: 'Осы Idempotency-Key бар сұрау әлі өңделуде; кейінірек қайталаңыз.',
    ru: 'Запрос с этим Idempotency-Key еще обрабатывается; повторите позже.',
    en: 'A request with this Idempotency-Key is still being handled; try again shortly.',
  },
  headers_too_large: {
    kk: 'Сұраудың тақырыптары тым үлкен.',
    ru: 'Слишком большие заголовки запроса.',
    en: 'The headers are too large.',
  },
  request_timeout: {
    kk: 'Сұрау тым ұзақ келді; қайталап көріңіз.',
    ru: 'Запрос поступал слишком долго; повторите попытку.',
    en: 'The request took too long to arrive; try again.',
  },
  payload_too_large: {
    kk: 'Сұраудың көлемі тым үлкен.',
    ru: 'Слишком большой объем запроса.',
    en: 'The body is too large.',
  },
  unsupported_media_type: {
    kk: 'Сұрау application/json форматында жіберілуі тиіс.',
    ru: 'Запрос должен быть в формате application/json.',
    en: 'Send the body as application/json.',
  },
  store_unavailable: {
    kk: 'Қызмет уақытша қолжетімсіз; кейінірек қайталап көріңіз.',
    ru: 'Сервис временно недоступен; повторите попытку позже.',
    en: 'The service is temporarily unavailable; try again later.',
  },
  internal_error: {
    kk: 'Ішкі қате орын алды; ешқандай өзгеріс енгізілмеді.',
    ru: 'Произошла внутренняя ошибка; никакие изменения не внесены.',
    en: 'Something went wrong on our side; nothing was changed.',
  },
};
