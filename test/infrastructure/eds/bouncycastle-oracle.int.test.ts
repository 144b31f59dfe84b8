import type { SignatureCheck } from '../../../src/application/ports/signature-verifier';
import { parseIin } from '../../../src/domain/shared/iin';
import { instantFromMillis } from '../../../src/domain/shared/instant';
import { CmsSignatureVerifier } from '../../../src/infrastructure/eds/cms-signature-verifier';
import { parseCertificate } from '../../../src/infrastructure/eds/trust-anchors';
import {
  ORACLE_ALGORITHMS,
  ORACLE_IIN,
  ORACLE_TIMEOUT_MS,
  bouncyCastleOracle,
  type Oracle,
} from '../../support/eds-oracle';
import { withTamperedSignatureValue } from '../../support/pki';

// Certificates and CMS made by BouncyCastle (scripts/eds-oracle), which shares no code with the verifier,
// with Kazakhstan's OIDs and byte orders for GOST (SPEC §8).
const dataToSign = Buffer.from(
  JSON.stringify({ service: 'numlink', requestId: 'req-oracle', iin: ORACLE_IIN, phone: '+77011234567' }),
);
const iin = (() => {
  const parsed = parseIin(ORACLE_IIN);
  if (!parsed.ok) throw new Error('the oracle IIN is not valid');
  return parsed.value;
})();

let oracle: Oracle;
let verifier: CmsSignatureVerifier;

beforeAll(async () => {
  oracle = await bouncyCastleOracle(dataToSign);
  const anchors = ORACLE_ALGORITHMS.map((algorithm) =>
    parseCertificate(Buffer.from(oracle[algorithm].root, 'base64')),
  );
  verifier = new CmsSignatureVerifier(anchors);
}, ORACLE_TIMEOUT_MS);

/** How the verification counter names each algorithm (numlink_eds_verifications_total{algorithm}). */
const COUNTED_AS: Readonly<Record<(typeof ORACLE_ALGORITHMS)[number], string>> = {
  rsa: 'rsa',
  ecdsa: 'ecdsa',
  gost2004: 'gost-34.310-2004',
  gost2015_256: 'gost-34.10-2015-256',
  gost2015_512: 'gost-34.10-2015-512',
};

const check = (signature: string) =>
  verifier.verify({ dataToSign, signature, expectedIin: iin, at: instantFromMillis(Date.now()) });

const refusal = (code: string, reason?: string) =>
  expect.objectContaining({
    status: 'invalid',
    code,
    ...(reason === undefined ? {} : { reason }),
  }) as SignatureCheck;

describe.each(ORACLE_ALGORITHMS)("BouncyCastle's %s signatures of NCA RK's kinds", (algorithm) => {
  it("accepts an individual's signing certificate, attached, chained through the intermediate", async () => {
    expect(await check(oracle[algorithm].attached)).toMatchObject({
      status: 'valid',
      signerIin: ORACLE_IIN,
      algorithm: COUNTED_AS[algorithm],
    });
  });

  it('accepts it detached', async () => {
    expect(await check(oracle[algorithm].detached)).toMatchObject({ status: 'valid', signerIin: ORACLE_IIN });
  });

  it('refuses the signature with one bit of its value flipped', async () => {
    expect(await check(withTamperedSignatureValue(oracle[algorithm].attached))).toEqual(
      refusal('signature_invalid', 'signature_mismatch'),
    );
  });

  it('refuses an authentication certificate as the signer (certificate_not_for_signing)', async () => {
    expect(await check(oracle[algorithm].byAuthentication)).toEqual(refusal('certificate_not_for_signing'));
  });

  it("refuses a legal entity's certificate (not_an_individual)", async () => {
    expect(await check(oracle[algorithm].byLegalEntity)).toEqual(refusal('not_an_individual'));
  });

  it('refuses a CA certificate as the signer (signer_is_ca)', async () => {
    expect(await check(oracle[algorithm].byIntermediateCa)).toEqual(refusal('signer_is_ca'));
  });
});

describe('GOST 34.10-2015 (512) signatures that must not pass', () => {
  it("refuses a key on another curve (tc26 paramSetB) in a certificate naming Kazakhstan's curve", async () => {
    expect(await check(oracle.gost2015_512.onAnotherCurve ?? '')).toEqual(refusal('signature_invalid'));
  });

  it('refuses a signer naming Streebog-256 as its digest for a 512-bit signature', async () => {
    expect(await check(oracle.gost2015_512.mismatchedDigest ?? '')).toEqual(
      refusal('signature_invalid', 'signature_mismatch'),
    );
  });
});
