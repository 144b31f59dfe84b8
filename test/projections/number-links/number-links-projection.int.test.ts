import type { Iin } from '../../../src/domain/shared/iin';
import type { Msisdn } from '../../../src/domain/shared/msisdn';
import { findLinkByIin, findLinkByPhone } from '../../../src/projections/number-links/number-link-queries';
import {
  createNumberLinksProjection,
  NUMBER_LINKS_PROJECTION,
} from '../../../src/projections/number-links/number-links-projection';
import { projectionSpec, type ProjectedRows } from '../../support/projection-spec';
import { testDatabaseKinds } from '../../support/test-databases';
import {
  accounts,
  numbers,
  playConfirmations,
  type Confirmation,
  type StreamEvent,
} from './number-link-facts';

const [citizen, otherCitizen] = accounts as [Iin, Iin];
const [phone, newPhone] = numbers as [Msisdn, Msisdn];
const minute = (n: number) => `2026-11-23T09:0${n}:00.000Z`;

describe.each(testDatabaseKinds)('the number-link view on $name', (kind) => {
  const numberLinks = () => projectionSpec(createNumberLinksProjection(), { on: kind });
  const given = (confirmations: readonly Confirmation[]) =>
    numberLinks().given(playConfirmations(confirmations).events);

  const tables = async (rows: ProjectedRows) => ({
    links: await rows.rows('number_links', 'iin'),
    history: await rows.rows('number_link_history', 'iin, revision'),
  });

  it('given a connected number, finds the link by IIN and by number', () =>
    given([{ account: 0, phone: 0, releaseFirst: false }]).then(async ({ db }) => {
      const link = {
        iin: citizen,
        phone,
        connectedAt: minute(0),
        channel: 'portal',
        history: [{ phone, connectedAt: minute(0) }],
      };
      expect(await findLinkByIin(db, citizen)).toEqual(link);
      expect(await findLinkByPhone(db, phone)).toEqual(link);
    }));

  it('finds nothing for an account that never had a number, nor for a number nobody holds', () =>
    given([{ account: 0, phone: 0, releaseFirst: false }]).then(async ({ db }) => {
      expect(await findLinkByIin(db, otherCitizen)).toBeUndefined();
      expect(await findLinkByPhone(db, newPhone)).toBeUndefined();
    }));

  it('given a change, the history shows the old number ended with number_changed (Rules §8)', () =>
    given([
      { account: 0, phone: 0, releaseFirst: false },
      { account: 0, phone: 1, releaseFirst: false },
    ]).then(async ({ db }) => {
      expect(await findLinkByIin(db, citizen)).toEqual({
        iin: citizen,
        phone: newPhone,
        connectedAt: minute(1),
        channel: 'portal',
        history: [
          { phone: newPhone, connectedAt: minute(1) },
          { phone, connectedAt: minute(0), releasedAt: minute(1), reason: 'number_changed' },
        ],
      });
      expect(await findLinkByPhone(db, phone)).toBeUndefined();
    }));

  it('given another citizen proved possession of the number, the account is released with the reason (SPEC R11)', () =>
    given([
      { account: 0, phone: 0, releaseFirst: true },
      { account: 1, phone: 0, releaseFirst: true },
    ]).then(async ({ db }) => {
      expect(await findLinkByIin(db, citizen)).toEqual({
        iin: citizen,
        phone: null,
        connectedAt: null,
        channel: null,
        history: [
          { phone, connectedAt: minute(0), releasedAt: minute(1), reason: 'number_moved_to_another_account' },
        ],
      });
      expect((await findLinkByPhone(db, phone))?.iin).toBe(otherCitizen);
    }));

  it('given the new holder’s connection arrives before the old holder’s release, never holds the number twice and ends right (SPEC R11)', async () => {
    const [first, connected, released] = playConfirmations([
      { account: 0, phone: 0, releaseFirst: false },
      { account: 1, phone: 0, releaseFirst: false },
    ]).events as [StreamEvent, StreamEvent, StreamEvent];
    expect([connected.event.type, released.event.type]).toEqual(['NumberConnected', 'NumberReleased']);
    // Between the two events: the number is the new holder’s; the old account’s entry is still open.
    await numberLinks()
      .given([first])
      .and([connected])
      .then(async ({ db }) => {
        expect((await findLinkByPhone(db, phone))?.iin).toBe(otherCitizen);
        expect(await findLinkByIin(db, citizen)).toEqual({
          iin: citizen,
          phone: null,
          connectedAt: null,
          channel: null,
          history: [{ phone, connectedAt: minute(0) }],
        });
      });
    await numberLinks()
      .given([first])
      .and([connected])
      .and([released])
      .then(async ({ db }) => {
        expect(await findLinkByIin(db, citizen)).toMatchObject({
          phone: null,
          history: [{ phone, releasedAt: minute(1), reason: 'number_moved_to_another_account' }],
        });
        expect((await findLinkByPhone(db, phone))?.iin).toBe(otherCitizen);
      });
  });

  it('given numbers moving between accounts in any order, agrees with the decider and rebuilds to identical rows', () => {
    const confirmations: Confirmation[] = Array.from({ length: 60 }, (_, i) => ({
      account: (i * 7) % accounts.length,
      phone: (i * 5 + (i >> 2)) % numbers.length,
      releaseFirst: i % 3 === 0,
    }));
    const { events, states } = playConfirmations(confirmations);
    return numberLinks()
      .given(events.slice(0, 40))
      .and(events.slice(40))
      .then(async (rows) => {
        for (const [iin, state] of states) {
          const view = await findLinkByIin(rows.db, iin);
          expect(view?.phone ?? null).toEqual(state.current?.phone ?? null);
          expect(view?.history).toEqual(
            state.history.map(({ phone: p, connectedAt, releasedAt, reason }) => ({
              phone: p,
              connectedAt,
              ...(releasedAt ? { releasedAt } : {}),
              ...(reason ? { reason } : {}),
            })),
          );
        }
        const before = await tables(rows);
        expect(before.history.length).toBeGreaterThan(20);
        await rows.rebuild(NUMBER_LINKS_PROJECTION);
        expect(await tables(rows)).toEqual(before);
      });
  });

  it('refuses a second account holding a connected number, but lets many accounts hold none (SPEC R11)', () =>
    given([{ account: 0, phone: 0, releaseFirst: false }]).then(async ({ db }) => {
      const insert = `INSERT INTO number_links (iin, phone, updated_at) VALUES ($1, $2, now())`;
      await expect(db.query(insert, [otherCitizen, phone])).rejects.toThrow(/number_links_phone/);
      await db.query(insert, [otherCitizen, null]);
      await db.query(insert, [accounts[2], null]);
      expect(await db.query('SELECT iin FROM number_links WHERE phone IS NULL')).toHaveLength(2);
    }));
});
