import type { LinkEndReason } from '../../domain/number-link/state';
import type { Channel } from '../../domain/shared/channel';
import type { Iin } from '../../domain/shared/iin';
import type { Instant } from '../../domain/shared/instant';
import type { Msisdn } from '../../domain/shared/msisdn';

/** One number's time on the account; `releasedAt` and `reason` once it ended (SPEC §4). */
export interface NumberLinkHistoryEntry {
  readonly phone: Msisdn;
  readonly connectedAt: Instant;
  readonly releasedAt?: Instant;
  readonly reason?: LinkEndReason;
}

/**
 * SPEC §4 `GET /v1/number-links/{iin}`. An account whose number was released (SPEC R11) has `phone`,
 * `connectedAt` and `channel` null and keeps its history; so does one whose number another account has
 * connected while its own release is still to come (that history entry is then still open). The
 * history includes the connected number, newest first.
 */
export interface NumberLinkView {
  readonly iin: Iin;
  readonly phone: Msisdn | null;
  readonly connectedAt: Instant | null;
  readonly channel: Channel | null;
  readonly history: readonly NumberLinkHistoryEntry[];
}
