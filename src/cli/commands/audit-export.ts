import { parseIin } from '../../domain/shared/iin';
import { parseInstant } from '../../domain/shared/instant';
import { parseMsisdn } from '../../domain/shared/msisdn';
import {
  findAuditRecords,
  MAX_AUDIT_PAGE,
  type AuditRecordQuery,
} from '../../projections/audit-trail/audit-queries';
import { readAuditHead } from '../../projections/audit-trail/audit-head';
import type { CliContext } from './cli-context';
import { EXIT_OK, type CliIo } from './cli-io';
import { optionValue, type ParsedArguments } from './parse-arguments';
import { recordCliRead } from './recorded-read';
import { UsageError } from './usage-error';

export const AUDIT_EXPORT_ARGUMENTS = {
  options: ['iin', 'phone', 'complaint-id', 'from', 'to', 'page-size'],
} as const;

const PROGRESS_EVERY = 10_000;

type ExportFilters = Pick<AuditRecordQuery, 'iin' | 'phone' | 'complaintId' | 'from' | 'to'>;

/** Checks the filters before anything is opened: bad ones are usage errors (exit 2). */
export function parseExportFilters(args: ParsedArguments): { filters: ExportFilters; pageSize: number } {
  const filters: { -readonly [K in keyof ExportFilters]: ExportFilters[K] } = {};
  const iin = optionValue(args, 'iin');
  if (iin !== undefined) {
    const parsed = parseIin(iin);
    if (!parsed.ok) throw new UsageError(`--iin: ${parsed.error}`);
    filters.iin = parsed.value;
  }
  const phone = optionValue(args, 'phone');
  if (phone !== undefined) {
    const parsed = parseMsisdn(phone);
    if (!parsed.ok) throw new UsageError('--phone: invalid_phone');
    filters.phone = parsed.value;
  }
  const complaintId = optionValue(args, 'complaint-id');
  if (complaintId !== undefined) filters.complaintId = complaintId;
  if (filters.iin === undefined && filters.phone === undefined && filters.complaintId === undefined)
    throw new UsageError('audit export needs --iin, --phone or --complaint-id');
  for (const name of ['from', 'to'] as const) {
    const value = optionValue(args, name);
    if (value === undefined) continue;
    const instant = parseInstant(value);
    if (!instant.ok) throw new UsageError(`--${name} must be an ISO-8601 instant with an offset`);
    filters[name] = instant.value;
  }
  const size = optionValue(args, 'page-size');
  const pageSize = size === undefined ? MAX_AUDIT_PAGE : Number(size);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_AUDIT_PAGE)
    throw new UsageError(`--page-size must be 1 to ${MAX_AUDIT_PAGE}`);
  return { filters, pageSize };
}

/** `numlink audit export`: every page of `GET /v1/audit/events`, one record per line. */
export async function auditExport(context: CliContext, args: ParsedArguments, io: CliIo): Promise<number> {
  const { filters, pageSize } = parseExportFilters(args);
  // The trail as it stands now: records appended while the export pages (its own read among them) wait.
  const head = await readAuditHead(context.db);
  // Recorded before any record is shown, as the API records before it answers.
  await recordCliRead(context, {
    query: 'numlink audit export',
    filters: Object.fromEntries(
      Object.entries(filters).filter((entry): entry is [string, string] => entry[1] !== undefined),
    ),
    ...(filters.iin ? { iin: filters.iin } : {}),
    ...(filters.phone ? { phone: filters.phone } : {}),
    ...(filters.complaintId ? { complaintId: filters.complaintId } : {}),
  });
  let cursor: string | undefined;
  let exported = 0;
  let reported = 0;
  do {
    const page = await findAuditRecords(context.db, {
      ...filters,
      ...(cursor ? { cursor } : {}),
      throughPosition: head?.seq ?? 0,
      limit: pageSize,
    });
    if (!page.ok) throw new Error('the audit trail gave a cursor it does not accept');
    if (page.value.records.length > 0)
      io.stdout(page.value.records.map((record) => `${JSON.stringify(record)}\n`).join(''));
    exported += page.value.records.length;
    if (exported - reported >= PROGRESS_EVERY) {
      reported = exported;
      io.stderr(`exported ${exported} records\n`);
    }
    cursor = page.value.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return EXIT_OK;
}
