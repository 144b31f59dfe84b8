import type { Migration } from '../../infrastructure/sql/migrations';

export const checkpointMigrations: readonly Migration[] = [
  {
    id: 'projections/001-checkpoints',
    sql: `
CREATE TABLE projection_checkpoints (
  name text PRIMARY KEY,
  commit_position numeric(20) NOT NULL,
  prepare_position numeric(20) NOT NULL,
  events_applied bigint NOT NULL DEFAULT 0,
  last_event_recorded_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);`,
  },
];
