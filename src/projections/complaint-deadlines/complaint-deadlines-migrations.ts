import type { Migration } from '../../infrastructure/sql/migrations';

/**
 * The complaint-deadlines read model (SPEC §5, R21). `complaints` holds one row per complaint with its
 * stage, the body it is with, who filed it and `next_due_date` (its earliest pending deadline, the
 * reviewers' list order); `complaint_deadlines` one row per deadline (a kind occurs once per complaint).
 */
export const complaintDeadlinesMigrations: readonly Migration[] = [
  {
    id: 'complaint-deadlines/001-tables',
    sql: `
CREATE TABLE complaints (
  complaint_id text PRIMARY KEY,
  iin text NOT NULL,
  filed_with text NOT NULL,
  registered_at timestamptz NOT NULL,
  request_id text,
  subject text NOT NULL,
  complaint_text text NOT NULL,
  stage text NOT NULL,
  body text NOT NULL,
  owner_principal text NOT NULL,
  forwarded_to text,
  forwarded_at timestamptz,
  registrations jsonb NOT NULL,
  decisions jsonb NOT NULL,
  appealed_to_court_at timestamptz,
  next_due_date date
);
CREATE INDEX complaints_next_due ON complaints ((COALESCE(next_due_date, DATE '9999-12-31')), complaint_id);
CREATE INDEX complaints_owner ON complaints (owner_principal, complaint_id);
CREATE INDEX complaints_stage ON complaints (stage, complaint_id);
CREATE INDEX complaints_body ON complaints (body, complaint_id);

CREATE TABLE complaint_deadlines (
  complaint_id text NOT NULL REFERENCES complaints (complaint_id),
  kind text NOT NULL,
  body text NOT NULL,
  due_date date NOT NULL,
  ends_at timestamptz NOT NULL,
  status text NOT NULL,
  met_at timestamptz,
  met_by text,
  missed_at timestamptz,
  PRIMARY KEY (complaint_id, kind)
);
-- The missed-deadline scheduler: pending deadlines whose day has ended.
CREATE INDEX complaint_deadlines_pending_ends ON complaint_deadlines (ends_at) WHERE status = 'pending';
-- Reviewers' lists: by status and due date.
CREATE INDEX complaint_deadlines_status_due ON complaint_deadlines (status, due_date, complaint_id);`,
  },
];
