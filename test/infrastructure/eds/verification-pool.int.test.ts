import { monitorEventLoopDelay } from 'node:perf_hooks';
import { CmsSignatureVerifier } from '../../../src/infrastructure/eds/cms-signature-verifier';
import { loadTrustAnchors } from '../../../src/infrastructure/eds/trust-anchors';
import { PooledSignatureVerifier } from '../../../src/infrastructure/eds/verification-pool';
import {
  CITIZEN_IIN,
  VERIFIED_AT,
  generateSigningKey,
  makeCertificateAuthority,
  makeSignerCertificate,
  signOver,
  trustAnchorsPem,
  withTamperedSignatureValue,
  type Credential,
} from '../../support/pki';
import { lookAlikeCertificateAuthorities } from '../../support/hostile-signatures';

const dataToSign = Buffer.from('{"service":"numlink","requestId":"req-pool"}');

let root: Credential;
let signer: Credential;
let pool: PooledSignatureVerifier;

beforeAll(async () => {
  const [rootKey, signerKey] = await Promise.all([
    generateSigningKey('gost2015-512'),
    generateSigningKey('gost2015-512'),
  ]);
  root = await makeCertificateAuthority({ name: 'Pool root CA', key: rootKey });
  signer = await makeSignerCertificate({ issuer: root, key: signerKey });
  pool = new PooledSignatureVerifier(loadTrustAnchors(trustAnchorsPem(root)), { size: 2 });
});

afterAll(() => pool.close());

const verify = (verifier: { verify: CmsSignatureVerifier['verify'] }, signature: string) =>
  verifier.verify({ dataToSign, signature, expectedIin: CITIZEN_IIN, at: VERIFIED_AT });

describe('the verification pool (worker threads; SPEC §7)', () => {
  it('answers as the verifier on the event loop does: valid, tampered, malformed', async () => {
    const direct = new CmsSignatureVerifier(loadTrustAnchors(trustAnchorsPem(root)));
    const signature = signOver(dataToSign, signer);
    const cases = [signature, withTamperedSignatureValue(signature), 'not a signature'];

    const pooled = await Promise.all(cases.map((one) => verify(pool, one)));

    expect(pooled[0]).toMatchObject({ status: 'valid', signerIin: CITIZEN_IIN });
    expect(pooled).toEqual(await Promise.all(cases.map((one) => verify(direct, one))));
  });

  it('refuses a verification that outlives its time, and goes on with a fresh worker', async () => {
    const impatient = new PooledSignatureVerifier(loadTrustAnchors(trustAnchorsPem(root)), {
      size: 1,
      timeoutMs: 1,
    });
    try {
      expect(await verify(impatient, signOver(dataToSign, signer))).toEqual({
        status: 'invalid',
        code: 'signature_invalid',
        reason: 'verification_timeout',
      });
    } finally {
      await impatient.close();
    }
  });

  it.each([7, 9, 29])(
    'refuses %i look-alike self-signed CAs (one key, one name) within 1 s, the event loop never held 100 ms',
    async (authorities) => {
      const hostile = await lookAlikeCertificateAuthorities(dataToSign, authorities);
      await verify(pool, 'warm-up');
      const delay = monitorEventLoopDelay({ resolution: 10 });
      delay.enable();
      const started = performance.now();

      const result = await verify(pool, hostile);

      const elapsed = performance.now() - started;
      delay.disable();
      expect(result).toMatchObject({ status: 'invalid' });
      expect(elapsed).toBeLessThan(1_000);
      expect(delay.max / 1e6).toBeLessThan(100);
    },
  );
});

describe('closing the verification pool', () => {
  it('refuses the verifications still waiting and leaves no thread running', async () => {
    const closing = new PooledSignatureVerifier(loadTrustAnchors(trustAnchorsPem(root)), { size: 1 });
    const signature = signOver(dataToSign, signer);
    const waiting = [verify(closing, signature), verify(closing, signature), verify(closing, signature)];

    await closing.close();

    for (const check of await Promise.all(waiting)) expect(check.status).toBe('invalid');
    expect(closing.threads).toBe(0);
  });
});
