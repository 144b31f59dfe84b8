import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { extensionValueOf } from '../certificate-extensions';
import { pemBlocks } from '../pem';
import type { AlgorithmSuite } from '../signature-algorithm';
import { distributionPointUrls } from './certificate-pointers';
import { parseCrlDer, type CrlEntry } from './crl-parser';
import { REVOCATION_OID } from './revocation-oids';
import { isSignedWith } from './signed-by';

/** Looks a certificate up by serial number (the INTEGER's content bytes, hex). */
export interface CrlEntries {
  get(serialHex: string): CrlEntry | undefined;
}

/** What a CRL says once read and its signature checked against the issuer the caller expects. */
export interface CrlReading {
  readonly issuerMatches: boolean;
  readonly signed: boolean;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date | undefined;
  readonly number: bigint | undefined;
  /** Set on a delta CRL: the base CRL number it completes (RFC 5280 §5.2.4). */
  readonly baseNumber: bigint | undefined;
  readonly deltaUrls: readonly string[];
  readonly entries: CrlEntries;
}

function integerOf(value: unknown): bigint | undefined {
  return value instanceof asn1js.Integer ? value.toBigInt() : undefined;
}

/** A CRL's DER (or PEM) read and its signature checked; throws on a malformed one. */
export async function readCrl(
  body: Buffer,
  issuer: pkijs.Certificate,
  algorithms: AlgorithmSuite,
): Promise<CrlReading> {
  const [der] = body.subarray(0, 64).toString('latin1').includes('-----BEGIN')
    ? pemBlocks(body.toString('latin1'), 'X509 CRL')
    : [body];
  const crl = await parseCrlDer(der ?? Buffer.alloc(0));
  const issuerMatches = crl.issuer.isEqual(issuer.subject);
  const signed =
    issuerMatches &&
    (await isSignedWith(
      { data: crl.tbs, algorithm: crl.signatureAlgorithm, signature: crl.signatureValue },
      issuer,
      algorithms,
    ));
  // A CRL whose number, delta indicator or delta pointer cannot be read is malformed.
  const extension = (oid: string): unknown => {
    const value = extensionValueOf(crl.extensions, oid);
    if (value.kind === 'unreadable') throw new Error(`the CRL's extension ${oid} cannot be read`);
    return value.kind === 'read' ? value.value : undefined;
  };
  const freshest = extension(REVOCATION_OID.freshestCrl);
  return {
    issuerMatches,
    signed,
    thisUpdate: crl.thisUpdate,
    nextUpdate: crl.nextUpdate,
    number: integerOf(extension(REVOCATION_OID.crlNumber)),
    baseNumber: integerOf(extension(REVOCATION_OID.deltaCrlIndicator)),
    deltaUrls: freshest instanceof pkijs.CRLDistributionPoints ? distributionPointUrls(freshest) : [],
    entries: crl.entries,
  };
}

/** No reason code: the byte stored when an entry names none. */
const NO_REASON = 255;

/**
 * The entries of a large CRL as a few flat arrays sorted by serial, which cross from a worker thread
 * without a per-entry copy on the receiving side; a lookup is a binary search.
 */
export interface CompactCrlEntries {
  /** The serials, sorted, one after another; serial i is serials[offsets[i] .. offsets[i + 1]). */
  readonly serials: string;
  readonly offsets: Uint32Array;
  readonly revokedAt: Float64Array;
  readonly reasons: Uint8Array;
}

export function compactEntries(entries: ReadonlyMap<string, CrlEntry>): CompactCrlEntries {
  const sorted = [...entries.keys()].sort();
  const offsets = new Uint32Array(sorted.length + 1);
  const revokedAt = new Float64Array(sorted.length);
  const reasons = new Uint8Array(sorted.length);
  let length = 0;
  for (const [index, serial] of sorted.entries()) {
    const entry = entries.get(serial) as CrlEntry;
    offsets[index] = length;
    length += serial.length;
    revokedAt[index] = entry.revokedAt.getTime();
    reasons[index] = entry.reason ?? NO_REASON;
  }
  offsets[sorted.length] = length;
  return { serials: sorted.join(''), offsets, revokedAt, reasons };
}

export class SortedCrlEntries implements CrlEntries {
  constructor(private readonly compact: CompactCrlEntries) {}

  get(serialHex: string): CrlEntry | undefined {
    const { serials, offsets, revokedAt, reasons } = this.compact;
    let low = 0;
    let high = revokedAt.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const candidate = serials.slice(offsets[middle], offsets[middle + 1]);
      if (candidate === serialHex) {
        const reason = reasons[middle] as number;
        return {
          revokedAt: new Date(revokedAt[middle] as number),
          reason: reason === NO_REASON ? undefined : reason,
        };
      }
      if (candidate < serialHex) low = middle + 1;
      else high = middle - 1;
    }
    return undefined;
  }
}
