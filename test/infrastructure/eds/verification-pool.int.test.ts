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
import { lookAlikeCertificateAuthorities, withUnreadableTime } from '../../support/hostile-signatures';

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

  it('refuses as malformed a CMS that makes the ASN.1 reader throw, without losing its worker', async () => {
    const malformed = { status: 'invalid', code: 'signature_invalid', reason: 'malformed' };
    const single = new PooledSignatureVerifier(loadTrustAnchors(trustAnchorsPem(root)), { size: 1 });
    try {
      const hostile = withUnreadableTime(signOver(dataToSign, signer));
      const started: number[] = [];
      const answers = [];
      for (let i = 0; i < 3; i++) {
        answers.push(await verify(single, hostile));
        started.push(single.threadsStarted);
      }

      expect(answers).toEqual([malformed, malformed, malformed]);
      expect(
        await verify(new CmsSignatureVerifier(loadTrustAnchors(trustAnchorsPem(root))), hostile),
      ).toEqual(malformed);
      expect(started).toEqual([1, 1, 1]);
    } finally {
      await single.close();
    }
  });

  it('refuses a verification that throws, keeps its worker, and answers the next one', async () => {
    const single = new PooledSignatureVerifier(loadTrustAnchors(trustAnchorsPem(root)), { size: 1 });
    try {
      // No caller of the port can send this (dataToSign is typed as bytes): it stands for any throw the
      // worker meets, which must cost one refusal, not a thread and the queue's wait for a new one.
      const unreadable = await single.verify({
        dataToSign: undefined as unknown as Buffer,
        signature: signOver(dataToSign, signer),
        expectedIin: CITIZEN_IIN,
        at: VERIFIED_AT,
      });
      const next = await verify(single, signOver(dataToSign, signer));

      expect(unreadable).toEqual({
        status: 'invalid',
        code: 'signature_invalid',
        reason: 'verification_failed',
      });
      expect(next).toMatchObject({ status: 'valid', signerIin: CITIZEN_IIN });
      expect(single.threadsStarted).toBe(1);
    } finally {
      await single.close();
    }
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
      // The baselines, in the same run: an honest verification's time, and how long the event loop is
      // held while this process only waits as long (other work on a busy machine holds it too).
      const honestStarted = performance.now();
      await verify(pool, signOver(dataToSign, signer));
      const honest = performance.now() - honestStarted;

      const delay = monitorEventLoopDelay({ resolution: 10 });
      delay.enable();
      const started = performance.now();
      const result = await verify(pool, hostile);
      const elapsed = performance.now() - started;
      delay.disable();

      const idle = monitorEventLoopDelay({ resolution: 10 });
      idle.enable();
      await new Promise((resolve) => setTimeout(resolve, Math.max(elapsed, 50)));
      idle.disable();

      expect(result).toMatchObject({ status: 'invalid' });
      // 1 s and 100 ms on a quiet machine; on a busy one, ten honest verifications' time and the
      // event loop held no longer than twice what an idle wait of the same length saw.
      expect(elapsed).toBeLessThan(Math.max(1_000, 10 * honest));
      expect(delay.max / 1e6).toBeLessThan(Math.max(100, 2 * (idle.max / 1e6)));
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
