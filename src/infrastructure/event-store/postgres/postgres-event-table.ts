import type { CopiedPage, EventTable, TablePage } from '../../../projections/runtime/event-table';
import { asDefaultSqlCaller } from '../../sql/sql-caller';
import type { SqlExecutor } from '../../sql/sql-database';
import { RECORDED_AT_TEXT } from './postgres-event-store';

interface CopiedRow {
  copied: number;
  other_schema_version: boolean;
  commit_position: string | null;
  prepare_position: string | null;
  recorded_at: string | null;
}

/**
 * The `events` table of the PostgreSQL store as seen from the read models' own transactions (the
 * search path finds it; the CLI's shadow schema has none of its own). A page is one statement: the
 * page's rows as `readAll` selects them, a check of their schema versions, and the insert. The rows are
 * numbered as the index hands them over: numbered after the page was gathered, they were sorted again,
 * on disk (the 351,851 number-link events of `bench:projection`'s store, 15 pages of 25,000, copied in
 * 3.06-3.29 s before and 2.98-3.02 s after, four runs each alternated).
 */
export const postgresEventTable: EventTable = {
  copyPage: (tx, page) => asDefaultSqlCaller('read_all', () => copyPage(tx, page)),
};

async function copyPage(tx: SqlExecutor, page: TablePage): Promise<CopiedPage> {
  const params: unknown[] = [
    page.from.commit.toString(),
    page.from.prepare.toString(),
    page.limit,
    JSON.stringify(page.staging.schemaVersions),
    page.firstSeq,
  ];
  const bound = (value: unknown) => `$${params.push(value)}`;
  const types = page.types ? ` AND type = ANY(${bound(page.types)}::text[])` : '';
  const upTo = page.upTo
    ? ` AND (transaction_id, position) <= (${bound(page.upTo.commit.toString())}::xid8, ${bound(page.upTo.prepare.toString())}::bigint)`
    : '';
  const [row] = await tx.query<CopiedRow>(
    `WITH page AS (
       SELECT transaction_id, position, type, schema_version, revision, data, recorded_at,
              row_number() OVER (ORDER BY transaction_id, position) AS n FROM events
        WHERE (transaction_id, position) > ($1::xid8, $2::bigint)
          AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())${types}${upTo}
        ORDER BY transaction_id, position LIMIT $3
     ), other AS (
       SELECT 1 FROM page WHERE schema_version IS DISTINCT FROM ($4::jsonb ->> type)::integer LIMIT 1
     ), staged AS (
       INSERT INTO ${page.into}
       SELECT $5::bigint + n - 1, ${page.staging.columns}
         FROM page WHERE NOT EXISTS (SELECT 1 FROM other)
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM staged)::integer AS copied,
            EXISTS (SELECT 1 FROM other) AS other_schema_version,
            last.commit_position, last.prepare_position, last.recorded_at
       FROM (SELECT 1) AS one LEFT JOIN (
         SELECT transaction_id::text AS commit_position, position::text AS prepare_position,
                ${RECORDED_AT_TEXT} AS recorded_at
           FROM page ORDER BY transaction_id DESC, position DESC LIMIT 1) AS last ON true`,
    params,
  );
  if (!row) throw new Error('copying a page of events answered no row');
  if (row.other_schema_version) return { otherSchemaVersion: true };
  if (row.commit_position === null || row.prepare_position === null || row.recorded_at === null)
    return { copied: 0 };
  return {
    copied: row.copied,
    last: {
      position: { commit: BigInt(row.commit_position), prepare: BigInt(row.prepare_position) },
      recordedAt: row.recorded_at,
    },
  };
}
