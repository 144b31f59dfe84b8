import type { Iin } from '../domain/shared/iin';
import type { Msisdn } from '../domain/shared/msisdn';
import { BoundedMap } from './bounded-map';
import type { StreamEvent } from './streams';

/** The citizen and the number of a request: fixed when it is opened, never changed after. */
export interface RequestParties {
  readonly iin: Iin;
  readonly phone: Msisdn;
}

/** The streams a request was opened on, as they stood once it was: stream id to its events. */
export type OpenedStreams = ReadonlyMap<string, readonly StreamEvent[]>;

const PARTIES_CAPACITY = 20_000;
/** A few kilobytes each: requests confirmed within minutes of opening fit many times over. */
const OPENED_CAPACITY = 4_096;

/**
 * The requests this process opened or read lately. Knowing a request's parties, a confirmation reads
 * its request, the number's holder and the account's link in one statement instead of two; a request
 * not known here (opened by another instance, or before a restart) is read first.
 *
 * A request opened here is also remembered with those three streams as they stood once it was opened
 * (`takeOpenedStreams`), so that its first confirmation need not read them at all. That is safe because
 * the confirmation appends at the revisions it decided on: if any of the streams moved meanwhile
 * (another instance, a resend, the expiry sweep), the store refuses the append and the confirmation
 * reads them and decides again. The streams are handed out once.
 */
export class KnownRequests {
  /** The requests remembered longest ago go first. */
  private readonly parties = new BoundedMap<string, RequestParties>(PARTIES_CAPACITY);
  private readonly opened = new BoundedMap<string, OpenedStreams>(OPENED_CAPACITY);

  remember(requestId: string, parties: RequestParties): void {
    if (this.parties.has(requestId)) return;
    this.parties.set(requestId, { iin: parties.iin, phone: parties.phone });
  }

  partiesOf(requestId: string): RequestParties | undefined {
    return this.parties.get(requestId);
  }

  /** The request was just opened here, on these streams (its own included). */
  rememberOpened(requestId: string, parties: RequestParties, streams: OpenedStreams): void {
    this.remember(requestId, parties);
    this.opened.set(requestId, streams);
  }

  /** The streams the request was opened on, once: a second call (a retry after a conflict) answers none. */
  takeOpenedStreams(requestId: string): OpenedStreams | undefined {
    const streams = this.opened.get(requestId);
    this.opened.delete(requestId);
    return streams;
  }

  /** The request's stream moved here (a resend): what was remembered of it is stale. */
  forgetOpenedStreams(requestId: string): void {
    this.opened.delete(requestId);
  }
}
