import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { extensionValueOf } from '../../../src/infrastructure/eds/certificate-extensions';
import { validateCertificatePath } from '../../../src/infrastructure/eds/certificate-path';
import { DEFAULT_ALGORITHMS } from '../../../src/infrastructure/eds/default-algorithms';
import { OID } from '../../../src/infrastructure/eds/oids';
import { signerRefusal } from '../../../src/infrastructure/eds/signer-policy';
import { loadTrustAnchors, parseCertificate } from '../../../src/infrastructure/eds/trust-anchors';
import {
  VERIFIED_AT,
  generateSigningKey,
  makeCertificateAuthority,
  makeSignerCertificate,
  reissuedWith,
  trustAnchorsPem,
  withExtensionValue,
  type Credential,
} from '../../support/pki';

/**
 * Extensions pkijs cannot read, told apart from absent ones: a key usage, a basic constraint or an
 * extended key usage nobody can read allows nothing (a CA's mistake, or a hostile certificate in a CMS).
 */
const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex, 'hex'));
const UNREADABLE = {
  // asn1js marks it (offset -1): pkijs's parsedValue is undefined, as for an absent extension.
  'a truncated SEQUENCE': bytes('300506'),
  // asn1js throws instead of marking it.
  'a GeneralizedTime that is no time': bytes('1803414243'),
} as const;
const WRONG_SHAPE = bytes('020105'); // an INTEGER where a SEQUENCE belongs

const extension = (extnID: string, value: Uint8Array) =>
  new pkijs.Extension({ extnID, extnValue: value.slice().buffer });
const certificateOf = (credential: Credential) =>
  parseCertificate(new Uint8Array(credential.certificate.rawData));

let root: Credential;
let intermediate: Credential;
let signer: Credential;

beforeAll(async () => {
  const [rootKey, intermediateKey, signerKey] = await Promise.all([
    generateSigningKey('ecdsa'),
    generateSigningKey('ecdsa'),
    generateSigningKey('ecdsa'),
  ]);
  root = await makeCertificateAuthority({ name: 'Extensions root', key: rootKey });
  intermediate = await makeCertificateAuthority({
    name: 'Extensions CA',
    key: intermediateKey,
    issuer: root,
  });
  signer = await makeSignerCertificate({ issuer: intermediate, key: signerKey });
});

describe('extensionValueOf', () => {
  it('says absent, read, or unreadable', () => {
    const keyUsage = extension(
      OID.keyUsage,
      new Uint8Array(new asn1js.BitString({ valueHex: bytes('80') }).toBER()),
    );

    expect(extensionValueOf(undefined, OID.keyUsage)).toEqual({ kind: 'absent' });
    expect(extensionValueOf([keyUsage], OID.basicConstraints)).toEqual({ kind: 'absent' });
    expect(extensionValueOf([keyUsage], OID.keyUsage)).toMatchObject({
      kind: 'read',
      value: expect.any(asn1js.BitString),
    });
    for (const value of Object.values(UNREADABLE))
      expect(extensionValueOf([extension(OID.keyUsage, value)], OID.keyUsage)).toEqual({
        kind: 'unreadable',
      });
  });

  it("takes a known extension of the wrong shape as unreadable, not as pkijs's empty default", () => {
    const usages = extension(OID.extendedKeyUsage, WRONG_SHAPE);
    const constraints = extension(OID.basicConstraints, WRONG_SHAPE);

    expect(usages.parsedValue).toMatchObject({ keyPurposes: [] });
    expect(extensionValueOf([usages], OID.extendedKeyUsage)).toEqual({ kind: 'unreadable' });
    expect(extensionValueOf([constraints], OID.basicConstraints)).toEqual({ kind: 'unreadable' });
  });

  it('takes two instances of one extension as unreadable (RFC 5280 §4.2)', () => {
    const notCa = new pkijs.BasicConstraints({ cA: false }).toSchema().toBER();
    const ca = new pkijs.BasicConstraints({ cA: true }).toSchema().toBER();
    const twice = [
      extension(OID.basicConstraints, new Uint8Array(notCa)),
      extension(OID.basicConstraints, new Uint8Array(ca)),
    ];

    expect(extensionValueOf(twice, OID.basicConstraints)).toEqual({ kind: 'unreadable' });
  });
});

describe("a signer certificate's extensions that cannot be read (SPEC §8)", () => {
  it('accepts the honest signer certificate', () => {
    expect(signerRefusal(certificateOf(signer))).toBeUndefined();
  });

  describe.each(Object.entries(UNREADABLE))('holding %s', (_name, value) => {
    const refusalWith = (oid: string) =>
      signerRefusal(certificateOf(reissuedWith(signer, intermediate, withExtensionValue(oid, value))));

    it('refuses an extended key usage it cannot read, which is no permission to sign', () => {
      const withUsages = reissuedWith(signer, intermediate, (extensions) => [
        ...extensions,
        extension(OID.extendedKeyUsage, value),
      ]);

      expect(signerRefusal(certificateOf(withUsages))).toEqual({
        code: 'certificate_not_for_signing',
        reason: 'extended_key_usage',
      });
    });

    it('refuses a key usage it cannot read', () => {
      expect(refusalWith(OID.keyUsage)).toEqual({ code: 'certificate_not_for_signing', reason: 'key_usage' });
    });

    it('refuses basic constraints it cannot read: whether it is a CA cannot be told', () => {
      expect(refusalWith(OID.basicConstraints)).toEqual({
        code: 'certificate_not_for_signing',
        reason: 'basic_constraints',
      });
    });
  });
});

describe("an intermediate CA's key usage that cannot be read", () => {
  const at = new Date(Date.parse(VERIFIED_AT));
  const pathThrough = (ca: Credential) =>
    validateCertificatePath(
      certificateOf(signer),
      [certificateOf(ca)],
      loadTrustAnchors(trustAnchorsPem(root)),
      at,
      DEFAULT_ALGORITHMS,
    );

  it('builds the path through the honest intermediate', async () => {
    expect(await pathThrough(intermediate)).toMatchObject({ ok: true });
  });

  it.each(Object.entries(UNREADABLE))(
    'does not take one holding %s as allowing keyCertSign',
    async (_name, value) => {
      const careless = reissuedWith(intermediate, root, withExtensionValue(OID.keyUsage, value));

      expect(await pathThrough(careless)).toEqual({ ok: false, error: 'no_path_to_trust_anchor' });
    },
  );
});
