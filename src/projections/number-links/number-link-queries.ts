import type { LinkEndReason } from '../../domain/number-link/state';
import type { Channel } from '../../domain/shared/channel';
import type { Iin } from '../../domain/shared/iin';
import type { Instant } from '../../domain/shared/instant';
import type { Msisdn } from '../../domain/shared/msisdn';
import type { SqlExecutor } from '../../infrastructure/sql/sql-database';
import type { NumberLinkHistoryEntry, NumberLinkView } from './number-link-view';

interface LinkHistoryRow {
  iin: Iin;
  phone: Msisdn | null;
  connected_at: Instant | null;
  channel: Channel | null;
  history_phone: Msisdn | null;
  history_connected_at: Instant | null;
  released_at: Instant | null;
  reason: LinkEndReason | null;
}

// The instants as the domain writes them (ISO-8601, UTC, milliseconds), formatted by the server.
const iso = (column: string): string =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

// One round trip: the link and its history, newest first, through the two primary keys.
const LINK_WITH_HISTORY = `
SELECT l.iin, l.phone, ${iso('l.connected_at')} AS connected_at, l.channel,
       h.phone AS history_phone, ${iso('h.connected_at')} AS history_connected_at,
       ${iso('h.released_at')} AS released_at, h.reason
  FROM number_links l LEFT JOIN number_link_history h ON h.iin = l.iin`;

/** The account's link and history; `undefined` when the account never had a number. */
export async function findLinkByIin(db: SqlExecutor, iin: Iin): Promise<NumberLinkView | undefined> {
  const rows = await db.query<LinkHistoryRow>(
    `${LINK_WITH_HISTORY} WHERE l.iin = $1 ORDER BY h.revision DESC`,
    [iin],
  );
  return toView(rows);
}

/**
 * The links and histories of these accounts, in one round trip: each account through the primary
 * keys (a bound array's `unnest` is estimated at its length). Accounts that never had a number are absent.
 */
export async function findLinksByIins(
  db: SqlExecutor,
  iins: readonly Iin[],
): Promise<Map<Iin, NumberLinkView>> {
  const rows = await db.query<LinkHistoryRow>(
    `${LINK_WITH_HISTORY} JOIN unnest($1::text[]) AS k(iin) ON k.iin = l.iin ORDER BY l.iin, h.revision DESC`,
    [[...new Set(iins)]],
  );
  const byIin = new Map<Iin, LinkHistoryRow[]>();
  for (const row of rows) {
    const own = byIin.get(row.iin);
    if (own) own.push(row);
    else byIin.set(row.iin, [row]);
  }
  const views = new Map<Iin, NumberLinkView>();
  for (const [iin, own] of byIin) {
    const view = toView(own);
    if (view) views.set(iin, view);
  }
  return views;
}

/** The account the number is connected to now (SPEC R11: at most one), or `undefined`. */
export async function findLinkByPhone(db: SqlExecutor, phone: Msisdn): Promise<NumberLinkView | undefined> {
  const rows = await db.query<LinkHistoryRow>(
    `${LINK_WITH_HISTORY} WHERE l.iin = (SELECT iin FROM number_links WHERE phone = $1) ORDER BY h.revision DESC`,
    [phone],
  );
  return toView(rows);
}

function toView(rows: readonly LinkHistoryRow[]): NumberLinkView | undefined {
  const [first] = rows;
  if (!first) return undefined;
  const history = rows.flatMap((row): NumberLinkHistoryEntry[] =>
    row.history_phone === null || row.history_connected_at === null
      ? []
      : [
          {
            phone: row.history_phone,
            connectedAt: row.history_connected_at,
            ...(row.released_at === null ? {} : { releasedAt: row.released_at }),
            ...(row.reason === null ? {} : { reason: row.reason }),
          },
        ],
  );
  return {
    iin: first.iin,
    phone: first.phone,
    connectedAt: first.connected_at,
    channel: first.channel,
    history,
  };
}
