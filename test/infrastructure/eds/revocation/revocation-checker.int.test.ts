import type * as pkijs from 'pkijs';
import { toMillis } from '../../../../src/domain/shared/instant';
import { DEFAULT_ALGORITHMS } from '../../../../src/infrastructure/eds/default-algorithms';
import { CrlClient } from '../../../../src/infrastructure/eds/revocation/crl-client';
import { OcspClient } from '../../../../src/infrastructure/eds/revocation/ocsp-client';
import {
  RevocationChecker,
  type RevocationSources,
} from '../../../../src/infrastructure/eds/revocation/revocation-checker';
import { x509 } from '../../../../src/infrastructure/dev-pki/x509';
import {
  REMOVE_FROM_CRL,
  REVOCATION_OID,
} from '../../../../src/infrastructure/eds/revocation/revocation-oids';
import {
  VERIFIED_AT,
  daysFrom,
  generateSigningKey,
  makeCertificateAuthority,
  type Credential,
} from '../../../support/pki';
import {
  crlDer,
  largeCrlDer,
  issueWithExtensions,
  ocspNoCheck,
  ocspSigningUsage,
  pkijsCertificate,
  pointingTo,
  startTestServer,
  type CertificateState,
  type CrlToPublish,
  type OcspAnswer,
  type TestServer,
} from '../../../support/revocation-responders';

// A GeneralizedTime that is no time: asn1js throws on it instead of marking it.
const UNREADABLE_BY_ASN1JS = Uint8Array.from([0x18, 0x03, 0x41, 0x42, 0x43]);

// The signature was made at VERIFIED_AT; numlink asks the responders a minute later.
const signedAt = new Date(toMillis(VERIFIED_AT));
const now = new Date(toMillis(VERIFIED_AT) + 60_000);
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);

let server: TestServer;
let ca: Credential;
let otherCa: Credential;
let citizen: Credential;
let delegatedResponder: Credential;
let responderOfAnotherCa: Credential;
let responderWithoutUsage: Credential;
let responderWithUnreadableUsage: Credential;
let checkedResponder: Credential;
let issuer: pkijs.Certificate;
let certificate: pkijs.Certificate;
let serialHex: string;

beforeAll(async () => {
  server = await startTestServer();
  const [caKey, otherKey, citizenKey, responderKey] = await Promise.all([
    generateSigningKey('ecdsa'),
    generateSigningKey('ecdsa'),
    generateSigningKey('ecdsa'),
    generateSigningKey('ecdsa'),
  ]);
  ca = await makeCertificateAuthority({ name: 'Test NCA', key: caKey });
  otherCa = await makeCertificateAuthority({ name: 'Test NCA', key: otherKey });
  const validity = { notBefore: daysFrom(VERIFIED_AT, -30), notAfter: daysFrom(VERIFIED_AT, 30) };
  citizen = await issueWithExtensions({
    name: 'citizen',
    key: citizenKey,
    issuer: ca,
    extensions: pointingTo({ ocsp: server.url('/ocsp'), crl: server.url('/base.crl') }),
    ...validity,
  });
  delegatedResponder = await issueWithExtensions({
    name: 'ocsp responder',
    key: responderKey,
    issuer: ca,
    extensions: [ocspSigningUsage(), ocspNoCheck()],
    ...validity,
  });
  checkedResponder = await issueWithExtensions({
    name: 'ocsp responder checked',
    key: responderKey,
    issuer: ca,
    extensions: [ocspSigningUsage(), ...pointingTo({ crl: server.url('/responder.crl') })],
    ...validity,
  });
  responderOfAnotherCa = await issueWithExtensions({
    name: 'ocsp responder',
    key: responderKey,
    issuer: otherCa,
    extensions: [ocspSigningUsage()],
    ...validity,
  });
  responderWithoutUsage = await issueWithExtensions({
    name: 'ocsp responder',
    key: responderKey,
    issuer: ca,
    extensions: [ocspNoCheck()],
    ...validity,
  });
  responderWithUnreadableUsage = await issueWithExtensions({
    name: 'ocsp responder',
    key: responderKey,
    issuer: ca,
    extensions: [
      new x509.Extension(REVOCATION_OID.extendedKeyUsage, false, UNREADABLE_BY_ASN1JS),
      ocspNoCheck(),
    ],
    ...validity,
  });
  issuer = pkijsCertificate(ca);
  certificate = pkijsCertificate(citizen);
  serialHex = citizen.certificate.serialNumber.toLowerCase();
});

afterAll(() => server.close());

beforeEach(() => {
  server.routes.clear();
  server.hits.clear();
});

// Generous for a busy machine; the unreachable responder's case shortens it.
const limits = { timeoutMs: 15_000, maxBytes: 1_000_000 };

function checker(
  sources: RevocationSources,
  clock: () => Date = () => now,
  timeoutMs = limits.timeoutMs,
): RevocationChecker {
  const options = {
    limits: { ...limits, timeoutMs },
    algorithms: DEFAULT_ALGORITHMS,
    cacheLifetimeMs: 300_000,
  };
  return new RevocationChecker(
    sources,
    {
      ocsp: new OcspClient({
        ...options,
        maxAgeWithoutNonceMs: 600_000,
        responderCrl: new CrlClient(options),
      }),
      crl: new CrlClient(options),
    },
    clock,
  );
}

function answering(state: CertificateState, overrides: Partial<OcspAnswer> = {}): void {
  server.routes.set('/ocsp', {
    kind: 'ocsp',
    answer: () => ({
      signer: ca,
      issuingCa: ca,
      state: (serial) => (serial === serialHex ? state : { status: 'unknown' }),
      thisUpdate: minutes(-1),
      nextUpdate: minutes(60),
      producedAt: minutes(0),
      ...overrides,
    }),
  });
}

function publishing(path: string, crl: Partial<CrlToPublish>): void {
  server.routes.set(path, {
    kind: 'bytes',
    body: () =>
      crlDer({
        issuer: ca,
        number: 7,
        thisUpdate: minutes(-60),
        nextUpdate: minutes(24 * 60),
        revoked: [],
        ...crl,
      }),
  });
}

const ocspOnly = { methods: ['ocsp'] } as const;
const crlOnly = { methods: ['crl'] } as const;

describe('OCSP (RFC 6960) from the responder the certificate names (SPEC §8)', () => {
  it('finds a good certificate good, keeping the signed response as evidence', async () => {
    answering({ status: 'good' });

    const verdict = await checker(ocspOnly).check(certificate, issuer, signedAt);

    expect(verdict).toMatchObject({
      status: 'good',
      evidence: {
        method: 'ocsp',
        responder: server.url('/ocsp'),
        producedAt: minutes(0).toISOString(),
        checkedAt: now.toISOString(),
      },
    });
    expect(
      verdict.status === 'good' && verdict.evidence.method === 'ocsp' && verdict.evidence.response,
    ).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });

  it('refuses a certificate revoked before the signature was made', async () => {
    answering({ status: 'revoked', at: new Date(signedAt.getTime() - 1_000) });

    expect(await checker(ocspOnly).check(certificate, issuer, signedAt)).toEqual({ status: 'revoked' });
  });

  it('keeps a signature made before the certificate was revoked: a later revocation does not reach back', async () => {
    answering({ status: 'revoked', at: new Date(signedAt.getTime() + 30_000) });

    expect(await checker(ocspOnly).check(certificate, issuer, signedAt)).toMatchObject({ status: 'good' });
  });

  it('says unknown when the responder does not know the certificate', async () => {
    answering({ status: 'unknown' });

    expect(await checker(ocspOnly).check(certificate, issuer, signedAt)).toEqual({ status: 'unknown' });
  });

  it('accepts a response signed by a responder the CA delegated with id-kp-OCSPSigning', async () => {
    answering({ status: 'good' }, { signer: delegatedResponder });

    expect(await checker(ocspOnly).check(certificate, issuer, signedAt)).toMatchObject({ status: 'good' });
  });

  it('does not check a delegated responder whose certificate carries id-pkix-ocsp-nocheck', async () => {
    answering({ status: 'good' }, { signer: delegatedResponder });
    publishing('/responder.crl', { revoked: [] });

    expect(await checker(ocspOnly).check(certificate, issuer, signedAt)).toMatchObject({ status: 'good' });
    expect(server.hits.get('/responder.crl')).toBeUndefined();
  });

  it("checks a delegated responder without id-pkix-ocsp-nocheck on its CA's CRL", async () => {
    answering({ status: 'good' }, { signer: checkedResponder });
    publishing('/responder.crl', { revoked: [] });

    expect(await checker(ocspOnly).check(certificate, issuer, signedAt)).toMatchObject({ status: 'good' });
    expect(server.hits.get('/responder.crl')).toBe(1);
  });

  it("takes no answer from a delegated responder its CA's CRL lists as revoked", async () => {
    answering({ status: 'good' }, { signer: checkedResponder });
    const responderSerial = checkedResponder.certificate.serialNumber.toLowerCase();
    publishing('/responder.crl', { revoked: [{ serialHex: responderSerial, at: minutes(-60) }] });

    expect(await checker(ocspOnly).check(certificate, issuer, signedAt)).toEqual({
      status: 'unavailable',
      reason: 'ocsp_responder_revoked',
    });
  });

  it('takes no answer from a delegated responder without nocheck whose status cannot be had', async () => {
    answering({ status: 'good' }, { signer: checkedResponder });

    expect(await checker(ocspOnly).check(certificate, issuer, signedAt)).toEqual({
      status: 'unavailable',
      reason: 'ocsp_responder_status_unavailable',
    });
  });

  it.each([
    ['a responder certificate issued by another CA', () => responderOfAnotherCa],
    ['a responder certificate without id-kp-OCSPSigning (though with nocheck)', () => responderWithoutUsage],
    ['a responder certificate whose extended key usage is unreadable', () => responderWithUnreadableUsage],
    ['another CA of the same name', () => otherCa],
  ])('takes no answer from %s (wrong responder)', async (_name, signer) => {
    answering({ status: 'good' }, { signer: signer() });

    expect(await checker(ocspOnly).check(certificate, issuer, signedAt)).toEqual({
      status: 'unavailable',
      reason: expect.stringMatching(/^ocsp_(responder_not_authorized|signature_invalid)$/) as unknown,
    });
  });

  it('takes no answer from a stale response (nextUpdate passed)', async () => {
    answering({ status: 'good' }, { thisUpdate: minutes(-120), nextUpdate: minutes(-60) });

    expect(await checker(ocspOnly).check(certificate, issuer, signedAt)).toEqual({
      status: 'unavailable',
      reason: 'ocsp_response_stale',
    });
  });

  it('takes no answer from an old response that does not echo the nonce (a replay)', async () => {
    answering({ status: 'good' }, { echoNonce: false, thisUpdate: minutes(-30), nextUpdate: undefined });

    expect(await checker(ocspOnly).check(certificate, issuer, signedAt)).toEqual({
      status: 'unavailable',
      reason: 'ocsp_response_stale',
    });
  });

  it('takes no answer from a signed response whose nonce the ASN.1 reader cannot read', async () => {
    answering({ status: 'good' }, { nonceExtensionValue: UNREADABLE_BY_ASN1JS });

    expect(await checker(ocspOnly).check(certificate, issuer, signedAt)).toEqual({
      status: 'unavailable',
      reason: 'ocsp_malformed',
    });
  });

  it('fails closed when the responder does not answer in time', async () => {
    server.routes.set('/ocsp', { kind: 'hang' });

    expect(await checker(ocspOnly, () => now, 300).check(certificate, issuer, signedAt)).toEqual({
      status: 'unavailable',
      reason: 'timeout',
    });
  });

  it('asks a configured responder instead of the one the certificate names', async () => {
    answering({ status: 'good' });
    server.routes.set('/configured-ocsp', server.routes.get('/ocsp')!);

    await checker({ ...ocspOnly, ocspUrl: server.url('/configured-ocsp') }).check(
      certificate,
      issuer,
      signedAt,
    );

    expect(server.hits.get('/configured-ocsp')).toBe(1);
    expect(server.hits.get('/ocsp')).toBeUndefined();
  });
});

describe('the answer cache, by issuer and serial, with a bounded lifetime', () => {
  it('asks the responder once while the answer is fresh, and again after the lifetime', async () => {
    answering({ status: 'good' });
    let clock = now;
    const cached = checker(ocspOnly, () => clock);

    await cached.check(certificate, issuer, signedAt);
    await cached.check(certificate, issuer, signedAt);
    expect(server.hits.get('/ocsp')).toBe(1);

    clock = minutes(6);
    await cached.check(certificate, issuer, signedAt);
    expect(server.hits.get('/ocsp')).toBe(2);
  });
});

describe('CRLs with deltas (RFC 5280 §5) from the distribution point the certificate names', () => {
  it('finds a certificate absent from the CRL good, naming the CRL number', async () => {
    publishing('/base.crl', { number: 7 });

    expect(await checker(crlOnly).check(certificate, issuer, signedAt)).toEqual({
      status: 'good',
      evidence: {
        method: 'crl',
        source: server.url('/base.crl'),
        crlNumber: '7',
        thisUpdate: minutes(-60).toISOString(),
        checkedAt: now.toISOString(),
      },
    });
  });

  it('takes no answer from a signed CRL whose delta indicator cannot be read (it may be a delta)', async () => {
    publishing('/base.crl', { deltaIndicatorValue: Uint8Array.from([0x30, 0x05, 0x06]) });

    expect(await checker(crlOnly).check(certificate, issuer, signedAt)).toEqual({
      status: 'unavailable',
      reason: 'crl_malformed',
    });
  });

  it('refuses a certificate the base CRL lists as revoked before the signature', async () => {
    publishing('/base.crl', { revoked: [{ serialHex, at: new Date(signedAt.getTime() - 60_000) }] });

    expect(await checker(crlOnly).check(certificate, issuer, signedAt)).toEqual({ status: 'revoked' });
  });

  it('refuses a certificate revoked in the delta CRL the base names', async () => {
    publishing('/base.crl', { number: 7, deltaUrl: server.url('/delta.crl') });
    publishing('/delta.crl', {
      number: 8,
      baseNumber: 7,
      revoked: [{ serialHex, at: new Date(signedAt.getTime() - 1_000) }],
    });

    expect(await checker(crlOnly).check(certificate, issuer, signedAt)).toEqual({ status: 'revoked' });
  });

  it('takes a delta that lifts a hold (removeFromCRL) over the base', async () => {
    publishing('/base.crl', {
      number: 7,
      deltaUrl: server.url('/delta.crl'),
      revoked: [{ serialHex, at: new Date(signedAt.getTime() - 60_000) }],
    });
    publishing('/delta.crl', {
      number: 8,
      baseNumber: 7,
      revoked: [{ serialHex, at: new Date(signedAt.getTime() - 1_000), reason: REMOVE_FROM_CRL }],
    });

    expect(await checker(crlOnly).check(certificate, issuer, signedAt)).toMatchObject({
      status: 'good',
      evidence: { crlNumber: '7', deltaCrlNumber: '8' },
    });
  });

  it('takes no answer from a stale CRL or one signed by another CA', async () => {
    publishing('/base.crl', { thisUpdate: minutes(-48 * 60), nextUpdate: minutes(-60) });
    expect(await checker(crlOnly).check(certificate, issuer, signedAt)).toEqual({
      status: 'unavailable',
      reason: 'crl_stale',
    });

    publishing('/base.crl', { issuer: otherCa });
    expect(await checker(crlOnly).check(certificate, issuer, signedAt)).toEqual({
      status: 'unavailable',
      reason: 'crl_signature_invalid',
    });
  });

  it('falls back from an unreachable OCSP responder to the CRL (ocsp,crl)', async () => {
    server.routes.set('/ocsp', { kind: 'bytes', status: 500, body: () => Buffer.alloc(0) });
    publishing('/base.crl', { number: 9 });

    expect(await checker({ methods: ['ocsp', 'crl'] }).check(certificate, issuer, signedAt)).toMatchObject({
      status: 'good',
      evidence: { method: 'crl', crlNumber: '9' },
    });
  });

  it('fails closed when neither answers, naming both problems', async () => {
    server.routes.set('/ocsp', { kind: 'bytes', status: 500, body: () => Buffer.alloc(0) });
    server.routes.set('/base.crl', { kind: 'bytes', status: 503, body: () => Buffer.alloc(0) });

    expect(await checker({ methods: ['ocsp', 'crl'] }).check(certificate, issuer, signedAt)).toEqual({
      status: 'unavailable',
      reason: 'ocsp_http_500,crl_http_503',
    });
  });

  it('refuses an answer larger than the cap', async () => {
    server.routes.set('/base.crl', { kind: 'bytes', body: () => Buffer.alloc(2_000_000) });

    expect(await checker(crlOnly).check(certificate, issuer, signedAt)).toEqual({
      status: 'unavailable',
      reason: 'answer_too_large',
    });
  });

  it("reads a CRL the size of a national CA's: 25,000 entries, the citizen's last", async () => {
    const window = { thisUpdate: minutes(-60), nextUpdate: minutes(24 * 60) };
    server.routes.set('/base.crl', { kind: 'bytes', body: () => largeCrlDer(ca, 25_000, window) });
    expect(await checker(crlOnly).check(certificate, issuer, signedAt)).toMatchObject({
      status: 'good',
      evidence: { crlNumber: '99' },
    });

    server.routes.set('/base.crl', { kind: 'bytes', body: () => largeCrlDer(ca, 25_000, window, serialHex) });
    expect(await checker(crlOnly).check(certificate, issuer, signedAt)).toEqual({ status: 'revoked' });
  });
});
