import { toMillis } from '../../../../src/domain/shared/instant';
import { CmsSignatureVerifier } from '../../../../src/infrastructure/eds/cms-signature-verifier';
import { DEFAULT_ALGORITHMS } from '../../../../src/infrastructure/eds/default-algorithms';
import { CrlClient } from '../../../../src/infrastructure/eds/revocation/crl-client';
import { OcspClient } from '../../../../src/infrastructure/eds/revocation/ocsp-client';
import {
  RevocationChecker,
  type RevocationSources,
} from '../../../../src/infrastructure/eds/revocation/revocation-checker';
import { RevocationCheckingVerifier } from '../../../../src/infrastructure/eds/revocation/revocation-checking-verifier';
import type { PathVerifier } from '../../../../src/infrastructure/eds/path-verifier';
import { PooledSignatureVerifier } from '../../../../src/infrastructure/eds/verification-pool';
import { loadTrustAnchors } from '../../../../src/infrastructure/eds/trust-anchors';
import {
  CITIZEN_IIN,
  VERIFIED_AT,
  daysFrom,
  generateSigningKey,
  makeCertificateAuthority,
  signOver,
  trustAnchorsPem,
  type Credential,
} from '../../../support/pki';
import {
  crlDer,
  issueWithExtensions,
  pkijsCertificate,
  pointingTo,
  startTestServer,
  type CertificateState,
  type TestServer,
} from '../../../support/revocation-responders';

const dataToSign = Buffer.from(JSON.stringify({ service: 'numlink', requestId: 'req-2', iin: CITIZEN_IIN }));
const receivedAt = VERIFIED_AT;
const minutes = (count: number) => new Date(toMillis(receivedAt) + count * 60_000);
const serialOf = (credential: Credential) =>
  Buffer.from(pkijsCertificate(credential).serialNumber.valueBlock.valueHexView).toString('hex');

let server: TestServer;
let root: Credential;
let intermediate: Credential;
let citizen: Credential;
/** Another CA certificate of the intermediate's name, issued by the root to another key. */
let lookAlike: Credential;
/** Generous for a busy machine. */
const limits = { timeoutMs: 15_000, maxBytes: 1_000_000 };

// Root (trust anchor) -> intermediate CA (embedded in the CMS) -> the citizen's certificate; each
// certificate names its issuer's responders.
beforeAll(async () => {
  server = await startTestServer();
  const [rootKey, intermediateKey, citizenKey, lookAlikeKey] = await Promise.all([
    generateSigningKey('ecdsa'),
    generateSigningKey('ecdsa'),
    generateSigningKey('ecdsa'),
    generateSigningKey('ecdsa'),
  ]);
  const validity = { notBefore: daysFrom(VERIFIED_AT, -30), notAfter: daysFrom(VERIFIED_AT, 30) };
  root = await makeCertificateAuthority({ name: 'Test NCA root', key: rootKey });
  intermediate = await issueWithExtensions({
    name: 'Test NCA intermediate',
    key: intermediateKey,
    issuer: root,
    isCertificateAuthority: true,
    extensions: pointingTo({ ocsp: server.url('/root-ocsp'), crl: server.url('/root.crl') }),
    ...validity,
  });
  lookAlike = await issueWithExtensions({
    name: 'Test NCA intermediate',
    key: lookAlikeKey,
    issuer: root,
    isCertificateAuthority: true,
    extensions: pointingTo({ ocsp: server.url('/root-ocsp'), crl: server.url('/root.crl') }),
    ...validity,
  });
  citizen = await issueWithExtensions({
    name: 'citizen',
    key: citizenKey,
    issuer: intermediate,
    extensions: pointingTo({ ocsp: server.url('/intermediate-ocsp'), crl: server.url('/intermediate.crl') }),
    ...validity,
  });
});

afterAll(() => server.close());
afterEach(() => server.routes.clear());

const anchors = () => loadTrustAnchors(trustAnchorsPem(root));

function verifier(
  sources: RevocationSources,
  inner: PathVerifier = new CmsSignatureVerifier(anchors()),
): RevocationCheckingVerifier {
  const options = { limits, algorithms: DEFAULT_ALGORITHMS, cacheLifetimeMs: 0 };
  const checker = new RevocationChecker(
    sources,
    { ocsp: new OcspClient({ ...options, maxAgeWithoutNonceMs: 600_000 }), crl: new CrlClient(options) },
    () => minutes(0.1),
  );
  return new RevocationCheckingVerifier(inner, checker);
}

/** Each CA's responder answers for the certificates it issued. */
function responders(states: {
  readonly citizen: CertificateState;
  readonly intermediate: CertificateState;
  readonly lookAlike?: CertificateState;
}) {
  const answer = (issuingCa: Credential, subject: Credential, state: CertificateState) => () => ({
    signer: issuingCa,
    issuingCa,
    state: (serial: string): CertificateState =>
      serial === serialOf(subject)
        ? state
        : serial === serialOf(lookAlike) && states.lookAlike !== undefined
          ? states.lookAlike
          : { status: 'unknown' },
    thisUpdate: minutes(-1),
    nextUpdate: minutes(60),
    producedAt: minutes(0),
  });
  server.routes.set('/intermediate-ocsp', {
    kind: 'ocsp',
    answer: answer(intermediate, citizen, states.citizen),
  });
  server.routes.set('/root-ocsp', { kind: 'ocsp', answer: answer(root, intermediate, states.intermediate) });
}

const check = (sources: RevocationSources = { methods: ['ocsp'] }) =>
  verifier(sources).verify({
    dataToSign,
    signature: signOver(dataToSign, citizen, { chain: [intermediate.certificate] }),
    expectedIin: CITIZEN_IIN,
    at: receivedAt,
  });

describe('the intermediate CA certificate is revocation-checked like the signer’s (SPEC §8)', () => {
  it('accepts a chain whose every certificate is good, keeping the signer’s evidence', async () => {
    responders({ citizen: { status: 'good' }, intermediate: { status: 'good' } });

    const answer = await check();

    expect(answer).toMatchObject({
      status: 'valid',
      revocation: { method: 'ocsp', responder: server.url('/intermediate-ocsp') },
    });
    expect(server.hits.get('/root-ocsp')).toBe(1);
  });

  it('refuses a signature whose intermediate CA was revoked before the request was received', async () => {
    responders({ citizen: { status: 'good' }, intermediate: { status: 'revoked', at: minutes(-10) } });

    expect(await check()).toEqual({
      status: 'invalid',
      code: 'certificate_untrusted',
      reason: 'intermediate_certificate_revoked',
    });
  });

  it('refuses an intermediate CA its issuer’s responder does not know', async () => {
    responders({ citizen: { status: 'good' }, intermediate: { status: 'unknown' } });

    expect(await check()).toMatchObject({
      status: 'invalid',
      reason: 'intermediate_certificate_status_unknown',
    });
  });

  it('fails closed, with a time to retry, when the intermediate’s responder does not answer', async () => {
    responders({ citizen: { status: 'good' }, intermediate: { status: 'good' } });
    server.routes.set('/root-ocsp', { kind: 'bytes', status: 500, body: () => Buffer.alloc(0) });

    expect(await check()).toMatchObject({ status: 'unavailable', retryAfterSeconds: 30 });
  });

  it('refuses an intermediate CA its issuer’s CRL lists as revoked (crl)', async () => {
    const publish = (path: string, issuer: Credential, revoked: { serialHex: string; at: Date }[]) =>
      server.routes.set(path, {
        kind: 'bytes',
        body: () =>
          crlDer({ issuer, number: 3, thisUpdate: minutes(-60), nextUpdate: minutes(24 * 60), revoked }),
      });
    publish('/intermediate.crl', intermediate, []);
    publish('/root.crl', root, [{ serialHex: serialOf(intermediate), at: minutes(-30) }]);

    expect(await check({ methods: ['crl'] })).toEqual({
      status: 'invalid',
      code: 'certificate_untrusted',
      reason: 'intermediate_certificate_revoked',
    });
  });
});

describe('the path asked about is the one the verifier validated, on its worker thread', () => {
  let pool: PooledSignatureVerifier;
  beforeAll(() => {
    pool = new PooledSignatureVerifier(anchors(), { size: 1 });
  });
  afterAll(() => pool.close());

  it('refuses a signature whose intermediate CA was revoked, the chain checked by the worker pool', async () => {
    responders({ citizen: { status: 'good' }, intermediate: { status: 'revoked', at: minutes(-10) } });

    const answer = await verifier({ methods: ['ocsp'] }, pool).verify({
      dataToSign,
      signature: signOver(dataToSign, citizen, { chain: [intermediate.certificate] }),
      expectedIin: CITIZEN_IIN,
      at: receivedAt,
    });

    expect(answer).toEqual({
      status: 'invalid',
      code: 'certificate_untrusted',
      reason: 'intermediate_certificate_revoked',
    });
  });

  it('asks about the intermediate that signed, not a good look-alike of its name embedded first', async () => {
    responders({
      citizen: { status: 'good' },
      intermediate: { status: 'revoked', at: minutes(-10) },
      lookAlike: { status: 'good' },
    });

    const answer = await verifier({ methods: ['ocsp'] }, pool).verify({
      dataToSign,
      signature: signOver(dataToSign, citizen, { chain: [lookAlike.certificate, intermediate.certificate] }),
      expectedIin: CITIZEN_IIN,
      at: receivedAt,
    });

    expect(answer).toMatchObject({ status: 'invalid', reason: 'intermediate_certificate_revoked' });
  });
});
