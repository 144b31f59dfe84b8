import type { Iin } from '../domain/shared/iin';
import type { Msisdn } from '../domain/shared/msisdn';
import { BoundedMap } from './bounded-map';

/** The citizen and the number of a request: fixed when it is opened, never changed after. */
export interface RequestParties {
  readonly iin: Iin;
  readonly phone: Msisdn;
}

const CAPACITY = 20_000;

/**
 * The parties of the requests this process opened or read lately. Knowing them, a confirmation reads
 * its request, the number's holder and the account's link in one statement instead of two; a request
 * not known here (opened by another instance, or before a restart) is read first. Nothing is decided on
 * this memory: the streams are read anyway, and the parties never change.
 */
export class KnownRequests {
  /** The requests remembered longest ago go first. */
  private readonly parties = new BoundedMap<string, RequestParties>(CAPACITY);

  remember(requestId: string, parties: RequestParties): void {
    if (this.parties.has(requestId)) return;
    this.parties.set(requestId, { iin: parties.iin, phone: parties.phone });
  }

  partiesOf(requestId: string): RequestParties | undefined {
    return this.parties.get(requestId);
  }
}
