import type { NumberLinkEvent } from '../../domain/number-link/events';
import type { SqlExecutor } from '../../infrastructure/sql/sql-database';
import type { BuildStep, OnePassRebuild, ProjectedEvent } from '../runtime/projection';

/**
 * Memory for each of the build's sorts, in its transaction only: 350,000 staged events sort in about
 * 57 MB; more spill to disk (slower, still right).
 */
const BUILD_WORK_MEM = '64MB';

/**
 * Each step's settings, in its transaction only: the memory above, and no JIT compilation, which a
 * statement run once never earns back. In a probe of 333,333 events the planner took the join of the
 * staging with the connections taken for 132 million rows (185,185 came), and compiled the accounts'
 * statement for 0.24 s of its 1.7 s.
 */
const BUILD_SETTINGS = `SET LOCAL work_mem = '${BUILD_WORK_MEM}'; SET LOCAL jit = off`;

/**
 * The number-link view rebuilt in one pass (issue 11 item 9): every event goes into an unlogged table
 * with no index, and a few statements write the final rows from it, once each. Batch after batch, a row
 * is written for every event that touches it (2.5 row writes an event, most of them updates of rows an
 * earlier batch wrote); here each final row is written once.
 *
 * It gives the rows of `foldNumberLinkBatch` over any cut into batches (a property test holds them
 * equal over arbitrary logs):
 * - a connection's history entry ends at the account's next event, with that release's reason or
 *   `number_changed` (Rules §8);
 * - an account's row is its last event's, except that a number connected anywhere after the account's
 *   last connection of it is gone from the row, from the first such connection on (SPEC R11).
 */
export const numberLinksRebuild: OnePassRebuild<NumberLinkEvent> = {
  createStaging: async (tx, table) => {
    await tx.exec(`
CREATE UNLOGGED TABLE ${table} (
  seq bigint NOT NULL,
  -- Strings of digits: compared byte by byte, with no locale's rules.
  iin text COLLATE "C" NOT NULL,
  revision bigint NOT NULL,
  type text NOT NULL,
  -- The number connected (NULL for a release).
  phone text COLLATE "C",
  at timestamptz NOT NULL,
  channel text,
  request_id text,
  -- A release's reason.
  reason text
)`);
  },
  stage: stageEvents,
  // The columns `stageEvents` stages, read from the stored data of schema version 1.
  stageInDatabase: {
    schemaVersions: { NumberConnected: 1, NumberChanged: 1, NumberReleased: 1 },
    columns: `
data->>'iin',
revision,
type,
CASE type WHEN 'NumberConnected' THEN data->>'phone' WHEN 'NumberChanged' THEN data->>'to' END,
(data->>'at')::timestamptz,
CASE WHEN type <> 'NumberReleased' THEN data->>'channel' END,
CASE WHEN type <> 'NumberReleased' THEN data->>'requestId' END,
CASE WHEN type = 'NumberReleased' THEN data->>'reason' END`,
  },
  build: buildParts,
};

/**
 * The build in `parts` parts: the history and the accounts' rows per share of the accounts (by a hash
 * of the IIN), after each connection's `taken_at` (the next connection of its number anywhere) per
 * share of the numbers, kept in a table beside the staging until the last step drops it.
 */
function buildParts(table: string, parts: number): BuildStep[] {
  const taken = `${table}_taken`;
  const share = (column: string, part: number) =>
    parts === 1 ? 'true' : `(hashtext(s.${column}) & 2147483647) % ${parts} = ${part}`;
  const shares = Array.from({ length: parts }, (_, part) => part);
  return [
    (tx) => tx.exec(`CREATE UNLOGGED TABLE ${taken} (seq bigint NOT NULL, taken_at timestamptz NOT NULL)`),
    ...shares.map((part): BuildStep => async (tx) => {
      await tx.exec(BUILD_SETTINGS);
      await tx.query(`
INSERT INTO ${taken} (seq, taken_at)
SELECT seq, taken_at
  FROM (SELECT s.seq, lead(s.at) OVER (PARTITION BY s.phone ORDER BY s.seq) AS taken_at
          FROM ${table} s
         WHERE s.phone IS NOT NULL AND ${share('phone', part)}) c
 WHERE taken_at IS NOT NULL`);
    }),
    ...shares.map((part): BuildStep => async (tx) => {
      await tx.exec(BUILD_SETTINGS);
      // One sort of the share's events by account serves both tables: each connection's history row,
      // and the account's row from its last event (the one no other follows).
      await tx.query(`
WITH e AS MATERIALIZED (
  SELECT s.*, lead(s.at) OVER w AS next_at, lead(s.type) OVER w AS next_type, lead(s.reason) OVER w AS next_reason
    FROM ${table} s
   WHERE ${share('iin', part)}
  WINDOW w AS (PARTITION BY s.iin ORDER BY s.revision)),
history AS (
  INSERT INTO number_link_history (iin, revision, phone, connected_at, channel, request_id, released_at, reason)
  SELECT iin, revision, phone, at, channel, request_id, next_at,
         CASE WHEN next_type = 'NumberReleased' THEN next_reason WHEN next_type IS NOT NULL THEN 'number_changed' END
    FROM e
   WHERE type <> 'NumberReleased'),
connection AS (
  SELECT e.*, t.taken_at, e.phone IS NOT NULL AND t.taken_at IS NULL AS holds
    FROM e LEFT JOIN ${taken} t ON t.seq = e.seq
   WHERE e.next_type IS NULL)
INSERT INTO number_links (iin, phone, connected_at, channel, request_id, updated_at)
SELECT iin,
       CASE WHEN holds THEN phone END,
       CASE WHEN holds THEN at END,
       CASE WHEN holds THEN channel END,
       CASE WHEN holds THEN request_id END,
       coalesce(taken_at, at)
  FROM connection
 -- In key order, the primary key's index grows at its end.
 ORDER BY iin`);
    }),
    (tx) => tx.exec(`DROP TABLE ${taken}`),
  ];
}

async function stageEvents(
  tx: SqlExecutor,
  table: string,
  events: readonly ProjectedEvent<NumberLinkEvent>[],
  firstSeq: number,
): Promise<void> {
  const connection = (event: ProjectedEvent<NumberLinkEvent>) =>
    event.type === 'NumberReleased' ? undefined : event.data;
  await tx.query(
    `INSERT INTO ${table} (seq, iin, revision, type, phone, at, channel, request_id, reason)
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::timestamptz[],
       $7::text[], $8::text[], $9::text[])`,
    [
      events.map((_, i) => firstSeq + i),
      events.map((event) => event.data.iin),
      events.map((event) => event.revision.toString()),
      events.map((event) => event.type),
      events.map((event) =>
        event.type === 'NumberConnected'
          ? event.data.phone
          : event.type === 'NumberChanged'
            ? event.data.to
            : null,
      ),
      events.map((event) => event.data.at),
      events.map((event) => connection(event)?.channel ?? null),
      events.map((event) => connection(event)?.requestId ?? null),
      events.map((event) => (event.type === 'NumberReleased' ? event.data.reason : null)),
    ],
  );
}
