import { given } from '../../support/given-when-then';
import { numberRequestDecider } from '../../../src/domain/number-request/decider';
import type { NumberConfirmed, RequestRefused } from '../../../src/domain/number-request/events';
import { NUMBER_REQUEST_REFUSAL_REASONS } from '../../../src/domain/number-request/decide';
import { plusSeconds } from '../../../src/domain/shared/instant';
import {
  bankConnect,
  confirmationFailed,
  factsOf,
  limits,
  mobileChange,
  mobileConnect,
  newPhone,
  opened,
  otpIssued,
  phone,
  portalChange,
  portalConnect,
  requestId,
  rightConfirmation,
  secondsAfterOpening,
  termEnd,
  wrongCodes,
  type RequestShape,
  searchKeys,
} from './number-request-fixtures';

const at = secondsAfterOpening(30);

const confirmed = (shape: RequestShape, secondFactor: 'signature' | 'biometric'): NumberConfirmed => ({
  type: 'NumberConfirmed',
  data: { ...factsOf(shape), secondFactor, confirmedAt: at },
});

const attemptsExhausted = (shape: RequestShape): RequestRefused => ({
  type: 'RequestRefused',
  data: {
    ...factsOf(shape),
    code: 'attempts_exceeded',
    reason: NUMBER_REQUEST_REFUSAL_REASONS.attempts_exceeded,
    at,
  },
});

describe('confirming a number', () => {
  describe('the factors of each channel (Rules §5-8, SPEC §4)', () => {
    it('confirms a portal connect with the code and an EDS signature (Rules §5)', () =>
      given(numberRequestDecider, opened(portalConnect))
        .when(rightConfirmation({ biometric: undefined }))
        .thenEvents([confirmed(portalConnect, 'signature')]));

    it('confirms an eGov mobile connect with the code and passed biometrics (Rules §6)', () =>
      given(numberRequestDecider, opened(mobileConnect))
        .when(rightConfirmation({ signature: undefined }))
        .thenEvents([confirmed(mobileConnect, 'biometric')]));

    it("confirms a bank's number with the code and passed biometrics (Rules §7)", () =>
      given(numberRequestDecider, opened(bankConnect))
        .when(rightConfirmation({ signature: undefined }))
        .thenEvents([confirmed(bankConnect, 'biometric')]));

    it('confirms a change with the code sent to the new number and an EDS, whatever the channel (Rules §8)', () => {
      for (const shape of [portalChange, mobileChange]) {
        given(numberRequestDecider, opened(shape))
          .when(rightConfirmation({ biometric: undefined }))
          .thenEvents([confirmed(shape, 'signature')]);
      }
    });

    it('does not take biometrics instead of the EDS a change needs', () =>
      given(numberRequestDecider, opened(mobileChange))
        .when(rightConfirmation({ signature: undefined }))
        .thenRecordsAndRefuses(
          [confirmationFailed(4, 'signature_required', 30, mobileChange)],
          'signature_required',
          {
            attemptsLeft: 4,
          },
        ));

    it('does not take an EDS instead of the biometrics an eGov mobile connect needs', () =>
      given(numberRequestDecider, opened(mobileConnect))
        .when(rightConfirmation({ biometric: undefined }))
        .thenRecordsAndRefuses([confirmationFailed(4, 'biometric_required')], 'biometric_required', {
          attemptsLeft: 4,
        }));

    it('shows the request connected, when (Annex 5)', () =>
      expect(
        given(numberRequestDecider, opened(portalConnect)).when(rightConfirmation()).stateAfter,
      ).toMatchObject({ status: 'connected', connectedAt: at }));
  });

  describe('a failed confirmation never connects and counts as an attempt (Rules §9)', () => {
    it('refuses a wrong code', () =>
      given(numberRequestDecider, opened(portalConnect))
        .when(rightConfirmation({ otpMatches: false }))
        .thenRecordsAndRefuses([confirmationFailed(4, 'otp_invalid')], 'otp_invalid', { attemptsLeft: 4 }));

    it('refuses a code past its five minutes, even the right one', () => {
      const late = secondsAfterOpening(limits.otpTtlSeconds + 1);
      given(numberRequestDecider, opened(portalConnect))
        .when(rightConfirmation({ at: late }))
        .thenRecordsAndRefuses(
          [
            {
              type: 'OtpConfirmationFailed',
              data: { ...searchKeys, requestId, code: 'otp_expired', attemptsLeft: 4, at: late },
            },
          ],
          'otp_expired',
          { attemptsLeft: 4 },
        );
    });

    it('accepts the code at the last instant of its life', () =>
      given(numberRequestDecider, opened(mobileConnect))
        .when(rightConfirmation({ at: secondsAfterOpening(limits.otpTtlSeconds) }))
        .thenEvents([
          {
            type: 'NumberConfirmed',
            data: {
              ...factsOf(mobileConnect),
              secondFactor: 'biometric',
              confirmedAt: secondsAfterOpening(limits.otpTtlSeconds),
            },
          },
        ]));

    it('refuses a confirmation without the signature it needs (signature_required)', () =>
      given(numberRequestDecider, opened(portalConnect))
        .when(rightConfirmation({ signature: { status: 'missing' } }))
        .thenRecordsAndRefuses([confirmationFailed(4, 'signature_required')], 'signature_required', {
          attemptsLeft: 4,
        }));

    it.each(['signature_invalid', 'certificate_untrusted', 'signer_mismatch'] as const)(
      'refuses a signature the verifier found wrong: %s, with its reason',
      (code) =>
        given(numberRequestDecider, opened(portalConnect))
          .when(rightConfirmation({ signature: { status: 'invalid', code, reason: 'why' } }))
          .thenRecordsAndRefuses(
            [
              {
                type: 'OtpConfirmationFailed',
                data: { ...searchKeys, requestId, code, reason: 'why', attemptsLeft: 4, at },
              },
            ],
            code,
            { attemptsLeft: 4, reason: 'why' },
          ),
    );

    it('refuses a confirmation without the biometrics it needs (biometric_required)', () =>
      given(numberRequestDecider, opened(bankConnect))
        .when(rightConfirmation({ biometric: { status: 'missing' } }))
        .thenRecordsAndRefuses([confirmationFailed(4, 'biometric_required')], 'biometric_required', {
          attemptsLeft: 4,
        }));

    it('refuses a failed biometric authentication (biometric_failed)', () =>
      given(numberRequestDecider, opened(mobileConnect))
        .when(rightConfirmation({ biometric: { status: 'failed', reason: 'no_match' } }))
        .thenRecordsAndRefuses(
          [
            {
              type: 'OtpConfirmationFailed',
              data: {
                ...searchKeys,
                requestId,
                code: 'biometric_failed',
                reason: 'no_match',
                attemptsLeft: 4,
                at,
              },
            },
          ],
          'biometric_failed',
          { attemptsLeft: 4, reason: 'no_match' },
        ));

    it('names the wrong code before a missing second factor', () =>
      given(numberRequestDecider, opened(portalConnect))
        .when(rightConfirmation({ otpMatches: false, signature: undefined }))
        .thenRefuses('otp_invalid', { attemptsLeft: 4 }));

    it('does not use up the code: the right code after a wrong one connects', () =>
      given(numberRequestDecider, [...opened(portalConnect), ...wrongCodes(2)])
        .when(rightConfirmation())
        .thenEvents([confirmed(portalConnect, 'signature')]));
  });

  describe('the attempts of a request (Rules §9, SPEC R14: five)', () => {
    it('counts down one attempt per failure', () =>
      given(numberRequestDecider, [...opened(portalConnect), ...wrongCodes(3)])
        .when(rightConfirmation({ otpMatches: false }))
        .thenRefuses('otp_invalid', { attemptsLeft: 1 }));

    it('answers the fifth wrong code with otp_invalid and no attempt left, and refuses the request', () =>
      given(numberRequestDecider, [...opened(portalConnect), ...wrongCodes(4)])
        .when(rightConfirmation({ otpMatches: false }))
        .thenRecordsAndRefuses(
          [confirmationFailed(0, 'otp_invalid'), attemptsExhausted(portalConnect)],
          'otp_invalid',
          {
            attemptsLeft: 0,
          },
        ));

    it('answers a missing factor on the last attempt with its own code and no attempt left', () =>
      given(numberRequestDecider, [...opened(mobileConnect), ...wrongCodes(4)])
        .when(rightConfirmation({ biometric: undefined }))
        .thenRecordsAndRefuses(
          [confirmationFailed(0, 'biometric_required'), attemptsExhausted(mobileConnect)],
          'biometric_required',
          { attemptsLeft: 0 },
        ));

    it('refuses the sixth confirmation with attempts_exceeded, even with the right code', () => {
      const fifth = given(numberRequestDecider, [...opened(portalConnect), ...wrongCodes(4)]).when(
        rightConfirmation({ otpMatches: false }),
      );
      given(numberRequestDecider, [...opened(portalConnect), ...wrongCodes(4), ...fifth.decision.events])
        .when(rightConfirmation())
        .thenRecordsAndRefuses([], 'attempts_exceeded', { attemptsLeft: 0 });
    });

    it('shows the request refused for exhausted attempts (Annex 5)', () =>
      expect(
        given(numberRequestDecider, [...opened(portalConnect), ...wrongCodes(4)]).when(
          rightConfirmation({ otpMatches: false }),
        ).stateAfter,
      ).toMatchObject({ status: 'refused', attemptsLeft: 0, refusal: { code: 'attempts_exceeded' } }));

    it('follows the configured number of attempts', () => {
      const twoAttempts = { ...limits, maxAttempts: 2 };
      const issued = otpIssued(portalConnect);
      const events = [{ ...issued, data: { ...issued.data, limits: twoAttempts } }, confirmationFailed(1)];
      given(numberRequestDecider, events)
        .when(rightConfirmation({ otpMatches: false }))
        .thenRefuses('otp_invalid', { attemptsLeft: 0 });
    });
  });

  describe('the evidence of an EDS (SPEC §8)', () => {
    const evidence = {
      certificateSerial: '0a1b',
      timestamp: { genTime: secondsAfterOpening(20), tsa: 'CN=Test TSA' },
      revocation: {
        method: 'ocsp' as const,
        responder: 'http://ocsp.example/',
        producedAt: secondsAfterOpening(21),
        checkedAt: secondsAfterOpening(29),
        response: 'MAA=',
      },
    };

    it('records the certificate, the timestamp and the revocation status with the confirmation', () =>
      given(numberRequestDecider, opened(portalConnect))
        .when(rightConfirmation({ signature: { status: 'valid', evidence } }))
        .thenEvents([
          {
            type: 'NumberConfirmed',
            data: { ...confirmed(portalConnect, 'signature').data, signature: evidence },
          },
        ]));

    it('refuses a timestamp whose genTime lies after the term, counting the attempt', () =>
      given(numberRequestDecider, opened(portalConnect))
        .when(
          rightConfirmation({
            signature: {
              status: 'valid',
              evidence: { ...evidence, timestamp: { genTime: plusSeconds(termEnd, 1), tsa: 'CN=Test TSA' } },
            },
          }),
        )
        .thenRecordsAndRefuses(
          [
            {
              ...confirmationFailed(4, 'signature_invalid'),
              data: { ...confirmationFailed(4, 'signature_invalid').data, reason: 'timestamp_outside_term' },
            },
          ],
          'signature_invalid',
          { attemptsLeft: 4, reason: 'timestamp_outside_term' },
        ));

    it('refuses a timestamp whose genTime lies before the request was opened', () =>
      given(numberRequestDecider, opened(portalConnect))
        .when(
          rightConfirmation({
            signature: {
              status: 'valid',
              evidence: { ...evidence, timestamp: { genTime: secondsAfterOpening(-1), tsa: 'CN=Test TSA' } },
            },
          }),
        )
        .thenRefuses('signature_invalid', { attemptsLeft: 4, reason: 'timestamp_outside_term' }));

    it('answers revocation_unavailable without counting an attempt when no responder could tell', () =>
      given(numberRequestDecider, opened(portalConnect))
        .when(
          rightConfirmation({
            signature: { status: 'unavailable', reason: 'ocsp_unreachable', retryAfterSeconds: 30 },
          }),
        )
        .thenRecordsAndRefuses([], 'revocation_unavailable', { retryAfterSeconds: 30 }));
  });

  describe('a connect never replaces a number connected meanwhile (Rules §8, SPEC §4)', () => {
    it('refuses a connect once another request has connected a number to the account, and records nothing', () =>
      given(numberRequestDecider, opened(portalConnect))
        .when(rightConfirmation({ currentLink: newPhone }))
        .thenRecordsAndRefuses([], 'number_already_connected'));

    it('confirms a connect when the number connected meanwhile is this very number', () =>
      given(numberRequestDecider, opened(mobileConnect))
        .when(rightConfirmation({ currentLink: phone, signature: undefined }))
        .thenEvents([confirmed(mobileConnect, 'biometric')]));

    it("confirms a bank's number over the connected one: it replaces by design (Rules §7)", () =>
      given(numberRequestDecider, opened(bankConnect))
        .when(rightConfirmation({ currentLink: newPhone, signature: undefined }))
        .thenEvents([confirmed(bankConnect, 'biometric')]));

    it('confirms a change over the connected number (Rules §8)', () =>
      given(numberRequestDecider, opened(portalChange))
        .when(rightConfirmation({ currentLink: phone, biometric: undefined }))
        .thenEvents([confirmed(portalChange, 'signature')]));
  });

  describe('a request that can no longer be confirmed', () => {
    it('answers a confirmation of a completed request with request_completed (409)', () =>
      given(numberRequestDecider, [...opened(portalConnect), confirmed(portalConnect, 'signature')])
        .when(rightConfirmation())
        .thenRecordsAndRefuses([], 'request_completed'));

    it('refuses a confirmation past the ten-minute term and records the expiry (Annex 3)', () => {
      const late = plusSeconds(termEnd, 1);
      given(numberRequestDecider, opened(portalConnect))
        .when(rightConfirmation({ at: late }))
        .thenRecordsAndRefuses(
          [{ type: 'RequestExpired', data: { ...searchKeys, requestId, expiresAt: termEnd, at: late } }],
          'request_expired',
        );
    });

    it('refuses a confirmation of an expired request without recording the expiry again', () =>
      given(numberRequestDecider, [
        ...opened(portalConnect),
        { type: 'RequestExpired', data: { ...searchKeys, requestId, expiresAt: termEnd, at: termEnd } },
      ])
        .when(rightConfirmation())
        .thenRecordsAndRefuses([], 'request_expired'));

    it('answers a request refused at intake with its refusal', () => {
      const refusedAtIntake = given(numberRequestDecider, []).when({
        type: 'RequestOtp',
        ...factsOf(portalConnect),
        consent: undefined,
        identity: { status: 'verified' },
        currentLink: null,
        otp: { hash: 'h', sealed: 's' },
        at: secondsAfterOpening(0),
        limits,
        language: 'ru',
      });
      given(numberRequestDecider, refusedAtIntake.decision.events)
        .when(rightConfirmation())
        .thenRecordsAndRefuses([], 'consent_missing');
    });

    it('answers a confirmation of an unknown request with not_found', () =>
      given(numberRequestDecider, []).when(rightConfirmation()).thenRecordsAndRefuses([], 'not_found'));
  });
});
