import { toMillis } from '../../../../src/domain/shared/instant';
import { CmsSignatureVerifier } from '../../../../src/infrastructure/eds/cms-signature-verifier';
import { DEFAULT_ALGORITHMS } from '../../../../src/infrastructure/eds/default-algorithms';
import { CrlClient } from '../../../../src/infrastructure/eds/revocation/crl-client';
import { OcspClient } from '../../../../src/infrastructure/eds/revocation/ocsp-client';
import { RevocationChecker } from '../../../../src/infrastructure/eds/revocation/revocation-checker';
import { RevocationCheckingVerifier } from '../../../../src/infrastructure/eds/revocation/revocation-checking-verifier';
import { TimestampingVerifier } from '../../../../src/infrastructure/eds/timestamp/timestamping-verifier';
import { loadTrustAnchors, type TrustAnchors } from '../../../../src/infrastructure/eds/trust-anchors';
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
import {
  issueWithExtensions,
  startTestServer,
  type CertificateState,
  type TestServer,
} from '../../../support/revocation-responders';
import { timeStampingUsage, withTimestamp } from '../../../support/timestamp-tokens';

const dataToSign = Buffer.from(JSON.stringify({ service: 'numlink', requestId: 'req-1', iin: CITIZEN_IIN }));
const receivedAt = VERIFIED_AT;
const minutesFromReceipt = (minutes: number) => new Date(toMillis(receivedAt) + minutes * 60_000);

let server: TestServer;
let ca: Credential;
let signer: Credential;
let tsa: Credential;
let anchors: TrustAnchors;
let verifier: RevocationCheckingVerifier;
/** Generous for a busy machine; the unreachable responder's case shortens it. */
const limits = { timeoutMs: 15_000, maxBytes: 1_000_000 };

beforeAll(async () => {
  server = await startTestServer();
  const [caKey, signerKey, tsaKey] = await Promise.all([
    generateSigningKey('ecdsa'),
    generateSigningKey('ecdsa'),
    generateSigningKey('ecdsa'),
  ]);
  ca = await makeCertificateAuthority({ name: 'Test NCA', key: caKey });
  signer = await makeSignerCertificate({ issuer: ca, key: signerKey });
  const tsaRoot = await makeCertificateAuthority({ name: 'Test TSA root', key: tsaKey });
  tsa = await issueWithExtensions({
    name: 'Test TSA',
    key: tsaKey,
    issuer: tsaRoot,
    extensions: [timeStampingUsage()],
    notBefore: daysFrom(VERIFIED_AT, -30),
    notAfter: daysFrom(VERIFIED_AT, 30),
  });
  anchors = loadTrustAnchors(trustAnchorsPem(ca));
  const options = {
    limits,
    algorithms: DEFAULT_ALGORITHMS,
    cacheLifetimeMs: 0,
  };
  const checker = new RevocationChecker(
    { methods: ['ocsp'], ocspUrl: server.url('/ocsp') },
    { ocsp: new OcspClient({ ...options, maxAgeWithoutNonceMs: 600_000 }), crl: new CrlClient(options) },
    () => minutesFromReceipt(0.1),
  );
  // As the verification pool's workers compose it: the timestamp reader in front of the CMS verifier,
  // revocation asked about the path they validated, as of the timestamp's genTime.
  verifier = new RevocationCheckingVerifier(
    new TimestampingVerifier(new CmsSignatureVerifier(anchors), loadTrustAnchors(trustAnchorsPem(tsaRoot))),
    checker,
  );
});

afterAll(() => server.close());

function responderSays(state: CertificateState): void {
  server.routes.set('/ocsp', {
    kind: 'ocsp',
    answer: () => ({
      signer: ca,
      issuingCa: ca,
      state: () => state,
      thisUpdate: minutesFromReceipt(-1),
      nextUpdate: minutesFromReceipt(60),
      producedAt: minutesFromReceipt(0),
    }),
  });
}

const check = (signature: string = signOver(dataToSign, signer)) =>
  verifier.verify({ dataToSign, signature, expectedIin: CITIZEN_IIN, at: receivedAt });

describe('the builtin verifier checks revocation after the signature and the chain (SPEC §8)', () => {
  it('accepts a good certificate, answering the OCSP evidence with the signature', async () => {
    responderSays({ status: 'good' });

    expect(await check()).toMatchObject({
      status: 'valid',
      revocation: {
        method: 'ocsp',
        responder: server.url('/ocsp'),
        producedAt: minutesFromReceipt(0).toISOString(),
      },
    });
  });

  it('refuses a certificate revoked before the request was received', async () => {
    responderSays({ status: 'revoked', at: minutesFromReceipt(-5) });

    expect(await check()).toEqual({
      status: 'invalid',
      code: 'certificate_untrusted',
      reason: 'certificate_revoked',
    });
  });

  it('accepts a certificate revoked after the confirmation: the revocation does not reach back', async () => {
    responderSays({ status: 'revoked', at: minutesFromReceipt(0.05) });

    expect(await check()).toMatchObject({ status: 'valid' });
  });

  it('accepts a certificate revoked after the verified timestamp though before receipt', async () => {
    responderSays({ status: 'revoked', at: minutesFromReceipt(-5) });
    const signature = withTimestamp(signOver(dataToSign, signer), { tsa, genTime: minutesFromReceipt(-6) });

    expect(await check(signature)).toMatchObject({
      status: 'valid',
      timestamp: { genTime: minutesFromReceipt(-6).toISOString() },
    });
  });

  it('refuses a certificate the responder does not know', async () => {
    responderSays({ status: 'unknown' });

    expect(await check()).toEqual({
      status: 'invalid',
      code: 'certificate_untrusted',
      reason: 'certificate_status_unknown',
    });
  });

  it('answers unavailable, with a time to retry, when the responder is down', async () => {
    server.routes.set('/ocsp', { kind: 'hang' });
    limits.timeoutMs = 300;

    const result = await check().finally(() => {
      limits.timeoutMs = 15_000;
    });

    expect(result).toEqual({ status: 'unavailable', reason: 'timeout', retryAfterSeconds: 30 });
  });

  it('does not ask the responder about a signature that already fails', async () => {
    server.hits.clear();
    responderSays({ status: 'good' });

    expect(await check(signOver(Buffer.from('another request'), signer))).toMatchObject({
      status: 'invalid',
    });
    expect(server.hits.get('/ocsp')).toBeUndefined();
  });
});
