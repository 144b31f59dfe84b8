import { earliest, isPast, plusSeconds, toMillis, type Instant } from '../shared/instant';
import type { Channel } from '../shared/channel';
import type { Iin } from '../shared/iin';
import type { Msisdn } from '../shared/msisdn';
import { accept, refuse, type Decision } from '../shared/refusal';
import type {
  CheckBankNumber,
  ConfirmNumber,
  ExpireRequest,
  NumberRequestCommand,
  Purpose,
  RequestOtp,
  ResendOtp,
  SignatureCheck,
} from './commands';
import type {
  BankCheckEvent,
  ConfirmationFailureCode,
  ConsentRecorded,
  IntakeRefusalCode,
  NumberRequestEvent,
  NumberRequestRefusalCode,
  OtpConfirmationFailed,
  OtpIssued,
  RequestExpired,
  RequestFacts,
  RequestRefused,
  RequestRefusalCode,
  RequestSearchKeys,
  SecondFactor,
} from './events';
import type { ClosedRequest, NoRequest, NumberRequestState, OpenRequest, RefusedAtIntake } from './state';

export function decideNumberRequest(
  command: NumberRequestCommand,
  state: NumberRequestState,
): Decision<NumberRequestEvent> {
  switch (command.type) {
    case 'RequestOtp':
      return requestOtp(command, state);
    case 'ResendOtp':
      return resendOtp(command, state);
    case 'ConfirmNumber':
      return confirmNumber(command, state);
    case 'ExpireRequest':
      return expireRequest(command, state);
  }
}

/**
 * A new request, checked in the order of SPEC §4: consent, identity, the account's number; then the
 * consent is recorded and a code issued. A refusal is recorded and sends no SMS.
 */
export function requestOtp(command: RequestOtp, state: NumberRequestState): Decision<NumberRequestEvent> {
  if (state.status !== 'none') return refuse('request_already_exists');
  const facts = requestFactsOf(command);

  // Annex 9.2: without consent even the identity registry may not be asked.
  if (!command.consent?.given) return refusedAtIntake(requestRefused(facts, 'consent_missing', command.at));

  const consent: ConsentRecorded = {
    type: 'ConsentRecorded',
    data: {
      requestId: command.requestId,
      iin: command.iin,
      textVersion: command.consent.textVersion,
      channel: command.channel,
      principal: command.principal,
      at: command.at,
    },
  };

  // Annex 9.1.
  if (command.identity.status === 'not_verified') {
    const refused = requestRefused(facts, 'identity_not_verified', command.at, command.identity.reason);
    return refuse<NumberRequestEvent>(
      'identity_not_verified',
      { reason: command.identity.reason },
      consent,
      refused,
    );
  }

  const accountRefusal = accountNumberRefusal(command);
  if (accountRefusal) return refusedAtIntake(requestRefused(facts, accountRefusal, command.at), consent);

  const expiresAt = plusSeconds(command.at, command.limits.serviceTermSeconds);
  const needsSignature = requiredSecondFactor(command.purpose, command.channel) === 'signature';
  const issued: OtpIssued = {
    type: 'OtpIssued',
    data: {
      ...facts,
      otpHash: command.otp.hash,
      otpSealed: command.otp.sealed,
      // SPEC R14: the code never outlives the request's term.
      otpExpiresAt: earliest(plusSeconds(command.at, command.limits.otpTtlSeconds), expiresAt),
      expiresAt,
      sendNumber: 1,
      issuedAt: command.at,
      limits: command.limits,
      ...(needsSignature ? { dataToSign: dataToSign({ ...facts, issuedAt: command.at }) } : {}),
      language: command.language,
    },
  };
  return accept<NumberRequestEvent>(consent, issued);
}

/**
 * Rules §8 and SPEC §4: a connect for an account that has a number must be a change; a change needs a
 * connected number other than the new one. Rules §7: a bank's number connects or replaces whatever the
 * account has, so only an equal number (a match, answered without a request) is refused.
 */
function accountNumberRefusal(command: RequestOtp): IntakeRefusalCode | undefined {
  const { currentLink, phone } = command;
  if (command.purpose === 'change') {
    if (currentLink === null) return 'no_number_connected';
    return currentLink === phone ? 'same_number' : undefined;
  }
  if (command.channel === 'bank') return currentLink === phone ? 'number_already_connected' : undefined;
  return currentLink === null ? undefined : 'number_already_connected';
}

function refusedAtIntake(
  refused: RequestRefused,
  ...before: NumberRequestEvent[]
): Decision<NumberRequestEvent> {
  return refuse(refused.data.code, undefined, ...before, refused);
}

/**
 * SPEC R14: a new code no sooner than the cooldown after the last send and at most the request's
 * number of sends. The new code replaces the old one; the attempts already used stay used.
 */
export function resendOtp(command: ResendOtp, state: NumberRequestState): Decision<NumberRequestEvent> {
  if (state.status !== 'otp_sent') return closedRequestAnswer(state);
  if (isPast(state.expiresAt, command.at)) {
    return refuse('request_expired', undefined, requestExpired(state, command.at));
  }
  const { limits, otp } = state;
  // Waiting never helps this request again: retry after its term, with a new request.
  if (otp.sendNumber >= limits.maxSendsPerRequest) {
    return refuse('rate_limited', {
      retryAfterSeconds: secondsUntil(state.expiresAt, command.at),
      limit: 'sends_per_request',
    });
  }
  const nextSendAt = plusSeconds(otp.sentAt, limits.resendCooldownSeconds);
  if (command.at < nextSendAt) {
    return refuse('resend_too_soon', { retryAfterSeconds: secondsUntil(nextSendAt, command.at) });
  }
  return accept({
    type: 'OtpIssued',
    data: {
      ...requestFactsOf(state),
      otpHash: command.otp.hash,
      otpSealed: command.otp.sealed,
      otpExpiresAt: earliest(plusSeconds(command.at, limits.otpTtlSeconds), state.expiresAt),
      expiresAt: state.expiresAt,
      sendNumber: otp.sendNumber + 1,
      issuedAt: command.at,
      limits,
      ...(state.dataToSign === undefined ? {} : { dataToSign: state.dataToSign }),
      // SPEC §9: a resend speaks the language the request was opened in.
      ...(state.language === undefined ? {} : { language: state.language }),
    },
  });
}

/** Whole seconds, rounded up and at least one, as `Retry-After` wants them. */
function secondsUntil(later: Instant, now: Instant): number {
  return Math.max(1, Math.ceil((toMillis(later) - toMillis(now)) / 1000));
}

type ConfirmationFailure =
  | { readonly code: ConfirmationFailureCode; readonly reason?: string }
  | { readonly code: 'revocation_unavailable'; readonly retryAfterSeconds: number };

/**
 * Rules §5-9: the number is confirmed only by the latest code, in time, with the channel's second
 * factor. Every failure counts as an attempt; the one that uses the last attempt answers its own code
 * with `attemptsLeft: 0` and refuses the request, so every later one is `attempts_exceeded`.
 */
export function confirmNumber(
  command: ConfirmNumber,
  state: NumberRequestState,
): Decision<NumberRequestEvent> {
  if (state.status !== 'otp_sent') return closedRequestAnswer(state);
  if (numberConnectedMeanwhile(command, state)) return refuse('number_already_connected');
  // Annex 3: past the ten-minute term nothing can be confirmed.
  if (isPast(state.expiresAt, command.at)) {
    return refuse('request_expired', undefined, requestExpired(state, command.at));
  }
  const failure = firstFailure(command, state);
  // SPEC §8: an unreachable revocation responder is an infrastructure fault; the attempt is not counted.
  if (failure?.code === 'revocation_unavailable') {
    return refuse('revocation_unavailable', { retryAfterSeconds: failure.retryAfterSeconds });
  }
  if (failure) return failedAttempt(state, failure, command);
  const evidence = command.signature?.status === 'valid' ? command.signature.evidence : undefined;
  return accept({
    type: 'NumberConfirmed',
    data: {
      ...requestFactsOf(state),
      secondFactor: requiredSecondFactor(state.purpose, state.channel),
      confirmedAt: command.at,
      ...(evidence === undefined ? {} : { signature: evidence }),
    },
  });
}

/**
 * Rules §8: replacing a connected number takes a change (OTP to the new number + EDS), so a connect
 * opened while the account had no number never replaces one connected since by another request (several
 * may be open, SPEC §4). Rules §7: a bank's request replaces by design. Nothing is recorded.
 */
function numberConnectedMeanwhile(command: ConfirmNumber, request: OpenRequest): boolean {
  if (request.purpose !== 'connect' || request.channel === 'bank') return false;
  return command.currentLink !== null && command.currentLink !== request.phone;
}

/** SPEC §8: a verified timestamp's genTime is the signing time, and it must fall within the request's term. */
function timestampOutsideTerm(check: SignatureCheck, request: OpenRequest): boolean {
  const genTime = check.status === 'valid' ? check.evidence?.timestamp?.genTime : undefined;
  return (
    genTime !== undefined && (isPast(genTime, request.requestedAt) || isPast(request.expiresAt, genTime))
  );
}

function firstFailure(command: ConfirmNumber, request: OpenRequest): ConfirmationFailure | undefined {
  if (isPast(request.otp.expiresAt, command.at)) return { code: 'otp_expired' };
  if (!command.otpMatches) return { code: 'otp_invalid' };
  if (requiredSecondFactor(request.purpose, request.channel) === 'signature') {
    const signature = command.signature ?? { status: 'missing' };
    if (signature.status === 'missing') return { code: 'signature_required' };
    if (signature.status === 'invalid') return { code: signature.code, reason: signature.reason };
    if (signature.status === 'unavailable')
      return { code: 'revocation_unavailable', retryAfterSeconds: signature.retryAfterSeconds };
    if (timestampOutsideTerm(signature, request))
      return { code: 'signature_invalid', reason: 'timestamp_outside_term' };
    return undefined;
  }
  const biometric = command.biometric ?? { status: 'missing' };
  if (biometric.status === 'missing') return { code: 'biometric_required' };
  if (biometric.status === 'failed') return { code: 'biometric_failed', reason: biometric.reason };
  return undefined;
}

function failedAttempt(
  request: OpenRequest,
  failure: { readonly code: ConfirmationFailureCode; readonly reason?: string },
  command: ConfirmNumber,
): Decision<NumberRequestEvent> {
  const attemptsLeft = Math.max(0, request.attemptsLeft - 1);
  const failed: OtpConfirmationFailed = {
    type: 'OtpConfirmationFailed',
    data: {
      ...requestSearchKeysOf(request),
      requestId: request.requestId,
      code: failure.code,
      ...(failure.reason === undefined ? {} : { reason: failure.reason }),
      attemptsLeft,
      at: command.at,
    },
  };
  const details = failure.reason === undefined ? { attemptsLeft } : { attemptsLeft, reason: failure.reason };
  if (attemptsLeft > 0) return refuse(failure.code, details, failed);
  return refuse<NumberRequestEvent>(
    failure.code,
    details,
    failed,
    requestRefused(request, 'attempts_exceeded', command.at),
  );
}

/**
 * Annex 3, SPEC R10: the sweeper records the expiry of an open request once its term has passed; on any
 * other request it records nothing. At the exact end of the term the request is still open, as for a
 * confirmation (`isPast`).
 */
export function expireRequest(
  command: ExpireRequest,
  state: NumberRequestState,
): Decision<NumberRequestEvent> {
  if (state.status !== 'otp_sent' || !isPast(state.expiresAt, command.at)) return accept();
  return accept(requestExpired(state, command.at));
}

/**
 * The answer to a resend or a confirmation of a request that can no longer change. A refused request
 * keeps answering its refusal, so after `attempts_exceeded` nothing succeeds (Rules §9).
 */
export function closedRequestAnswer(
  state: NoRequest | RefusedAtIntake | ClosedRequest,
): Decision<NumberRequestEvent> {
  switch (state.status) {
    case 'none':
      return refuse('not_found');
    case 'connected':
      return refuse('request_completed');
    case 'expired':
      return refuse('request_expired');
    case 'refused':
      return state.refusal.code === 'attempts_exceeded'
        ? refuse('attempts_exceeded', { attemptsLeft: 0 })
        : refuse(state.refusal.code);
  }
}

/** The request's own facts out of a command or a state, and nothing else. */
export const requestFactsOf = (source: RequestFacts): RequestFacts => ({
  requestId: source.requestId,
  iin: source.iin,
  phone: source.phone,
  purpose: source.purpose,
  channel: source.channel,
  principal: source.principal,
});

/** Annex 5: the refusal's code with its reason; `detail` (never personal data) refines the reason. */
export function requestRefused(
  facts: RequestFacts,
  code: RequestRefusalCode,
  at: Instant,
  detail?: string,
): RequestRefused {
  const reason = NUMBER_REQUEST_REFUSAL_REASONS[code] + (detail ? ` (${detail})` : '');
  return { type: 'RequestRefused', data: { ...requestFactsOf(facts), code, reason, at } };
}

export const requestExpired = (request: OpenRequest, at: Instant): RequestExpired => ({
  type: 'RequestExpired',
  data: { ...requestSearchKeysOf(request), requestId: request.requestId, expiresAt: request.expiresAt, at },
});

/** The citizen and number every event of the request names (issue 9: the audit trail searches by them). */
export const requestSearchKeysOf = (facts: RequestFacts): Required<RequestSearchKeys> => ({
  iin: facts.iin,
  phone: facts.phone,
});

/**
 * Rules §5: portal connect = OTP + EDS. Rules §6: eGov mobile = OTP + biometrics. Rules §7: bank = OTP +
 * biometrics. Rules §8: a change, whatever the channel, = OTP to the new number + EDS.
 */
export function requiredSecondFactor(purpose: Purpose, channel: Channel): SecondFactor {
  if (purpose === 'change') return 'signature';
  return channel === 'portal' ? 'signature' : 'biometric';
}

/** The service named in every `dataToSign`, so a signature made for something else never fits. */
export const SIGNED_SERVICE_NAME = 'numlink:subscriber-number-connection';

export interface SignedRequest {
  readonly requestId: string;
  readonly iin: Iin;
  readonly phone: Msisdn;
  readonly purpose: Purpose;
  readonly issuedAt: Instant;
}

/**
 * SPEC R16: base64 of a canonical JSON (keys in alphabetical order, no whitespace, UTF-8) naming the
 * service, the request, the IIN, the number and the issue time. The citizen signs the decoded bytes.
 */
export function dataToSign(request: SignedRequest): string {
  const canonical = JSON.stringify({
    iin: request.iin,
    issuedAt: request.issuedAt,
    phone: request.phone,
    purpose: request.purpose,
    requestId: request.requestId,
    service: SIGNED_SERVICE_NAME,
  });
  const bytes = new TextEncoder().encode(canonical);
  return btoa(String.fromCharCode(...bytes));
}

/** Annex 5: a motivated refusal, the human-readable half. */
export const NUMBER_REQUEST_REFUSAL_REASONS: Readonly<Record<NumberRequestRefusalCode, string>> = {
  consent_missing: 'Consent to access limited-access personal data was not given (Annex 9.2).',
  identity_not_verified: 'The identity could not be verified in the state identity registry (Annex 9.1).',
  number_already_connected: 'A number is already connected to this account; change it instead.',
  same_number: 'This number is already the one connected to the account.',
  no_number_connected: 'No number is connected to this account; connect one first.',
  attempts_exceeded: 'The number of confirmation attempts for this request is exhausted (Rules §9).',
  otp_expired: 'The one-time password has expired.',
  otp_invalid: 'The one-time password is wrong (Rules §9).',
  signature_required: 'The request must be signed with an electronic digital signature.',
  signature_invalid: 'The electronic digital signature is not valid for this request.',
  certificate_untrusted: 'The signer certificate is not trusted.',
  signer_mismatch: 'The request is signed by someone other than the citizen.',
  certificate_not_for_signing:
    'The certificate is not a signing certificate (an authentication certificate cannot sign).',
  not_an_individual: "The service is for individuals only; this is a legal entity's certificate (Rules §3).",
  signer_is_ca: 'A certification authority certificate cannot sign a request.',
  biometric_required: 'Biometric authentication is required.',
  biometric_failed: 'Biometric authentication did not pass (Rules §9).',
  not_found: 'No such request.',
  request_already_exists: 'A request with this id already exists.',
  request_completed: 'The request has already been completed.',
  request_expired: 'The ten-minute service term of the request has passed (Annex 3).',
  resend_too_soon: 'A new code can be sent only a while after the last one.',
  rate_limited: 'No more codes can be sent for this request.',
  revocation_unavailable:
    "The signer certificate's revocation status cannot be checked now; try again shortly. The attempt was not counted.",
};

export type BankCheckResult = 'match' | 'verification_required';

/**
 * Rules §7: the bank's number equal to the one connected to the account is a match and nothing changes;
 * no number, or another one, needs a request confirmed with OTP and biometrics.
 */
export function checkBankNumber(connected: Msisdn | null, bankPhone: Msisdn): BankCheckResult {
  return connected === bankPhone ? 'match' : 'verification_required';
}

/**
 * Rules §7 with Annex 9.2: with the citizen's consent, a bank's number equal to the connected one is a
 * match, recorded with the consent. Any other answer (`verification_required`) records nothing here:
 * the bank's number then goes through a request of its own, with OTP and biometrics.
 */
export function decideBankCheck(command: CheckBankNumber): {
  readonly result: 'match' | 'verification_required';
  readonly decision: Decision<BankCheckEvent>;
} {
  const { checkId, iin, phone, bankId, principal, at } = command;
  if (!command.consent?.given)
    return { result: 'verification_required', decision: refuse('consent_missing') };
  if (checkBankNumber(command.currentLink, phone) === 'verification_required') {
    return { result: 'verification_required', decision: accept() };
  }
  return {
    result: 'match',
    decision: accept<BankCheckEvent>(
      {
        type: 'ConsentRecorded',
        data: {
          requestId: checkId,
          iin,
          textVersion: command.consent.textVersion,
          channel: 'bank',
          principal,
          at,
        },
      },
      { type: 'BankNumberMatched', data: { checkId, iin, phone, bankId, principal, at } },
    ),
  };
}
