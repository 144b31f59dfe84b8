/** Each command's synopsis and description, as `numlink <command> --help` prints it. */
export const COMMAND_HELP: Readonly<Record<string, string>> = {
  'audit verify': `  numlink audit verify [--public-key <pem file>]... [--against <checkpoint file>] [--json]
      Recomputes the audit trail's hash chain and checks its signed checkpoints.
      Exit 0 when intact; 1 naming the first broken record. Progress on stderr.
      --against: also checks every checkpoint of a copy kept outside the database (the
      NUMLINK_AUDIT_CHECKPOINT_FILE, or the numlink.audit-checkpoints.v1 topic saved as JSON
      lines): finds a trail rewritten or truncated even when the database lost its checkpoints.
      Keys: --public-key files (Ed25519, repeatable), else the key of NUMLINK_AUDIT_SIGNING_KEY,
      else the development key under NUMLINK_DATA_DIR when there is one.
`,
  'audit export': `  numlink audit export (--iin <iin> | --phone <number> | --complaint-id <id>)... [--from <instant>] [--to <instant>] [--page-size <n>]
      Every matching audit record, oldest first, one JSON object per line on stdout (with or
      without --json). Progress on stderr. The read is recorded (PersonalDataRead by cli:<user>,
      role auditor).
`,
  replay: `  numlink replay --iin <iin> --as-of <instant> [--json]
      The account's number link as it stood at the instant, folded from its own event stream.
      The read is recorded as above. Exit 1 when the account had no events by then (--json: null).
`,
  'projections list': `  numlink projections list [--json]
      Each projection's checkpoint, the events of its types not applied yet, and their age.
`,
  'projections rebuild': `  numlink projections rebuild [<name>] [--check] [--json]
      Rebuilds a read model (all of them without a name) while the service keeps serving: builds it
      from position zero in a schema of its own up to the live checkpoint, compares it row for row
      with the live tables, and, when they differ, replaces the live rows in one transaction (readers
      see the old rows until it commits). --check compares and changes nothing. Exit 1 with --check
      when the rows differ. The reactions (SMS, Kafka, connection completer) have no tables and are
      not rebuilt. The live projector waits on its checkpoint row during the swap: a large table's
      swap delays live updates of that projection (not reads) for as long as the copy takes.
      Progress on stderr.
`,
};

const FOOTER = `
Instants are ISO-8601 with an offset (2026-01-05T10:00:00+05:00). The settings are the service's
NUMLINK_* variables (NUMLINK_DATABASE_URL, NUMLINK_DATA_DIR, NUMLINK_AUDIT_SIGNING_KEY, ...).
On the embedded store (no NUMLINK_DATABASE_URL) the CLI needs the data directory to itself: while
the service runs it refuses (exit 3); stop the service, or use the HTTP routes
(GET /v1/audit/verification, GET /v1/audit/events, GET /v1/number-links/{iin}?asOf=).
Exit codes: 0 done, 1 a finding or a failure, 2 bad arguments, 3 the embedded store is in use.
Every command takes --json and --help; numlink --version prints the version.
`;

/** `numlink --help`. */
export const USAGE = `numlink: the command line for auditors and operators

Usage:
${Object.values(COMMAND_HELP).join('')}${FOOTER}`;

/** `numlink <command> --help`. */
export function commandUsage(name: string): string {
  return `Usage:\n${COMMAND_HELP[name] ?? ''}${FOOTER}`;
}
