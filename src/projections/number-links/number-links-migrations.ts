import type { Migration } from '../../infrastructure/sql/migrations';

/**
 * The number-link view. `number_links` holds one row per account that ever had a number: its
 * connected number, or `phone` NULL once released. SPEC R11: a number is connected to at most one
 * account (the partial unique index). `number_link_history` holds one row per connection, keyed by
 * the stream revision of the event that made it, which orders an account's history newest first.
 */
export const numberLinksMigrations: readonly Migration[] = [
  {
    id: 'number-links/001-tables',
    sql: `
CREATE TABLE number_links (
  iin text PRIMARY KEY,
  phone text,
  connected_at timestamptz,
  channel text,
  request_id text,
  updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX number_links_phone ON number_links (phone) WHERE phone IS NOT NULL;

CREATE TABLE number_link_history (
  iin text NOT NULL,
  revision bigint NOT NULL,
  phone text NOT NULL,
  connected_at timestamptz NOT NULL,
  channel text NOT NULL,
  request_id text NOT NULL,
  released_at timestamptz,
  reason text,
  PRIMARY KEY (iin, revision)
);
-- The connection still open (at most one per account, as in the decider's state): a batch ends it by IIN.
CREATE UNIQUE INDEX number_link_history_open ON number_link_history (iin) WHERE released_at IS NULL;`,
  },
];
