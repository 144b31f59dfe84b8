import { given } from '../../support/given-when-then';
import { numberRequestDecider } from '../../../src/domain/number-request/decider';
import { plusSeconds } from '../../../src/domain/shared/instant';
import {
  confirmationFailed,
  factsOf,
  limits,
  mobileConnect,
  opened,
  otpIssued,
  portalConnect,
  requestId,
  resend,
  rightConfirmation,
  secondsAfterOpening,
  termEnd,
  wrongCodes,
  searchKeys,
} from './number-request-fixtures';

describe('sending a new code (SPEC R14: not sooner than 60 s, at most 3 sends)', () => {
  it('sends a new code a minute after the last one, with its own five minutes', () =>
    given(numberRequestDecider, opened(portalConnect))
      .when(resend(60))
      .thenEvents([otpIssued(portalConnect, 2, 60)]));

  it('refuses a resend sooner than a minute after the last send, saying when to retry', () =>
    given(numberRequestDecider, opened(portalConnect))
      .when(resend(45))
      .thenRecordsAndRefuses([], 'resend_too_soon', { retryAfterSeconds: 15 }));

  it('rounds the wait up to whole seconds', () =>
    given(numberRequestDecider, opened(portalConnect))
      .when({ ...resend(0), at: plusSeconds(secondsAfterOpening(59), 0.5) })
      .thenRefuses('resend_too_soon', { retryAfterSeconds: 1 }));

  it('counts the cooldown from the latest send, not the first', () =>
    given(numberRequestDecider, [...opened(portalConnect), otpIssued(portalConnect, 2, 100)])
      .when(resend(130, 3))
      .thenRefuses('resend_too_soon', { retryAfterSeconds: 30 }));

  it('sends the third code', () =>
    given(numberRequestDecider, [...opened(portalConnect), otpIssued(portalConnect, 2, 60)])
      .when(resend(120, 3))
      .thenEvents([otpIssued(portalConnect, 3, 120)]));

  it('refuses a fourth send as rate_limited, retrying after the request term', () =>
    given(numberRequestDecider, [
      ...opened(portalConnect),
      otpIssued(portalConnect, 2, 60),
      otpIssued(portalConnect, 3, 120),
    ])
      .when(resend(400, 4))
      .thenRecordsAndRefuses([], 'rate_limited', { retryAfterSeconds: 200, limit: 'sends_per_request' }));

  it('cuts the new code off at the end of the request term (SPEC R14)', () =>
    given(numberRequestDecider, [...opened(mobileConnect), otpIssued(mobileConnect, 2, 400)])
      .when(resend(500, 3))
      .thenEvents([
        {
          ...otpIssued(mobileConnect, 3, 500),
          data: { ...otpIssued(mobileConnect, 3, 500).data, otpExpiresAt: termEnd },
        },
      ]));

  it('keeps the latest code only: the state holds its hash and expiry', () => {
    const { stateAfter } = given(numberRequestDecider, opened(portalConnect)).when(resend(60));
    expect(stateAfter).toMatchObject({
      status: 'otp_sent',
      otp: {
        hash: 'hash-2',
        sendNumber: 2,
        sentAt: secondsAfterOpening(60),
        expiresAt: secondsAfterOpening(60 + limits.otpTtlSeconds),
      },
    });
  });

  it('judges the expiry of a confirmation by the latest code', () => {
    // The first code expired at 300 s; the second, sent at 200 s, lives until 500 s.
    const confirmAt = secondsAfterOpening(450);
    given(numberRequestDecider, [...opened(mobileConnect), otpIssued(mobileConnect, 2, 200)])
      .when(rightConfirmation({ at: confirmAt }))
      .thenEvents([
        {
          type: 'NumberConfirmed',
          data: { ...factsOf(mobileConnect), secondFactor: 'biometric', confirmedAt: confirmAt },
        },
      ]);
  });

  it('does not give back the attempts already used', () => {
    const { stateAfter } = given(numberRequestDecider, [...opened(portalConnect), ...wrongCodes(3)]).when(
      resend(60),
    );
    expect(stateAfter).toMatchObject({ attemptsLeft: 2 });
  });

  describe('no new code for a request that can no longer be confirmed', () => {
    it('refuses after completion', () =>
      given(numberRequestDecider, [
        ...opened(portalConnect),
        {
          type: 'NumberConfirmed',
          data: {
            ...factsOf(portalConnect),
            secondFactor: 'signature',
            confirmedAt: secondsAfterOpening(30),
          },
        },
      ])
        .when(resend(90))
        .thenRecordsAndRefuses([], 'request_completed'));

    it('refuses after the term, recording the expiry', () => {
      const late = plusSeconds(termEnd, 5);
      given(numberRequestDecider, opened(portalConnect))
        .when({ ...resend(0), at: late })
        .thenRecordsAndRefuses(
          [{ type: 'RequestExpired', data: { ...searchKeys, requestId, expiresAt: termEnd, at: late } }],
          'request_expired',
        );
    });

    it('refuses after the attempts are exhausted', () => {
      const lastAttempt = given(numberRequestDecider, [...opened(portalConnect), ...wrongCodes(4)]).when(
        rightConfirmation({ otpMatches: false }),
      );
      given(numberRequestDecider, [
        ...opened(portalConnect),
        ...wrongCodes(4),
        ...lastAttempt.decision.events,
      ])
        .when(resend(90))
        .thenRecordsAndRefuses([], 'attempts_exceeded', { attemptsLeft: 0 });
    });

    it('refuses for an unknown request', () =>
      given(numberRequestDecider, []).when(resend(90)).thenRecordsAndRefuses([], 'not_found'));

    it('refuses after a failure only when the request is closed, not because of the failure', () =>
      given(numberRequestDecider, [...opened(portalConnect), confirmationFailed(4)])
        .when(resend(60))
        .thenEvents([otpIssued(portalConnect, 2, 60)]));
  });
});
