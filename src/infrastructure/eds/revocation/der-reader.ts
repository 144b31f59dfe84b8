/** One DER element: its tag byte and where its whole encoding and its contents lie in the buffer. */
export interface DerElement {
  readonly tag: number;
  readonly start: number;
  readonly contentStart: number;
  readonly end: number;
}

/**
 * A minimal DER walker over a buffer, for large CRLs: it makes no object per node, so a list of
 * hundred thousands of entries is read in one pass instead of stalling the event loop.
 */
export function readElement(der: Uint8Array, offset: number, limit: number = der.length): DerElement {
  if (offset + 2 > limit) throw new Error('truncated');
  const tag = der[offset] as number;
  if ((tag & 0x1f) === 0x1f) throw new Error('multi-byte tags are not used here');
  let length = der[offset + 1] as number;
  let contentStart = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4 || contentStart + count > limit) throw new Error('bad length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (der[contentStart + i] as number);
    contentStart += count;
  }
  const end = contentStart + length;
  if (end > limit) throw new Error('truncated');
  return { tag, start: offset, contentStart, end };
}

/** The elements inside a constructed element, in order. */
export function children(der: Uint8Array, parent: DerElement): DerElement[] {
  const found: DerElement[] = [];
  for (let offset = parent.contentStart; offset < parent.end;) {
    const element = readElement(der, offset, parent.end);
    found.push(element);
    offset = element.end;
  }
  return found;
}

export const TAG = {
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  oid: 0x06,
  enumerated: 0x0a,
  boolean: 0x01,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
} as const;

const digits = (der: Buffer, at: number, count: number): number => {
  let value = 0;
  for (let i = 0; i < count; i++) {
    const digit = (der[at + i] as number) - 0x30;
    if (digit < 0 || digit > 9) throw new Error('not a time');
    value = value * 10 + digit;
  }
  return value;
};

/** UTCTime (RFC 5280: years 1950-2049) or GeneralizedTime, in the Z form DER requires; no regex, no copy. */
export function timeOf(der: Buffer, element: DerElement): Date {
  const utc = element.tag === TAG.utcTime;
  if (!utc && element.tag !== TAG.generalizedTime) throw new Error('not a time');
  let at = element.contentStart;
  const short = digits(der, at, 2);
  const year = utc ? (short < 50 ? 2000 + short : 1900 + short) : digits(der, at, 4);
  at += utc ? 2 : 4;
  if (der[element.end - 1] !== 0x5a) throw new Error('not a UTC time'); // 'Z'
  return new Date(
    Date.UTC(
      year,
      digits(der, at, 2) - 1,
      digits(der, at + 2, 2),
      digits(der, at + 4, 2),
      digits(der, at + 6, 2),
      digits(der, at + 8, 2),
    ),
  );
}
