import type { Channel } from '../../domain/shared/channel';
import type { NumberLinkEvent } from '../../domain/number-link/events';
import type { LinkEndReason } from '../../domain/number-link/state';
import type { Iin } from '../../domain/shared/iin';
import type { Instant } from '../../domain/shared/instant';
import type { Msisdn } from '../../domain/shared/msisdn';

/** A number-link event as the projection gets it: with its stream revision (the history's order). */
export interface NumberLinkFact {
  readonly event: NumberLinkEvent;
  readonly revision: number;
}

/** An account's row after the batch: its number, or all NULL once released (or taken by another account). */
export interface LinkRow {
  readonly iin: Iin;
  readonly phone: Msisdn | null;
  readonly connectedAt: Instant | null;
  readonly channel: Channel | null;
  readonly requestId: string | null;
  /** The instant of the last event that changed the row (not the wall clock: a rebuild gives the same). */
  readonly updatedAt: Instant;
}

/** A connection made in the batch (ended in it too, when a later event of the batch ended it). */
export interface HistoryRow {
  readonly iin: Iin;
  readonly revision: number;
  readonly phone: Msisdn;
  readonly connectedAt: Instant;
  readonly channel: Channel;
  readonly requestId: string;
  readonly releasedAt: Instant | null;
  readonly reason: LinkEndReason | null;
}

/** Ends the connection an earlier batch left open for this account (none open: nothing to do). */
export interface HistoryEnding {
  readonly iin: Iin;
  readonly releasedAt: Instant;
  readonly reason: LinkEndReason;
}

/** A number the batch connects, and when it first did: whichever account held it before loses it then. */
export interface NumberTaken {
  readonly phone: Msisdn;
  readonly at: Instant;
}

/** What one batch changes: written by a few multi-row statements, whatever the number of events. */
export interface NumberLinkBatch {
  readonly links: readonly LinkRow[];
  readonly opened: readonly HistoryRow[];
  readonly ended: readonly HistoryEnding[];
  readonly taken: readonly NumberTaken[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface AccountFold {
  readonly iin: Iin;
  readonly opened: Array<Mutable<HistoryRow>>;
  ended: HistoryEnding | undefined;
  link: LinkRow;
  /** Where in the batch its number was connected: a later connection of that number takes it. */
  connectedIndex: number;
}

/** Where in the batch a number was connected, in the batch's order. */
interface Connection {
  readonly index: number;
  readonly at: Instant;
}

/**
 * Folds a batch of number-link events, in global order, into the rows it changes. The history follows
 * `evolveNumberLink`: a connection or a change ends the current number with `number_changed`, a release
 * with its reason; newest first by revision.
 *
 * SPEC R11, events of two accounts out of step: when account B's `NumberConnected` for a number comes
 * before account A's `NumberReleased` of it, the later connection wins at once (A's row loses the number,
 * A's history keeps it open) and A's release, when it comes, only ends A's history entry. So the view
 * never holds a number twice and is right once both events are applied.
 *
 * Put whole: an account's row is its last event's (its number, or none after a release), except that
 * a number connected anywhere after the account's last connection of it is no longer the account's, from
 * the first such connection on. Every cut of the log into batches gives those rows, and so does the
 * rebuild in one pass (`number-links-rebuild.ts`).
 */
export function foldNumberLinkBatch(facts: readonly NumberLinkFact[]): NumberLinkBatch {
  const accounts = new Map<Iin, AccountFold>();
  const connections = new Map<Msisdn, Connection[]>();
  facts.forEach(({ event, revision }, index) => {
    const { iin, at } = event.data;
    const account = accounts.get(iin) ?? newAccount(iin, at);
    accounts.set(iin, account);
    if (event.type === 'NumberReleased') {
      endCurrent(account, at, event.data.reason, revision);
      account.link = released(iin, at);
      return;
    }
    endCurrent(account, at, 'number_changed', revision);
    const { requestId, channel } = event.data;
    const phone = event.type === 'NumberConnected' ? event.data.phone : event.data.to;
    account.opened.push({
      iin,
      revision,
      phone,
      connectedAt: at,
      channel,
      requestId,
      releasedAt: null,
      reason: null,
    });
    account.link = { iin, phone, connectedAt: at, channel, requestId, updatedAt: at };
    account.connectedIndex = index;
    const ofNumber = connections.get(phone);
    if (ofNumber) ofNumber.push({ index, at });
    else connections.set(phone, [{ index, at }]);
  });
  takeNumbersConnectedLater(accounts.values(), connections);
  const all = [...accounts.values()];
  return {
    links: all.map((account) => account.link),
    opened: all.flatMap((account) => account.opened),
    ended: all.flatMap((account) => (account.ended ? [account.ended] : [])),
    taken: [...connections].map(([phone, [first]]) => ({ phone, at: first!.at })),
  };
}

function newAccount(iin: Iin, at: Instant): AccountFold {
  return { iin, opened: [], ended: undefined, link: released(iin, at), connectedIndex: -1 };
}

function released(iin: Iin, at: Instant): LinkRow {
  return { iin, phone: null, connectedAt: null, channel: null, requestId: null, updatedAt: at };
}

/**
 * The connection open before this event ends: one made earlier in the batch, or else one left open
 * before it. The stream's first event (revision 0) has none before it: no statement looks for one.
 */
function endCurrent(account: AccountFold, at: Instant, reason: LinkEndReason, revision: number): void {
  const latest = account.opened[account.opened.length - 1];
  if (latest) {
    if (latest.releasedAt === null) {
      latest.releasedAt = at;
      latest.reason = reason;
    }
  } else if (revision > 0) {
    account.ended ??= { iin: account.iin, releasedAt: at, reason };
  }
}

/**
 * SPEC R11 inside one batch: an account ending the batch with a number that the batch connects again
 * later (to another account, or to one that moved on from it since) loses it at that connection.
 */
function takeNumbersConnectedLater(
  accounts: Iterable<AccountFold>,
  connections: ReadonlyMap<Msisdn, readonly Connection[]>,
): void {
  for (const account of accounts) {
    const phone = account.link.phone;
    if (phone === null) continue;
    const later = connections.get(phone)?.find((c) => c.index > account.connectedIndex);
    if (later) account.link = released(account.iin, later.at);
  }
}
