import { toMillis } from '../../../../src/domain/shared/instant';
import { CmsSignatureVerifier } from '../../../../src/infrastructure/eds/cms-signature-verifier';
import { TimestampingVerifier } from '../../../../src/infrastructure/eds/timestamp/timestamping-verifier';
import { loadTrustAnchors } from '../../../../src/infrastructure/eds/trust-anchors';
import { PooledSignatureVerifier } from '../../../../src/infrastructure/eds/verification-pool';
import {
  CITIZEN_IIN,
  VERIFIED_AT,
  daysFrom,
  generateSigningKey,
  makeCertificateAuthority,
  makeSignerCertificate,
  signOver,
  trustAnchorsPem,
  type Credential,
} from '../../../support/pki';
import { issueWithExtensions } from '../../../support/revocation-responders';
import { timeStampingUsage, withTimestamp } from '../../../support/timestamp-tokens';

const dataToSign = Buffer.from(JSON.stringify({ service: 'numlink', requestId: 'req-1', iin: CITIZEN_IIN }));
const receivedAt = VERIFIED_AT;
const minutesBefore = (minutes: number) => new Date(toMillis(receivedAt) - minutes * 60_000);

let root: Credential;
let signer: Credential;
let tsaRoot: Credential;
let tsa: Credential;
let tsaWithoutUsage: Credential;
let strangerTsa: Credential;
let verifier: TimestampingVerifier;

beforeAll(async () => {
  const [rootKey, signerKey, tsaRootKey, tsaKey, strangerKey] = await Promise.all([
    generateSigningKey('ecdsa'),
    generateSigningKey('ecdsa'),
    generateSigningKey('ecdsa'),
    generateSigningKey('ecdsa'),
    generateSigningKey('ecdsa'),
  ]);
  root = await makeCertificateAuthority({ name: 'Test NCA', key: rootKey });
  signer = await makeSignerCertificate({ issuer: root, key: signerKey });
  tsaRoot = await makeCertificateAuthority({ name: 'Test TSA root', key: tsaRootKey });
  const validity = { notBefore: daysFrom(VERIFIED_AT, -30), notAfter: daysFrom(VERIFIED_AT, 30) };
  tsa = await issueWithExtensions({
    name: 'Test TSA',
    key: tsaKey,
    issuer: tsaRoot,
    extensions: [timeStampingUsage()],
    ...validity,
  });
  tsaWithoutUsage = await issueWithExtensions({
    name: 'Test TSA',
    key: tsaKey,
    issuer: tsaRoot,
    extensions: [],
    ...validity,
  });
  const strangerRoot = await makeCertificateAuthority({ name: 'Test TSA root', key: strangerKey });
  strangerTsa = await issueWithExtensions({
    name: 'Test TSA',
    key: tsaKey,
    issuer: strangerRoot,
    extensions: [timeStampingUsage()],
    ...validity,
  });
  verifier = new TimestampingVerifier(
    new CmsSignatureVerifier(loadTrustAnchors(trustAnchorsPem(root))),
    loadTrustAnchors(trustAnchorsPem(tsaRoot)),
  );
});

const check = (signature: string) =>
  verifier.verify({ dataToSign, signature, expectedIin: CITIZEN_IIN, at: receivedAt });

describe('a signatureTimeStampToken (SPEC §8)', () => {
  it("makes the TSA's genTime the signing time", async () => {
    const signature = withTimestamp(signOver(dataToSign, signer), { tsa, genTime: minutesBefore(2) });

    expect(await check(signature)).toMatchObject({
      status: 'valid',
      timestamp: {
        genTime: minutesBefore(2).toISOString(),
        tsa: expect.stringContaining('Test TSA') as unknown,
      },
    });
  });

  it('judges the certificate at genTime: one that expired after the timestamp still signs', async () => {
    const expiring = await makeSignerCertificate({
      issuer: root,
      key: signer.key,
      notAfter: minutesBefore(60),
    });
    const signature = signOver(dataToSign, expiring);

    expect(await check(signature)).toMatchObject({ status: 'invalid', reason: 'certificate_expired' });
    expect(await check(withTimestamp(signature, { tsa, genTime: minutesBefore(120) }))).toMatchObject({
      status: 'valid',
    });
  });

  it('counts the time of receipt without a token', async () => {
    const result = await check(signOver(dataToSign, signer));

    expect(result).toMatchObject({ status: 'valid' });
    expect(result).not.toHaveProperty('timestamp');
  });

  it.each([
    [
      'whose imprint is not over the signature value',
      () => ({ tsa, imprintOver: Buffer.from('x') }),
      'timestamp_imprint_mismatch',
    ],
    [
      'from a TSA that does not chain to the TSA anchors',
      () => ({ tsa: strangerTsa }),
      'timestamp_untrusted',
    ],
    [
      'signed by a certificate without id-kp-timeStamping',
      () => ({ tsa: tsaWithoutUsage }),
      'timestamp_not_from_tsa',
    ],
  ])('refuses a token %s', async (_name, options, reason) => {
    const signature = withTimestamp(signOver(dataToSign, signer), {
      genTime: minutesBefore(1),
      ...options(),
    });

    expect(await check(signature)).toEqual({ status: 'invalid', code: 'signature_invalid', reason });
  });
});

describe('on the verification pool’s worker threads (SPEC §7: not on the event loop)', () => {
  it('answers as the timestamp reader on this thread: a valid token, a stranger’s, none', async () => {
    const pool = new PooledSignatureVerifier(loadTrustAnchors(trustAnchorsPem(root)), {
      size: 1,
      tsaAnchors: loadTrustAnchors(trustAnchorsPem(tsaRoot)),
    });
    try {
      const signature = signOver(dataToSign, signer);
      const cases = [
        withTimestamp(signature, { tsa, genTime: minutesBefore(2) }),
        withTimestamp(signature, { tsa: strangerTsa, genTime: minutesBefore(2) }),
        signature,
      ];

      const pooled = [];
      for (const one of cases) {
        pooled.push(
          await pool.verify({ dataToSign, signature: one, expectedIin: CITIZEN_IIN, at: receivedAt }),
        );
      }

      expect(pooled[0]).toMatchObject({
        status: 'valid',
        timestamp: { genTime: minutesBefore(2).toISOString() },
      });
      expect(pooled[1]).toMatchObject({ status: 'invalid', code: 'signature_invalid' });
      expect(pooled).toEqual(await Promise.all(cases.map((one) => check(one))));
    } finally {
      await pool.close();
    }
  });
});
