import * as asn1js from 'asn1js';
import * as fc from 'fast-check';
import * as pkijs from 'pkijs';
import { err, ok, type Result } from '../../../src/domain/shared/result';
import { derHexOf } from '../../../src/infrastructure/eds/certificate-der';
import { OID } from '../../../src/infrastructure/eds/oids';
import {
  MAX_EMBEDDED_CERTIFICATES,
  parseSignedData,
  type ParseFailure,
} from '../../../src/infrastructure/eds/parse-signed-data';
import { withUnreadableTime } from '../../support/hostile-signatures';
import { crlDer } from '../../support/revocation-responders';
import {
  VERIFIED_AT,
  daysFrom,
  generateSigningKey,
  makeCertificateAuthority,
  makeSignerCertificate,
  rewriteSignedData,
  signOver,
  type Credential,
} from '../../support/pki';

/**
 * What `parseSignedData` answered before it read SignedData field by field: pkijs's `SignedData` over the
 * whole structure. The reference every answer is held to.
 */
function pkijsParse(base64: string): Result<pkijs.SignedData, ParseFailure> {
  const der = Buffer.from(base64, 'base64');
  try {
    const asn1 = asn1js.fromBER(der);
    if (asn1.offset === -1 || asn1.offset !== der.byteLength) return err('malformed');
    const contentInfo = new pkijs.ContentInfo({ schema: asn1.result });
    if (contentInfo.contentType !== OID.signedData) return err('not_signed_data');
    const signedData = new pkijs.SignedData({ schema: contentInfo.content });
    if ((signedData.certificates ?? []).length > MAX_EMBEDDED_CERTIFICATES)
      return err('too_many_certificates');
    return ok(signedData);
  } catch {
    return err('malformed');
  }
}

/** An answer as comparable text: the failure, or the SignedData encoded again (or why it cannot be). */
function answer(parsed: Result<pkijs.SignedData, ParseFailure>): string {
  if (!parsed.ok) return `refused: ${parsed.error}`;
  try {
    return Buffer.from(parsed.value.toSchema().toBER(false)).toString('hex');
  } catch (error) {
    return `unencodable: ${(error as Error).message}`;
  }
}

/** The same CMS with its certificate set replaced by these blocks, in raw ASN.1. */
function withCertificateBlocks(cms: string, blocks: readonly asn1js.BaseBlock[]): string {
  const contentInfo = asn1js.fromBER(Buffer.from(cms, 'base64')).result as asn1js.Sequence;
  const explicit = contentInfo.valueBlock.value[1] as asn1js.Constructed;
  const signedData = explicit.valueBlock.value[0] as asn1js.Sequence;
  const certificateSet = signedData.valueBlock.value[3] as asn1js.Constructed;
  certificateSet.valueBlock.value = [...blocks];
  return Buffer.from(contentInfo.toBER(false)).toString('base64');
}

const content = Buffer.from('{"service":"numlink","requestId":"req-1"}');
let root: Credential;
let intermediate: Credential;
let rsaSigner: Credential;
let ecdsaSigner: Credential;
let gostSigner: Credential;
let signedByRsa: string;

beforeAll(async () => {
  const [rootKey, intermediateKey, rsaKey, ecdsaKey, gostRootKey, gostKey] = await Promise.all([
    generateSigningKey('ecdsa'),
    generateSigningKey('ecdsa'),
    generateSigningKey('rsa'),
    generateSigningKey('ecdsa'),
    generateSigningKey('gost2015-512'),
    generateSigningKey('gost2015-512'),
  ]);
  root = await makeCertificateAuthority({ name: 'Test root CA', key: rootKey });
  intermediate = await makeCertificateAuthority({
    name: 'Test issuing CA',
    key: intermediateKey,
    issuer: root,
  });
  rsaSigner = await makeSignerCertificate({ issuer: root, key: rsaKey });
  ecdsaSigner = await makeSignerCertificate({ issuer: intermediate, key: ecdsaKey });
  const gostRoot = await makeCertificateAuthority({ name: 'Test GOST root CA', key: gostRootKey });
  gostSigner = await makeSignerCertificate({ issuer: gostRoot, key: gostKey });
  signedByRsa = signOver(content, rsaSigner);
});

describe('reading a CMS SignedData field by field answers as pkijs does over the whole', () => {
  const shapes: ReadonlyArray<[string, () => string]> = [
    ['an attached RSA signature', () => signedByRsa],
    [
      'a detached ECDSA signature with its intermediate',
      () => signOver(content, ecdsaSigner, { detached: true, chain: [intermediate.certificate] }),
    ],
    ['a GOST 34.10-2015 (512) signature', () => signOver(content, gostSigner)],
    [
      'a signature without signed attributes',
      () => signOver(content, rsaSigner, { signedAttributes: false }),
    ],
    [
      'a SignedData without certificates',
      () => rewriteSignedData(signedByRsa, (signedData) => delete signedData.certificates),
    ],
    [
      'a SignedData that embeds a CRL (read by pkijs itself)',
      () =>
        rewriteSignedData(signedByRsa, (signedData) => {
          const crl = crlDer({
            issuer: root,
            number: 1,
            thisUpdate: daysFrom(VERIFIED_AT, -1),
            nextUpdate: daysFrom(VERIFIED_AT, 1),
            revoked: [],
          });
          signedData.crls = [new pkijs.CertificateRevocationList({ schema: asn1js.fromBER(crl).result })];
        }),
    ],
  ];

  it.each(shapes)('%s', (_name, cms) => {
    const signature = cms();
    const parsed = parseSignedData(signature);

    expect(parsed.ok).toBe(true);
    expect(answer(parsed)).toEqual(answer(pkijsParse(signature)));
  });

  it('for a CMS with any one of its bytes changed', () => {
    const der = Buffer.from(signedByRsa, 'base64');
    fc.assert(
      fc.property(fc.nat(der.length - 1), fc.integer({ min: 1, max: 255 }), (index, flip) => {
        const changed = Buffer.from(der);
        changed[index] = (changed[index] ?? 0) ^ flip;
        const signature = changed.toString('base64');

        expect(answer(parseSignedData(signature))).toEqual(answer(pkijsParse(signature)));
      }),
      { numRuns: 400 },
    );
  });

  it('refuses as malformed a CMS that makes the ASN.1 reader throw (a GeneralizedTime that is no time)', () => {
    expect(parseSignedData(withUnreadableTime(signedByRsa))).toEqual(err('malformed'));
  });

  it('for a CMS cut short anywhere', () => {
    const der = Buffer.from(signedByRsa, 'base64');
    fc.assert(
      fc.property(fc.nat(der.length - 1), (length) => {
        const signature = der.subarray(0, length).toString('base64');

        expect(answer(parseSignedData(signature))).toEqual(answer(pkijsParse(signature)));
      }),
      { numRuns: 100 },
    );
  });
});

describe('embedded certificates (SPEC §7: bounded work for hostile input)', () => {
  it(`refuses more than ${MAX_EMBEDDED_CERTIFICATES} certificates`, () => {
    const copies = Array.from({ length: MAX_EMBEDDED_CERTIFICATES }, () => root.certificate);

    expect(parseSignedData(signOver(content, rsaSigner, { chain: copies }))).toEqual(
      err('too_many_certificates'),
    );
  });

  it(`accepts ${MAX_EMBEDDED_CERTIFICATES}`, () => {
    const copies = Array.from({ length: MAX_EMBEDDED_CERTIFICATES - 1 }, () => root.certificate);
    const parsed = parseSignedData(signOver(content, rsaSigner, { chain: copies }));

    expect(parsed.ok && parsed.value.certificates?.length).toBe(MAX_EMBEDDED_CERTIFICATES);
  });

  it('counts them before reading any: too many blocks that are no certificates are too many, not malformed', () => {
    const blocks = (count: number) => Array.from({ length: count }, () => new asn1js.Sequence());

    expect(
      parseSignedData(withCertificateBlocks(signedByRsa, blocks(MAX_EMBEDDED_CERTIFICATES + 1))),
    ).toEqual(err('too_many_certificates'));
    expect(parseSignedData(withCertificateBlocks(signedByRsa, blocks(MAX_EMBEDDED_CERTIFICATES)))).toEqual(
      err('malformed'),
    );
  });

  it('keeps each certificate as the bytes it arrived in', () => {
    const parsed = parseSignedData(signOver(content, ecdsaSigner, { chain: [intermediate.certificate] }));
    if (!parsed.ok) throw new Error(parsed.error);
    const certificates = (parsed.value.certificates ?? []) as pkijs.Certificate[];

    expect(certificates.map(derHexOf)).toEqual(
      [ecdsaSigner, intermediate].map(({ certificate }) => Buffer.from(certificate.rawData).toString('hex')),
    );
  });
});
