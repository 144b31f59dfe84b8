import type { Iin } from '../../../src/domain/shared/iin';
import { plusSeconds, type Instant } from '../../../src/domain/shared/instant';
import type { Msisdn } from '../../../src/domain/shared/msisdn';
import type { Channel } from '../../../src/domain/shared/channel';
import { dataToSign } from '../../../src/domain/number-request/decide';
import { DEFAULT_NUMBER_REQUEST_LIMITS } from '../../../src/domain/number-request/commands';
import type { ConfirmNumber, RequestOtp, ResendOtp } from '../../../src/domain/number-request/commands';
import type {
  ConsentRecorded,
  NumberRequestEvent,
  OtpConfirmationFailed,
  OtpIssued,
  RequestFacts,
} from '../../../src/domain/number-request/events';
import type { ConfirmationFailureCode } from '../../../src/domain/number-request/events';
import type { Purpose } from '../../../src/domain/number-request/commands';
import { requiredSecondFactor } from '../../../src/domain/number-request/decide';

export const citizen = '900101300126' as Iin;
export const otherCitizen = '850502400232' as Iin;
export const phone = '+77011234567' as Msisdn;
export const newPhone = '+77071234567' as Msisdn;
export const requestId = 'req-1';
export const openedAt = '2026-11-25T10:00:00.000Z' as Instant;
export const limits = DEFAULT_NUMBER_REQUEST_LIMITS;
/** The end of the ten-minute term (Annex 3) of a request opened at `openedAt`. */
export const termEnd = plusSeconds(openedAt, limits.serviceTermSeconds);

export const secondsAfterOpening = (seconds: number): Instant => plusSeconds(openedAt, seconds);

export interface RequestShape {
  readonly purpose: Purpose;
  readonly channel: Channel;
  readonly phone: Msisdn;
}

export const portalConnect: RequestShape = { purpose: 'connect', channel: 'portal', phone };
export const mobileConnect: RequestShape = { purpose: 'connect', channel: 'egov-mobile', phone };
export const bankConnect: RequestShape = { purpose: 'connect', channel: 'bank', phone };
export const portalChange: RequestShape = { purpose: 'change', channel: 'portal', phone: newPhone };
export const mobileChange: RequestShape = { purpose: 'change', channel: 'egov-mobile', phone: newPhone };

export const factsOf = (shape: RequestShape): RequestFacts => ({
  requestId,
  iin: citizen,
  phone: shape.phone,
  purpose: shape.purpose,
  channel: shape.channel,
  principal: `${shape.channel}-backend`,
});

export const requestOtp = (shape: RequestShape, overrides: Partial<RequestOtp> = {}): RequestOtp => ({
  type: 'RequestOtp',
  ...factsOf(shape),
  consent: { given: true, textVersion: 'consent-v3' },
  identity: { status: 'verified' },
  currentLink: shape.purpose === 'change' ? phone : null,
  otp: { hash: 'hash-1', sealed: 'sealed-1' },
  at: openedAt,
  limits,
  language: 'ru',
  ...overrides,
});

export const consentRecorded = (shape: RequestShape): ConsentRecorded => ({
  type: 'ConsentRecorded',
  data: {
    requestId,
    iin: citizen,
    textVersion: 'consent-v3',
    channel: shape.channel,
    principal: `${shape.channel}-backend`,
    at: openedAt,
  },
});

/** The code of send number `sendNumber`, sent `afterSeconds` after the request was opened. */
export const otpIssued = (shape: RequestShape, sendNumber = 1, afterSeconds = 0): OtpIssued => {
  const issuedAt = secondsAfterOpening(afterSeconds);
  const otpExpiresAt = plusSeconds(issuedAt, limits.otpTtlSeconds);
  const signed = requiredSecondFactor(shape.purpose, shape.channel) === 'signature';
  return {
    type: 'OtpIssued',
    data: {
      ...factsOf(shape),
      otpHash: `hash-${sendNumber}`,
      otpSealed: `sealed-${sendNumber}`,
      otpExpiresAt: otpExpiresAt < termEnd ? otpExpiresAt : termEnd,
      expiresAt: termEnd,
      sendNumber,
      issuedAt,
      limits,
      ...(signed ? { dataToSign: dataToSign({ ...factsOf(shape), issuedAt: openedAt }) } : {}),
      language: 'ru',
    },
  };
};

/** The events of a request that was opened and sent its first code. */
export const opened = (shape: RequestShape): NumberRequestEvent[] => [
  consentRecorded(shape),
  otpIssued(shape),
];

/** What every failure and expiry of a request to `phone` names (issue 9: the audit trail's keys). */
export const searchKeys = { iin: citizen, phone } as const;

export const confirmationFailed = (
  attemptsLeft: number,
  code: ConfirmationFailureCode = 'otp_invalid',
  afterSeconds = 30,
  shape: RequestShape = portalConnect,
): OtpConfirmationFailed => ({
  type: 'OtpConfirmationFailed',
  data: {
    iin: citizen,
    phone: shape.phone,
    requestId,
    code,
    attemptsLeft,
    at: secondsAfterOpening(afterSeconds),
  },
});

/** `count` wrong codes, the way the decider records them. */
export const wrongCodes = (count: number): OtpConfirmationFailed[] =>
  Array.from({ length: count }, (_, i) => confirmationFailed(limits.maxAttempts - 1 - i));

/** A confirmation with the right code and a passing second factor, whichever the request needs. */
export const rightConfirmation = (overrides: Partial<ConfirmNumber> = {}): ConfirmNumber => ({
  type: 'ConfirmNumber',
  at: secondsAfterOpening(30),
  currentLink: null,
  otpMatches: true,
  signature: { status: 'valid' },
  biometric: { status: 'passed' },
  ...overrides,
});

export const resend = (afterSeconds: number, sendNumber = 2): ResendOtp => ({
  type: 'ResendOtp',
  otp: { hash: `hash-${sendNumber}`, sealed: `sealed-${sendNumber}` },
  at: secondsAfterOpening(afterSeconds),
});
