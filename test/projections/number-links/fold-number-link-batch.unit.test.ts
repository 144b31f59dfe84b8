import fc from 'fast-check';
import type { NumberLinkState } from '../../../src/domain/number-link/state';
import type { Iin } from '../../../src/domain/shared/iin';
import {
  foldNumberLinkBatch,
  type HistoryRow,
  type LinkRow,
  type NumberLinkBatch,
  type NumberLinkFact,
} from '../../../src/projections/number-links/fold-number-link-batch';
import {
  accounts,
  numbers,
  anyLog,
  playConfirmations,
  writeLog,
  type Confirmation,
  type StreamEvent,
} from './number-link-facts';

const [citizen, otherCitizen] = accounts as [Iin, Iin];

/** The projection's three statements, on maps instead of tables. */
class TablesModel {
  readonly links = new Map<Iin, LinkRow>();
  readonly history: HistoryRow[] = [];

  apply(batch: NumberLinkBatch): void {
    for (const ending of batch.ended)
      for (const [i, row] of this.history.entries())
        if (row.iin === ending.iin && row.releasedAt === null)
          this.history[i] = { ...row, releasedAt: ending.releasedAt, reason: ending.reason };
    this.history.push(...batch.opened);
    for (const taken of batch.taken)
      for (const [iin, row] of this.links)
        if (row.phone === taken.phone)
          this.links.set(iin, {
            iin,
            phone: null,
            connectedAt: null,
            channel: null,
            requestId: null,
            updatedAt: taken.at,
          });
    for (const link of batch.links) this.links.set(link.iin, link);
    const held = [...this.links.values()].flatMap((row) => (row.phone === null ? [] : [row.phone]));
    expect(new Set(held).size).toBe(held.length); // SPEC R11: the unique index would refuse a second holder
  }

  /** An account's history as the decider keeps it: newest first. */
  historyOf(iin: Iin): NumberLinkState['history'] {
    return this.history
      .filter((row) => row.iin === iin)
      .sort((a, b) => b.revision - a.revision)
      .map((row) => ({
        phone: row.phone,
        connectedAt: row.connectedAt,
        channel: row.channel,
        requestId: row.requestId,
        ...(row.releasedAt === null ? {} : { releasedAt: row.releasedAt }),
        ...(row.reason === null ? {} : { reason: row.reason }),
      }));
  }
}

/** An account's row with no number, as of `updatedAt`. */
const releasedRow = (iin: Iin, updatedAt: string): LinkRow => ({
  iin,
  phone: null,
  connectedAt: null,
  channel: null,
  requestId: null,
  updatedAt: updatedAt as LinkRow['updatedAt'],
});

const facts = (events: readonly StreamEvent[]): NumberLinkFact[] =>
  events.map(({ event, revision }) => ({ event, revision }));

/** Applies the events in batches cut after the given indexes. */
function applyInBatches(events: readonly StreamEvent[], cuts: readonly number[]): TablesModel {
  const model = new TablesModel();
  const bounds = [...new Set([0, ...cuts.filter((c) => c < events.length), events.length])].sort(
    (a, b) => a - b,
  );
  for (let i = 1; i < bounds.length; i++)
    model.apply(foldNumberLinkBatch(facts(events.slice(bounds[i - 1], bounds[i]))));
  return model;
}

describe('folding a batch of number-link events', () => {
  it('given a connection, the account holds the number and its history opens', () => {
    const { events } = playConfirmations([{ account: 0, phone: 0, releaseFirst: false }]);
    const batch = foldNumberLinkBatch(facts(events));
    expect(batch.links).toEqual([
      {
        iin: citizen,
        phone: numbers[0],
        connectedAt: '2026-11-23T09:00:00.000Z',
        channel: 'portal',
        requestId: 'req-0',
        updatedAt: '2026-11-23T09:00:00.000Z',
      },
    ]);
    expect(batch.opened).toHaveLength(1);
    expect(batch.opened[0]).toMatchObject({ phone: numbers[0], releasedAt: null, reason: null });
  });

  it('given a change in the same batch, the old number ends with number_changed (Rules §8)', () => {
    const { events } = playConfirmations([
      { account: 0, phone: 0, releaseFirst: false },
      { account: 0, phone: 1, releaseFirst: false },
    ]);
    const batch = foldNumberLinkBatch(facts(events));
    expect(batch.links.map((l) => l.phone)).toEqual([numbers[1]]);
    expect(batch.opened.map((o) => [o.phone, o.releasedAt, o.reason])).toEqual([
      [numbers[0], '2026-11-23T09:01:00.000Z', 'number_changed'],
      [numbers[1], null, null],
    ]);
  });

  it('given an account’s first connection, looks for no earlier connection to end', () => {
    const { events } = playConfirmations([{ account: 0, phone: 0, releaseFirst: false }]);
    const batch = foldNumberLinkBatch(facts(events));
    expect(batch.ended).toEqual([]);
    expect(batch.opened.map((o) => [o.iin, o.phone])).toEqual([[citizen, numbers[0]]]);
  });

  it('given a change in a later batch, it ends the connection an earlier batch left open', () => {
    const { events } = playConfirmations([
      { account: 0, phone: 0, releaseFirst: false },
      { account: 0, phone: 1, releaseFirst: false },
    ]);
    const batch = foldNumberLinkBatch(facts(events.slice(1)));
    expect(batch.ended).toEqual([
      { iin: citizen, releasedAt: '2026-11-23T09:01:00.000Z', reason: 'number_changed' },
    ]);
  });

  it('given another account connects the number before this one is released, the later connection holds it (SPEC R11)', () => {
    const { events } = playConfirmations([
      { account: 0, phone: 0, releaseFirst: false },
      { account: 1, phone: 0, releaseFirst: false },
    ]);
    const beforeRelease = foldNumberLinkBatch(facts(events.slice(0, 2)));
    expect(beforeRelease.links.map((l) => [l.iin, l.phone])).toEqual([
      [citizen, null],
      [otherCitizen, numbers[0]],
    ]);
    // The account that lost the number keeps its connection open until its own release arrives.
    expect(beforeRelease.opened.map((o) => [o.iin, o.releasedAt])).toEqual([
      [citizen, null],
      [otherCitizen, null],
    ]);
    const release = foldNumberLinkBatch(facts(events.slice(2)));
    expect(release.links).toEqual([releasedRow(citizen, '2026-11-23T09:01:00.000Z')]);
    expect(release.ended).toEqual([
      { iin: citizen, releasedAt: '2026-11-23T09:01:00.000Z', reason: 'number_moved_to_another_account' },
    ]);
  });

  const confirmationsArb = fc.array(
    fc.record<Confirmation>({
      account: fc.nat(accounts.length - 1),
      phone: fc.nat(numbers.length - 1),
      releaseFirst: fc.boolean(),
    }),
    { maxLength: 25 },
  );

  it('for any confirmations and any cut into batches, ends with the decider’s links and histories', () =>
    fc.assert(
      fc.property(confirmationsArb, fc.array(fc.nat(60), { maxLength: 8 }), (confirmations, cuts) => {
        const { events, states } = playConfirmations(confirmations);
        const model = applyInBatches(events, cuts);
        for (const [iin, state] of states) {
          expect(model.historyOf(iin)).toEqual(state.history);
          expect(model.links.get(iin)?.phone ?? null).toEqual(state.current?.phone ?? null);
        }
        expect([...model.links.keys()].sort()).toEqual(
          [...states.keys()].filter((iin) => states.get(iin)!.history.length > 0).sort(),
        );
      }),
    ));

  it('for any cut into batches, gives the same rows as one batch (a rebuild is identical)', () =>
    fc.assert(
      fc.property(confirmationsArb, fc.array(fc.nat(60), { maxLength: 8 }), (confirmations, cuts) => {
        const { events } = playConfirmations(confirmations);
        const whole = applyInBatches(events, []);
        const cut = applyInBatches(events, cuts);
        expect(new Map([...cut.links].sort())).toEqual(new Map([...whole.links].sort()));
        for (const iin of accounts) expect(cut.historyOf(iin)).toEqual(whole.historyOf(iin));
      }),
    ));
  it('given the new holder moves on before the old holder’s release, the old holder lost the number all the same, in one batch or in two (SPEC R11)', () => {
    const events = writeLog([
      { account: 0, phone: 0, kind: 'connect' },
      { account: 1, phone: 0, kind: 'connect' },
      { account: 1, phone: 1, kind: 'change' },
    ]);
    const taken = releasedRow(citizen, '2026-11-23T09:01:00.000Z');
    expect(applyInBatches(events, []).links.get(citizen)).toEqual(taken);
    expect(applyInBatches(events, [1]).links.get(citizen)).toEqual(taken);
    expect(applyInBatches(events, [2]).links.get(citizen)).toEqual(taken);
  });

  it('for any log, its accounts out of step in any way, any cut into batches gives the rows of one batch', () =>
    fc.assert(
      fc.property(anyLog, fc.array(fc.nat(40), { maxLength: 8 }), (events, cuts) => {
        const whole = applyInBatches(events, []);
        const cut = applyInBatches(events, cuts);
        expect(new Map([...cut.links].sort())).toEqual(new Map([...whole.links].sort()));
        for (const iin of accounts) expect(cut.historyOf(iin)).toEqual(whole.historyOf(iin));
      }),
    ));
});
