/** The people, numbers and complaint an audit record concerns: what auditors search by. */
export interface AuditSearchKeys {
  readonly iins: readonly string[];
  readonly phones: readonly string[];
  readonly complaintId: string | null;
}

const STREAM_PREFIXES = {
  iin: 'number-link-',
  phone: 'phone-holder-',
  complaint: 'complaint-',
} as const;

// Fields that name an account or a number. A change names two numbers (`from`, `to`) and a claim the
// account that held the number before (`previousIin`): a search for either must find the event.
const IIN_FIELDS = ['iin', 'previousIin'] as const;
const CHANGE_FIELDS = ['from', 'to'] as const;

// `to` also names a complaint's body (`higher_body`), so only E.164-shaped values count as numbers.
const E164 = /^\+\d{8,15}$/;

/**
 * Takes the search keys from the event's data (`iin`, `previousIin`, `phone`, `from`/`to` numbers,
 * `complaintId`) and from its stream name (`number-link-<iin>`, `phone-holder-<phone>`,
 * `complaint-<id>`). Pure: the same event always gives the same keys.
 */
export function auditSearchKeys(streamId: string, data: unknown): AuditSearchKeys {
  const fields = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  const iins = new Set<string>();
  const phones = new Set<string>();
  let complaintId: string | null = null;

  if (streamId.startsWith(STREAM_PREFIXES.iin)) iins.add(streamId.slice(STREAM_PREFIXES.iin.length));
  if (streamId.startsWith(STREAM_PREFIXES.phone)) phones.add(streamId.slice(STREAM_PREFIXES.phone.length));
  if (streamId.startsWith(STREAM_PREFIXES.complaint))
    complaintId = streamId.slice(STREAM_PREFIXES.complaint.length);

  for (const field of IIN_FIELDS) {
    const value = fields[field];
    if (typeof value === 'string') iins.add(value);
  }
  if (typeof fields.phone === 'string') phones.add(fields.phone);
  for (const field of CHANGE_FIELDS) {
    const value = fields[field];
    if (typeof value === 'string' && E164.test(value)) phones.add(value);
  }
  if (typeof fields.complaintId === 'string' && fields.complaintId !== '') complaintId = fields.complaintId;

  // An empty key names nothing (a stream called just `complaint-`, an empty field).
  iins.delete('');
  phones.delete('');
  return { iins: [...iins], phones: [...phones], complaintId: complaintId || null };
}
