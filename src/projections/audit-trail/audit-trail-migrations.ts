import type { Migration } from '../../infrastructure/sql/migrations';

/**
 * The audit trail's tables. Records and checkpoints are append-only, enforced by triggers: an UPDATE
 * is always refused; audit records may only be deleted all together (the projection runtime's rebuild
 * empties the table with one DELETE, then builds the same chain again); checkpoints are never deleted,
 * so that they vouch for the rebuilt chain. A DBA can still disable the triggers: verification, not
 * the triggers, is what finds tampering (against the checkpoints' copies outside the database when the
 * rows are gone too).
 */
export const auditTrailMigrations: readonly Migration[] = [
  {
    id: 'audit-trail/001-records',
    sql: `
CREATE TABLE audit_records (
  seq bigint PRIMARY KEY CHECK (seq > 0),
  event_id uuid NOT NULL,
  recorded_at timestamptz NOT NULL,
  type text NOT NULL,
  stream_id text NOT NULL,
  actor_principal text NOT NULL,
  actor_role text NOT NULL,
  actor_channel text,
  correlation_id text NOT NULL,
  causation_id text NOT NULL,
  data jsonb NOT NULL,
  iins text[] NOT NULL,
  phones text[] NOT NULL,
  complaint_id text,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  CONSTRAINT audit_records_event_id UNIQUE (event_id)
);
CREATE INDEX audit_records_iins ON audit_records USING gin (iins);
CREATE INDEX audit_records_phones ON audit_records USING gin (phones);
CREATE INDEX audit_records_complaint_id ON audit_records (complaint_id, seq) WHERE complaint_id IS NOT NULL;
CREATE INDEX audit_records_recorded_at ON audit_records (recorded_at, seq);

CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END $$;

-- After a DELETE statement the table must be empty: only a rebuild deletes, and it deletes everything.
CREATE FUNCTION audit_refuse_trim() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_left boolean;
BEGIN
  EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.%I)', TG_TABLE_SCHEMA, TG_TABLE_NAME) INTO v_left;
  IF v_left THEN
    RAISE EXCEPTION '% is append-only: only a rebuild deletes, and it deletes every record', TG_TABLE_NAME;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER audit_records_no_update BEFORE UPDATE ON audit_records
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_records_no_trim AFTER DELETE ON audit_records
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_trim();
CREATE TRIGGER audit_records_no_truncate BEFORE TRUNCATE ON audit_records
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
`,
  },
  {
    id: 'audit-trail/002-checkpoints',
    sql: `
CREATE TABLE audit_checkpoints (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  seq bigint NOT NULL,
  hash text NOT NULL,
  signed_at timestamptz NOT NULL,
  key_id text NOT NULL,
  signature text NOT NULL
);
CREATE INDEX audit_checkpoints_seq ON audit_checkpoints (seq, id);

CREATE TRIGGER audit_checkpoints_no_change BEFORE UPDATE OR DELETE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
`,
  },
  {
    // Issue 9: a search by IIN or number takes in every record of the requests that name it.
    id: 'audit-trail/003-records-by-request-stream',
    sql: `
CREATE INDEX audit_records_request_streams ON audit_records (stream_id, seq)
  WHERE stream_id LIKE 'number-request-%' OR stream_id LIKE 'bank-check-%';
`,
  },
];
