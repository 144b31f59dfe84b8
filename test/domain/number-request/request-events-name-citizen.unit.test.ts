import { numberRequestDecider } from '../../../src/domain/number-request/decider';
import { plusSeconds } from '../../../src/domain/shared/instant';
import { given } from '../../support/given-when-then';
import {
  citizen,
  newPhone,
  opened,
  portalChange,
  portalConnect,
  phone,
  rightConfirmation,
  termEnd,
} from './number-request-fixtures';

/**
 * Issue 9 item 6: every event of a request names the request's citizen and number, so an auditor who
 * searches the trail by IIN or by number finds the failed attempts and the expiry too.
 */
describe("a request's failures and expiry name its citizen and number", () => {
  it('names the IIN and the number in a failed confirmation', () => {
    const { decision } = given(numberRequestDecider, opened(portalConnect)).when(
      rightConfirmation({ otpMatches: false }),
    );
    expect(decision.events).toEqual([
      { type: 'OtpConfirmationFailed', data: expect.objectContaining({ iin: citizen, phone }) },
    ]);
  });

  it('names the new number, the one the codes went to, in a failed confirmation of a change', () => {
    const { decision } = given(numberRequestDecider, opened(portalChange)).when(
      rightConfirmation({ otpMatches: false }),
    );
    expect(decision.events[0]?.data).toMatchObject({ iin: citizen, phone: newPhone });
  });

  it('names the IIN and the number in the expiry the sweeper records', () => {
    const { decision } = given(numberRequestDecider, opened(portalConnect)).when({
      type: 'ExpireRequest',
      at: plusSeconds(termEnd, 30),
    });
    expect(decision.events).toEqual([
      { type: 'RequestExpired', data: expect.objectContaining({ iin: citizen, phone }) },
    ]);
  });

  it('names the IIN and the number in the expiry a late confirmation records', () => {
    const { decision } = given(numberRequestDecider, opened(portalConnect)).when(
      rightConfirmation({ at: plusSeconds(termEnd, 1) }),
    );
    expect(decision.events).toEqual([
      { type: 'RequestExpired', data: expect.objectContaining({ iin: citizen, phone }) },
    ]);
  });
});
