/** What an auditor or operator does when the service holds the embedded store (SPEC §10 routes). */
export const EMBEDDED_STORE_IN_USE_ADVICE = `The embedded store (PGlite) takes one process at a time. Either stop the service and run the
command again, or ask the running service over HTTP with an auditor's key:
  GET /v1/audit/verification                  the audit trail verified (numlink audit verify)
  GET /v1/audit/events?iin=|phone=|complaintId= the audit records (numlink audit export)
  GET /v1/number-links/{iin}?asOf=<instant>    an account as of an instant (numlink replay)
  GET /metrics                                 projection lag (numlink projections list)
On a PostgreSQL server (NUMLINK_DATABASE_URL) the CLI works beside the running service.
`;
