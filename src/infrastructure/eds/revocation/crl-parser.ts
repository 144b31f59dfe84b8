import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { children, readElement, TAG, timeOf, type DerElement } from './der-reader';

export interface CrlEntry {
  readonly revokedAt: Date;
  readonly reason: number | undefined;
}

/** A CRL (RFC 5280 §5.1) as read for a status lookup; the signature is not checked here. */
export interface ParsedCrl {
  /** The DER TBSCertList, what the CA signed. */
  readonly tbs: Uint8Array;
  readonly signatureAlgorithm: pkijs.AlgorithmIdentifier;
  readonly signatureValue: Uint8Array;
  readonly issuer: pkijs.RelativeDistinguishedNames;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date | undefined;
  readonly extensions: readonly pkijs.Extension[];
  /** By serial number (the INTEGER's content bytes, hex). */
  readonly entries: ReadonlyMap<string, CrlEntry>;
}

// id-ce-cRLReasons 2.5.29.21, as the OID's content bytes.
const CRL_REASON_OID = '551d15';
const CRL_EXTENSIONS = 0xa0;

const bytes = (der: Buffer, element: DerElement) => der.subarray(element.start, element.end);
const content = (der: Buffer, element: DerElement) => der.subarray(element.contentStart, element.end);
const hex = (der: Buffer, element: DerElement, whole = false) =>
  der.toString('hex', whole ? element.start : element.contentStart, element.end);
/** Entries read between two yields to the event loop (a few milliseconds of work). */
const ENTRIES_PER_SLICE = 500;

function expectTag(element: DerElement | undefined, tag: number): DerElement {
  if (element === undefined || element.tag !== tag) throw new Error('unexpected element');
  return element;
}

/**
 * Reads a DER CRL in one pass over its bytes: pkijs builds an object per ASN.1 node, which takes
 * seconds and fails on CRLs of some thousand entries; a national CA's CRL has far more.
 */
export async function parseCrlDer(der: Buffer): Promise<ParsedCrl> {
  const list = expectTag(readElement(der, 0), TAG.sequence);
  if (list.end !== der.length) throw new Error('trailing bytes');
  const [tbsElement, algorithmElement, signatureElement] = children(der, list);
  const tbs = expectTag(tbsElement, TAG.sequence);
  const signatureBits = content(der, expectTag(signatureElement, TAG.bitString));

  const fields = children(der, tbs);
  let index = fields[0]?.tag === TAG.integer ? 1 : 0;
  const algorithmInTbs = expectTag(fields[index++], TAG.sequence);
  const issuerElement = expectTag(fields[index++], TAG.sequence);
  const thisUpdateElement = fields[index++];
  if (thisUpdateElement === undefined) throw new Error('no thisUpdate');
  let nextUpdate: Date | undefined;
  const maybeNext = fields[index];
  if (maybeNext !== undefined && (maybeNext.tag === TAG.utcTime || maybeNext.tag === TAG.generalizedTime)) {
    nextUpdate = timeOf(der, maybeNext);
    index++;
  }
  const entries = new Map<string, CrlEntry>();
  if (fields[index]?.tag === TAG.sequence) {
    const revoked = fields[index++] as DerElement;
    // Entry by entry, without a list of them first: a slice of work between two yields.
    for (let offset = revoked.contentStart, read = 1; offset < revoked.end; read++) {
      if (read % ENTRIES_PER_SLICE === 0) await yieldToEventLoop();
      const entry = expectTag(readElement(der, offset, revoked.end), TAG.sequence);
      offset = entry.end;
      const [serial, date, entryExtensions] = children(der, entry);
      entries.set(hex(der, expectTag(serial, TAG.integer)), {
        revokedAt: timeOf(der, date as DerElement),
        reason: entryExtensions === undefined ? undefined : reasonOf(der, entryExtensions),
      });
    }
  }
  let extensions: pkijs.Extension[] = [];
  if (fields[index]?.tag === CRL_EXTENSIONS) {
    const [inner] = children(der, fields[index] as DerElement);
    extensions = new pkijs.Extensions({
      schema: asn1js.fromBER(bytes(der, expectTag(inner, TAG.sequence))).result,
    }).extensions;
  }
  const algorithm = new pkijs.AlgorithmIdentifier({
    schema: asn1js.fromBER(bytes(der, expectTag(algorithmElement, TAG.sequence))).result,
  });
  if (!bytes(der, algorithmInTbs).equals(bytes(der, algorithmElement as DerElement))) {
    throw new Error('the two signature algorithms differ');
  }
  return {
    tbs: bytes(der, tbs),
    signatureAlgorithm: algorithm,
    // The first content byte of a BIT STRING counts its unused bits (0 for a signature).
    signatureValue: signatureBits.subarray(1),
    issuer: new pkijs.RelativeDistinguishedNames({
      schema: asn1js.fromBER(bytes(der, issuerElement)).result,
    }),
    thisUpdate: timeOf(der, thisUpdateElement),
    nextUpdate,
    extensions,
    entries,
  };
}

/** The entry's CRLReason (RFC 5280 §5.3.1), when it names one. */
function reasonOf(der: Buffer, extensions: DerElement): number | undefined {
  for (const extension of children(der, expectTag(extensions, TAG.sequence))) {
    const parts = children(der, expectTag(extension, TAG.sequence));
    const [oid] = parts;
    const value = parts[parts.length - 1];
    if (oid?.tag !== TAG.oid || hex(der, oid) !== CRL_REASON_OID || value?.tag !== TAG.octetString) continue;
    const enumerated = readElement(der, value.contentStart, value.end);
    if (enumerated.tag !== TAG.enumerated) return undefined;
    return der[enumerated.end - 1];
  }
  return undefined;
}
