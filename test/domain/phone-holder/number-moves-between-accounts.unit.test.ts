import fc from 'fast-check';
import { numberLinkDecider } from '../../../src/domain/number-link/decider';
import type { NumberLinkCommand } from '../../../src/domain/number-link/commands';
import type { NumberLinkEvent } from '../../../src/domain/number-link/events';
import type { NumberLinkState } from '../../../src/domain/number-link/state';
import { phoneHolderDecider } from '../../../src/domain/phone-holder/decider';
import type { PhoneHolderEvent } from '../../../src/domain/phone-holder/events';
import type { PhoneHolderState } from '../../../src/domain/phone-holder/state';
import type { Iin } from '../../../src/domain/shared/iin';
import { plusSeconds, type Instant } from '../../../src/domain/shared/instant';
import type { Msisdn } from '../../../src/domain/shared/msisdn';

/**
 * The three appends an application process makes after `NumberConfirmed` (SPEC R11), against in-memory
 * streams: claim the number, connect it to the account, release it from the previous holder's account.
 */
class Streams {
  readonly holders = new Map<Msisdn, PhoneHolderEvent[]>();
  readonly links = new Map<Iin, NumberLinkEvent[]>();

  holderOf(phone: Msisdn): PhoneHolderState {
    return (this.holders.get(phone) ?? []).reduce(phoneHolderDecider.evolve, phoneHolderDecider.initialState);
  }

  linkOf(iin: Iin): NumberLinkState {
    return (this.links.get(iin) ?? []).reduce(numberLinkDecider.evolve, numberLinkDecider.initialState);
  }

  /** False when the claim is superseded: the process stops and the number is not connected. */
  claim(phone: Msisdn, iin: Iin, requestId: string, at: Instant): boolean {
    const decision = phoneHolderDecider.decide(
      { type: 'ClaimNumber', phone, iin, requestId, at },
      this.holderOf(phone),
    );
    this.holders.set(phone, [...(this.holders.get(phone) ?? []), ...decision.events]);
    return decision.ok;
  }

  link(command: NumberLinkCommand): void {
    const decision = numberLinkDecider.decide(command, this.linkOf(command.iin));
    this.links.set(command.iin, [...(this.links.get(command.iin) ?? []), ...decision.events]);
  }

  /** The whole process for one confirmed request; `steps` cuts it short, as a crash would. */
  connect(phone: Msisdn, iin: Iin, requestId: string, at: Instant, steps = 3): void {
    if (steps < 1) return;
    if (!this.claim(phone, iin, requestId, at) || steps < 2) return;
    this.link({ type: 'ConnectNumber', iin, phone, requestId, channel: 'portal', at });
    if (steps < 3) return;
    // The previous holder is read from the holder stream, so a retry finds it again.
    const claimEvent = (this.holders.get(phone) ?? []).find((e) => e.data.requestId === requestId);
    const previousIin = claimEvent?.data.previousIin;
    if (previousIin === undefined) return;
    this.link({
      type: 'ReleaseNumber',
      iin: previousIin,
      phone,
      reason: 'number_moved_to_another_account',
      byRequestId: requestId,
      holder: this.holderOf(phone).holder?.iin ?? null,
      at,
    });
  }

  accountsConnectedTo(phone: Msisdn): Iin[] {
    return [...this.links.keys()].filter((iin) => this.linkOf(iin).current?.phone === phone);
  }
}

const first = '900101300126' as Iin;
const second = '850502400232' as Iin;
const third = '771215500340' as Iin;
const phone = '+77011234567' as Msisdn;
const otherPhone = '+77071234567' as Msisdn;
const monday = '2026-11-23T09:00:00.000Z' as Instant;
const tuesday = '2026-11-24T09:00:00.000Z' as Instant;

describe('a recycled number moves to the citizen who proves possession of it (SPEC R11)', () => {
  it("connects it to the second citizen and releases the first one's link with the reason", () => {
    const streams = new Streams();
    streams.connect(phone, first, 'req-1', monday);
    streams.connect(phone, second, 'req-2', tuesday);

    expect(streams.accountsConnectedTo(phone)).toEqual([second]);
    expect(streams.links.get(first)?.at(-1)).toEqual({
      type: 'NumberReleased',
      data: {
        iin: first,
        phone,
        reason: 'number_moved_to_another_account',
        byRequestId: 'req-2',
        at: tuesday,
      },
    });
    expect(streams.linkOf(first).history[0]).toMatchObject({
      releasedAt: tuesday,
      reason: 'number_moved_to_another_account',
    });
  });

  it('leaves alone a previous holder that has changed to another number since', () => {
    const streams = new Streams();
    streams.connect(phone, first, 'req-1', monday);
    streams.connect(otherPhone, first, 'req-1b', monday);
    streams.connect(phone, second, 'req-2', tuesday);

    expect(streams.linkOf(first).current?.phone).toBe(otherPhone);
    expect(streams.accountsConnectedTo(phone)).toEqual([second]);
  });

  it('finishes the move when the process is retried after a crash, recording nothing twice', () => {
    const streams = new Streams();
    streams.connect(phone, first, 'req-1', monday);
    streams.connect(phone, second, 'req-2', tuesday, 1); // crashed after the claim
    expect(streams.accountsConnectedTo(phone)).toEqual([first]);

    streams.connect(phone, second, 'req-2', tuesday);
    streams.connect(phone, second, 'req-2', tuesday);

    expect(streams.accountsConnectedTo(phone)).toEqual([second]);
    expect(streams.holders.get(phone)).toHaveLength(2);
    expect(streams.links.get(first)).toHaveLength(2);
    expect(streams.links.get(second)).toHaveLength(1);
  });

  it('keeps every number on at most one account, whatever the claims and retries', () => {
    const citizens = [first, second, third];
    const phones = [phone, otherPhone];
    const confirmationArb = fc.record({
      iin: fc.constantFrom(...citizens),
      phone: fc.constantFrom(...phones),
      steps: fc.integer({ min: 0, max: 3 }),
      retryOf: fc.option(fc.nat(20), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(confirmationArb, { maxLength: 20 }), (confirmations) => {
        const streams = new Streams();
        const done: { iin: Iin; phone: Msisdn; requestId: string; at: Instant }[] = [];
        confirmations.forEach((c, i) => {
          const at = plusSeconds(monday, i * 60);
          const retried = c.retryOf === undefined ? undefined : done[c.retryOf % Math.max(1, done.length)];
          if (retried) {
            streams.connect(retried.phone, retried.iin, retried.requestId, retried.at, c.steps);
          } else {
            const request = { iin: c.iin, phone: c.phone, requestId: `req-${i}`, at };
            done.push(request);
            streams.connect(request.phone, request.iin, request.requestId, at, c.steps);
          }
        });
        // Finish every interrupted process, as the recovery sweep would.
        for (const request of done)
          streams.connect(request.phone, request.iin, request.requestId, request.at);
        for (const p of phones) {
          expect(streams.accountsConnectedTo(p).length).toBeLessThanOrEqual(1);
          // The holder keeps the number unless it connected another one after claiming this one.
          const holder = streams.holderOf(p).holder;
          if (holder === null) continue;
          const link = streams.linkOf(holder.iin);
          const movedOn = link.history.some((entry) => entry.connectedAt > holder.claimedAt);
          expect(link.current?.phone === p || movedOn).toBe(true);
        }
      }),
    );
  });
});
