import { given } from '../../support/given-when-then';
import { numberRequestDecider } from '../../../src/domain/number-request/decider';
import type { ExpireRequest } from '../../../src/domain/number-request/commands';
import { plusSeconds } from '../../../src/domain/shared/instant';
import {
  factsOf,
  opened,
  otpIssued,
  portalConnect,
  requestId,
  rightConfirmation,
  secondsAfterOpening,
  termEnd,
  searchKeys,
} from './number-request-fixtures';

const sweepAt = (at: ExpireRequest['at']): ExpireRequest => ({ type: 'ExpireRequest', at });

describe('the expiry of a request (Annex 3: ten minutes; SPEC R10)', () => {
  it('records the expiry of an open request once its term has passed', () => {
    const at = plusSeconds(termEnd, 30);
    given(numberRequestDecider, opened(portalConnect))
      .when(sweepAt(at))
      .thenEvents([{ type: 'RequestExpired', data: { ...searchKeys, requestId, expiresAt: termEnd, at } }]);
  });

  it('records nothing before the term ends', () =>
    given(numberRequestDecider, opened(portalConnect))
      .when(sweepAt(secondsAfterOpening(599)))
      .thenEvents([]));

  it('records nothing at the exact end of the term, when a confirmation still succeeds', () => {
    given(numberRequestDecider, opened(portalConnect)).when(sweepAt(termEnd)).thenEvents([]);
    // A code resent at 400 s lives until the end of the term.
    given(numberRequestDecider, [...opened(portalConnect), otpIssued(portalConnect, 2, 400)])
      .when(rightConfirmation({ at: termEnd }))
      .thenEvents([
        {
          type: 'NumberConfirmed',
          data: { ...factsOf(portalConnect), secondFactor: 'signature', confirmedAt: termEnd },
        },
      ]);
  });

  it('records nothing for a request already expired', () =>
    given(numberRequestDecider, [
      ...opened(portalConnect),
      { type: 'RequestExpired', data: { ...searchKeys, requestId, expiresAt: termEnd, at: termEnd } },
    ])
      .when(sweepAt(plusSeconds(termEnd, 60)))
      .thenEvents([]));

  it('records nothing for a completed request', () =>
    given(numberRequestDecider, [
      ...opened(portalConnect),
      {
        type: 'NumberConfirmed',
        data: { ...factsOf(portalConnect), secondFactor: 'signature', confirmedAt: secondsAfterOpening(30) },
      },
    ])
      .when(sweepAt(plusSeconds(termEnd, 60)))
      .thenEvents([]));

  it('records nothing for an unknown request', () =>
    given(numberRequestDecider, [])
      .when(sweepAt(plusSeconds(termEnd, 60)))
      .thenEvents([]));

  it('shows the request expired', () =>
    expect(
      given(numberRequestDecider, opened(portalConnect)).when(sweepAt(plusSeconds(termEnd, 1))).stateAfter,
    ).toMatchObject({ status: 'expired' }));
});
