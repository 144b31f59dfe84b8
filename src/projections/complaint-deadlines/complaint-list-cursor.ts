import { parseLocalDate, type LocalDate } from '../../domain/shared/local-date';

/** Where a page of the complaint list ends: its last complaint's sort date and id. */
export interface ComplaintListCursor {
  readonly sortDate: LocalDate;
  readonly complaintId: string;
}

export function encodeComplaintCursor(cursor: ComplaintListCursor): string {
  return Buffer.from(JSON.stringify([cursor.sortDate, cursor.complaintId])).toString('base64url');
}

/** `undefined` for anything this service did not hand out. */
export function decodeComplaintCursor(text: string): ComplaintListCursor | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 2) return undefined;
    const [sortDate, complaintId] = parsed as unknown[];
    if (typeof sortDate !== 'string' || typeof complaintId !== 'string') return undefined;
    const date = parseLocalDate(sortDate);
    return date.ok ? { sortDate: date.value, complaintId } : undefined;
  } catch {
    return undefined;
  }
}
