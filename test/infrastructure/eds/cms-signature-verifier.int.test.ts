import { createPublicKey, verify } from 'node:crypto';
import type { SignatureCheck } from '../../../src/application/ports/signature-verifier';
import type { Iin } from '../../../src/domain/shared/iin';
import { CmsSignatureVerifier } from '../../../src/infrastructure/eds/cms-signature-verifier';
import { DEFAULT_ALGORITHMS } from '../../../src/infrastructure/eds/default-algorithms';
import { OID } from '../../../src/infrastructure/eds/oids';
import { withAlgorithms, type SignatureAlgorithm } from '../../../src/infrastructure/eds/signature-algorithm';
import { loadTrustAnchors } from '../../../src/infrastructure/eds/trust-anchors';
import {
  CITIZEN_IIN,
  OTHER_CITIZEN_IIN,
  VERIFIED_AT,
  daysFrom,
  generateSigningKey,
  makeCertificateAuthority,
  makeSignerCertificate,
  signOver,
  trustAnchorsPem,
  withContent,
  withSignatureAlgorithm,
  withTamperedSignatureValue,
  type Credential,
  type SigningKey,
} from '../../support/pki';

// The bytes a create-request answer hands out as dataToSign (SPEC R16), for two different requests.
const dataToSign = Buffer.from(
  JSON.stringify({ service: 'numlink', requestId: 'req-1', iin: CITIZEN_IIN, phone: '+77011234567' }),
);
const otherRequestsDataToSign = Buffer.from(
  JSON.stringify({ service: 'numlink', requestId: 'req-2', iin: CITIZEN_IIN, phone: '+77011234567' }),
);
/** id-tc26-signwithdigest-gost3410-12-256: Russia's OID for GOST 34.10, not Kazakhstan's: unsupported. */
const GOST_SIGNATURE_OID = '1.2.643.7.1.1.3.2';

let keys: {
  root: SigningKey;
  intermediate: SigningKey;
  rsa: SigningKey;
  ecdsa: SigningKey;
  ed25519: SigningKey;
};
let root: Credential;
let intermediate: Credential;
let untrustedRoot: Credential;
let rsaSigner: Credential;
let ecdsaSigner: Credential;
let verifier: CmsSignatureVerifier;

beforeAll(async () => {
  const [rootKey, intermediateKey, rsa, ecdsa, ed25519] = await Promise.all([
    generateSigningKey('ecdsa'),
    generateSigningKey('rsa'),
    generateSigningKey('rsa'),
    generateSigningKey('ecdsa'),
    generateSigningKey('ed25519'),
  ]);
  keys = { root: rootKey, intermediate: intermediateKey, rsa, ecdsa, ed25519 };
  root = await makeCertificateAuthority({ name: 'Test root CA', key: keys.root });
  intermediate = await makeCertificateAuthority({
    name: 'Test issuing CA',
    key: keys.intermediate,
    issuer: root,
  });
  untrustedRoot = await makeCertificateAuthority({ name: 'Test root CA', key: keys.ecdsa });
  rsaSigner = await makeSignerCertificate({ issuer: root, key: keys.rsa });
  ecdsaSigner = await makeSignerCertificate({ issuer: root, key: keys.ecdsa });
  verifier = new CmsSignatureVerifier(loadTrustAnchors(trustAnchorsPem(root)));
});

const check = (signature: string, data: Buffer = dataToSign, expectedIin: Iin = CITIZEN_IIN) =>
  verifier.verify({ dataToSign: data, signature, expectedIin, at: VERIFIED_AT });

const refusal = (code: string, reason: string): SignatureCheck =>
  ({ status: 'invalid', code, reason }) as SignatureCheck;

describe('a valid EDS signature over dataToSign (SPEC R16)', () => {
  const cases = [
    ['RSA PKCS#1 v1.5', 'rsa-pkcs1', () => rsaSigner, 'rsa'],
    ['RSA-PSS', 'rsa-pss', () => rsaSigner, 'rsa-pss'],
    ['ECDSA P-256', 'ecdsa', () => ecdsaSigner, 'ecdsa'],
  ] as const;

  describe.each(cases)('%s', (_name, scheme, signer, algorithm) => {
    it.each([
      ['attached', false],
      ['detached', true],
    ])('is accepted %s, naming the signer, the certificate and the signing time', async (_form, detached) => {
      const result = await check(signOver(dataToSign, signer(), { scheme, detached }));

      expect(result).toEqual({
        status: 'valid',
        signerIin: CITIZEN_IIN,
        algorithm,
        certificateSerial: signer().certificate.serialNumber.toLowerCase(),
        signedAt: VERIFIED_AT,
      });
    });
  });

  it('is accepted without signed attributes, the signature covering dataToSign itself', async () => {
    const result = await check(signOver(dataToSign, rsaSigner, { signedAttributes: false, detached: true }));

    expect(result).toEqual({
      status: 'valid',
      signerIin: CITIZEN_IIN,
      algorithm: 'rsa',
      certificateSerial: rsaSigner.certificate.serialNumber.toLowerCase(),
    });
  });

  it('is accepted when the signer certificate chains to the anchor through an intermediate embedded in the CMS', async () => {
    const signer = await makeSignerCertificate({ issuer: intermediate, key: keys.ecdsa });

    const result = await check(signOver(dataToSign, signer, { chain: [intermediate.certificate] }));

    expect(result).toMatchObject({ status: 'valid', signerIin: CITIZEN_IIN });
  });
});

describe('the signed content must be exactly dataToSign (SPEC R16)', () => {
  it('refuses an attached signature replayed from another request', async () => {
    const replayed = signOver(otherRequestsDataToSign, ecdsaSigner);

    expect(await check(replayed)).toEqual(refusal('signature_invalid', 'content_mismatch'));
  });

  it('refuses a detached signature replayed from another request', async () => {
    const replayed = signOver(otherRequestsDataToSign, rsaSigner, { detached: true });

    expect(await check(replayed)).toEqual(refusal('signature_invalid', 'message_digest_mismatch'));
  });

  it('refuses a detached signature without signed attributes replayed from another request', async () => {
    const replayed = signOver(otherRequestsDataToSign, ecdsaSigner, {
      signedAttributes: false,
      detached: true,
    });

    expect(await check(replayed)).toEqual(refusal('signature_invalid', 'signature_mismatch'));
  });

  it('refuses an attached signature whose content was swapped for this dataToSign', async () => {
    const swapped = withContent(signOver(otherRequestsDataToSign, ecdsaSigner), dataToSign);

    expect(await check(swapped)).toEqual(refusal('signature_invalid', 'message_digest_mismatch'));
  });

  it.each([
    ['RSA PKCS#1 v1.5', 'rsa-pkcs1'],
    ['RSA-PSS', 'rsa-pss'],
    ['ECDSA', 'ecdsa'],
  ] as const)('refuses a %s signature whose value was tampered with', async (_name, scheme) => {
    const signer = scheme === 'ecdsa' ? ecdsaSigner : rsaSigner;
    const tampered = withTamperedSignatureValue(signOver(dataToSign, signer, { scheme }));

    expect(await check(tampered)).toEqual(refusal('signature_invalid', 'signature_mismatch'));
  });

  it.each([
    ['text that is not base64', 'not a signature!'],
    ['base64 of something that is not DER', Buffer.from('hello').toString('base64')],
    ['an empty string', ''],
    ['a truncated CMS', 'MIAGCSqGSIb3DQEHAqCAMIACAQEx'],
  ])('refuses %s as malformed', async (_name, garbage) => {
    expect(await check(garbage)).toEqual(refusal('signature_invalid', 'malformed'));
  });

  it('refuses a DER structure that is not SignedData', async () => {
    const certificateNotCms = Buffer.from(rsaSigner.certificate.rawData).toString('base64');

    expect(await check(certificateNotCms)).toMatchObject({ status: 'invalid', code: 'signature_invalid' });
  });
});

describe('signature algorithms behind the one verifier port', () => {
  it('refuses an algorithm it has no verifier for (a Russian tc26 GOST OID, which NCA RK does not use)', async () => {
    const gost = withSignatureAlgorithm(signOver(dataToSign, ecdsaSigner), GOST_SIGNATURE_OID);

    expect(await check(gost)).toEqual(refusal('signature_invalid', 'unsupported_algorithm'));
  });

  it('accepts an algorithm an adapter plugs in under its OID, for signatures and certificates alike', async () => {
    // Ed25519 stands in for GOST 34.10-2015 here: real crypto that the default suite does not hold.
    const ed25519: SignatureAlgorithm = {
      verify: async (signed) =>
        verify(
          null,
          signed.data,
          createPublicKey({ key: Buffer.from(signed.publicKeyInfo), format: 'der', type: 'spki' }),
          signed.signature,
        ),
    };
    const edRoot = await makeCertificateAuthority({ name: 'Ed25519 root CA', key: keys.ed25519 });
    const edSigner = await makeSignerCertificate({ issuer: edRoot, key: keys.ed25519 });
    const signature = signOver(dataToSign, edSigner);
    const anchors = loadTrustAnchors(trustAnchorsPem(edRoot));

    const withAdapter = new CmsSignatureVerifier(
      anchors,
      withAlgorithms(DEFAULT_ALGORITHMS, { signatures: new Map([[OID.ed25519, ed25519]]) }),
    );
    const withoutAdapter = new CmsSignatureVerifier(anchors);
    const verifyWith = (subject: CmsSignatureVerifier) =>
      subject.verify({ dataToSign, signature, expectedIin: CITIZEN_IIN, at: VERIFIED_AT });

    expect(await verifyWith(withAdapter)).toMatchObject({ status: 'valid', signerIin: CITIZEN_IIN });
    expect(await verifyWith(withoutAdapter)).toEqual(refusal('signature_invalid', 'unsupported_algorithm'));
  });
});

describe('the signer certificate must chain to a trust anchor and be valid now (SPEC §4 "Signatures")', () => {
  it('refuses an expired certificate', async () => {
    const expired = await makeSignerCertificate({
      issuer: root,
      key: keys.ecdsa,
      notAfter: daysFrom(VERIFIED_AT, -1),
    });

    expect(await check(signOver(dataToSign, expired))).toEqual(
      refusal('certificate_untrusted', 'certificate_expired'),
    );
  });

  it('refuses a certificate not yet valid', async () => {
    const early = await makeSignerCertificate({
      issuer: root,
      key: keys.ecdsa,
      notBefore: daysFrom(VERIFIED_AT, 1),
    });

    expect(await check(signOver(dataToSign, early))).toEqual(
      refusal('certificate_untrusted', 'certificate_not_yet_valid'),
    );
  });

  it('refuses a CA certificate as the signer, even one naming the citizen (SPEC §8)', async () => {
    const caCertificate = await makeSignerCertificate({
      issuer: root,
      key: keys.ecdsa,
      isCertificateAuthority: true,
    });

    expect(await check(signOver(dataToSign, caCertificate))).toEqual(
      refusal('signer_is_ca', 'certificate_authority'),
    );
  });

  it('refuses a certificate from a CA that is not a trust anchor, even one with the same name', async () => {
    const stranger = await makeSignerCertificate({ issuer: untrustedRoot, key: keys.ecdsa });

    expect(await check(signOver(dataToSign, stranger))).toEqual(
      refusal('certificate_untrusted', 'no_path_to_trust_anchor'),
    );
  });

  it('refuses a certificate whose intermediate is missing from the CMS', async () => {
    const signer = await makeSignerCertificate({ issuer: intermediate, key: keys.ecdsa });

    expect(await check(signOver(dataToSign, signer))).toEqual(
      refusal('certificate_untrusted', 'no_path_to_trust_anchor'),
    );
  });

  it('refuses a chain through an expired intermediate', async () => {
    const expiredIntermediate = await makeCertificateAuthority({
      name: 'Expired issuing CA',
      key: keys.intermediate,
      issuer: root,
      notAfter: daysFrom(VERIFIED_AT, -1),
    });
    const signer = await makeSignerCertificate({ issuer: expiredIntermediate, key: keys.ecdsa });

    const result = await check(signOver(dataToSign, signer, { chain: [expiredIntermediate.certificate] }));

    expect(result).toEqual(refusal('certificate_untrusted', 'issuer_certificate_expired'));
  });

  it('refuses a certificate issued by a signer certificate, which is no CA', async () => {
    const signerAsIssuer = await makeSignerCertificate({ issuer: root, key: keys.rsa });
    const forged = await makeSignerCertificate({ issuer: signerAsIssuer, key: keys.ecdsa });

    const result = await check(signOver(dataToSign, forged, { chain: [signerAsIssuer.certificate] }));

    expect(result).toEqual(refusal('certificate_untrusted', 'no_path_to_trust_anchor'));
  });
});

describe("the certificate must name the request's citizen: serialNumber = IIN + the IIN (SPEC R16)", () => {
  it('refuses a valid signature by another citizen', async () => {
    const otherCitizen = await makeSignerCertificate({
      issuer: root,
      key: keys.ecdsa,
      serialNumber: `IIN${OTHER_CITIZEN_IIN}`,
    });

    expect(await check(signOver(dataToSign, otherCitizen))).toEqual(
      refusal('signer_mismatch', 'certificate_names_another_iin'),
    );
  });

  it('refuses a certificate naming the IIN without the IIN prefix', async () => {
    const unprefixed = await makeSignerCertificate({
      issuer: root,
      key: keys.ecdsa,
      serialNumber: `${CITIZEN_IIN}`,
    });

    expect(await check(signOver(dataToSign, unprefixed))).toEqual(
      refusal('signer_mismatch', 'certificate_names_another_iin'),
    );
  });

  it("refuses a legal entity's certificate, whose subject names a BIN (SPEC §8, Rules §3)", async () => {
    const entity = await makeSignerCertificate({
      issuer: root,
      key: keys.ecdsa,
      serialNumber: `BIN${CITIZEN_IIN}`,
    });

    expect(await check(signOver(dataToSign, entity))).toEqual(
      refusal('not_an_individual', 'legal_entity_certificate'),
    );
  });

  it("accepts the other citizen's signature when their own request expects it", async () => {
    const otherCitizen = await makeSignerCertificate({
      issuer: root,
      key: keys.ecdsa,
      serialNumber: `IIN${OTHER_CITIZEN_IIN}`,
    });

    const result = await check(signOver(dataToSign, otherCitizen), dataToSign, OTHER_CITIZEN_IIN);

    expect(result).toMatchObject({ status: 'valid', signerIin: OTHER_CITIZEN_IIN });
  });
});

describe('the trust anchors setting (NUMLINK_EDS_TRUST_ANCHORS)', () => {
  it('reads every certificate of a PEM bundle', () => {
    expect(loadTrustAnchors(trustAnchorsPem(root, untrustedRoot))).toHaveLength(2);
  });

  it('refuses a bundle without certificates', () => {
    expect(() => loadTrustAnchors('nothing here')).toThrow(/no CERTIFICATE/);
  });

  it('refuses a bundle with a broken certificate', () => {
    const broken = '-----BEGIN CERTIFICATE-----\naGVsbG8=\n-----END CERTIFICATE-----\n';

    expect(() => loadTrustAnchors(trustAnchorsPem(root) + broken)).toThrow(
      /#2 is not a valid X.509 certificate/,
    );
  });
});
