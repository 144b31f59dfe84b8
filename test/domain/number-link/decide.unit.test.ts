import { given } from '../../support/given-when-then';
import { numberLinkDecider } from '../../../src/domain/number-link/decider';
import { numberLinkStreamId } from '../../../src/domain/number-link/decider';
import {
  citizen,
  connectNumber,
  monday,
  newPhone,
  numberChanged,
  numberConnected,
  otherCitizen,
  phone,
  releaseNumber,
  tuesday,
  wednesday,
} from './number-link-fixtures';

describe("an account's connected number (Annex 5: the result of the service)", () => {
  it('connects the confirmed number to an account that has none (Rules §5, §6)', () =>
    given(numberLinkDecider, []).when(connectNumber()).thenEvents([numberConnected()]));

  it('replaces the number on a change, saying from and to (Rules §8)', () =>
    given(numberLinkDecider, [numberConnected()])
      .when(connectNumber({ phone: newPhone, requestId: 'req-2', at: tuesday }))
      .thenEvents([numberChanged()]));

  it("replaces the account's number with a bank's confirmed number (Rules §7)", () =>
    given(numberLinkDecider, [numberConnected()])
      .when(connectNumber({ phone: newPhone, requestId: 'req-2', channel: 'bank', at: tuesday }))
      .thenEvents([numberChanged({ channel: 'bank' })]));

  it('records nothing when the confirmed number is already the connected one', () =>
    given(numberLinkDecider, [numberConnected()])
      .when(connectNumber({ requestId: 'req-9' }))
      .thenEvents([]));

  it('records nothing for a request it has already applied, even after a later change (retry safety)', () =>
    given(numberLinkDecider, [numberConnected(), numberChanged()]).when(connectNumber()).thenEvents([]));

  it('does not let an older confirmation, finished late after a crash, replace a newer number', () =>
    given(numberLinkDecider, [numberConnected({ at: tuesday })])
      .when(connectNumber({ phone: newPhone, requestId: 'req-0', at: monday }))
      .thenEvents([]));

  it("refuses a command for another account's stream", () =>
    given(numberLinkDecider, [numberConnected()])
      .when(connectNumber({ iin: otherCitizen }))
      .thenRecordsAndRefuses([], 'wrong_account'));

  it('keeps one stream per account', () =>
    expect(numberLinkStreamId(citizen)).toBe(`number-link-${citizen}`));

  describe('releasing a number that moved to another account (SPEC R11)', () => {
    it('releases it with the reason', () =>
      given(numberLinkDecider, [numberConnected()])
        .when(releaseNumber())
        .thenEvents([
          {
            type: 'NumberReleased',
            data: {
              iin: citizen,
              phone,
              reason: 'number_moved_to_another_account',
              byRequestId: 'req-of-other',
              at: wednesday,
            },
          },
        ]));

    it('records nothing when the account has since changed to another number', () =>
      given(numberLinkDecider, [numberConnected(), numberChanged()]).when(releaseNumber()).thenEvents([]));

    it('records nothing when the number is already released (a retry)', () => {
      const released = given(numberLinkDecider, [numberConnected()]).when(releaseNumber()).decision.events;
      given(numberLinkDecider, [numberConnected(), ...released])
        .when(releaseNumber())
        .thenEvents([]);
    });

    it('records nothing when the number has come back to this account since (a late retry)', () =>
      given(numberLinkDecider, [numberConnected()])
        .when(releaseNumber({ holder: citizen }))
        .thenEvents([]));
  });

  describe('the link history, newest first (SPEC §4)', () => {
    it('shows the connected number with when and through which channel', () =>
      expect(given(numberLinkDecider, [numberConnected()]).state).toEqual({
        iin: citizen,
        current: { phone, connectedAt: monday, channel: 'portal', requestId: 'req-1' },
        history: [{ phone, connectedAt: monday, channel: 'portal', requestId: 'req-1' }],
      }));

    it('ends the old number on a change', () =>
      expect(given(numberLinkDecider, [numberConnected(), numberChanged()]).state).toEqual({
        iin: citizen,
        current: { phone: newPhone, connectedAt: tuesday, channel: 'portal', requestId: 'req-2' },
        history: [
          { phone: newPhone, connectedAt: tuesday, channel: 'portal', requestId: 'req-2' },
          {
            phone,
            connectedAt: monday,
            channel: 'portal',
            requestId: 'req-1',
            releasedAt: tuesday,
            reason: 'number_changed',
          },
        ],
      }));

    it('keeps a released number in the history with the reason, and no current number', () => {
      const { stateAfter } = given(numberLinkDecider, [numberConnected()]).when(releaseNumber());
      expect(stateAfter.current).toBeNull();
      expect(stateAfter.history).toEqual([
        {
          phone,
          connectedAt: monday,
          channel: 'portal',
          requestId: 'req-1',
          releasedAt: wednesday,
          reason: 'number_moved_to_another_account',
        },
      ]);
    });

    it('connects a new number to an account whose number was released', () => {
      const released = given(numberLinkDecider, [numberConnected()]).when(releaseNumber()).decision.events;
      given(numberLinkDecider, [numberConnected(), ...released])
        .when(connectNumber({ phone: newPhone, requestId: 'req-3', at: wednesday }))
        .thenEvents([numberConnected({ phone: newPhone, requestId: 'req-3', at: wednesday })]);
    });
  });
});
