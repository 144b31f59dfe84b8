import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Instant } from '../../../../src/domain/shared/instant';
import { NcanodeSignatureVerifier } from '../../../../src/infrastructure/eds/ncanode/ncanode-signature-verifier';
import {
  CITIZEN_IIN,
  OTHER_CITIZEN_IIN,
  VERIFIED_AT,
  generateSigningKey,
  makeCertificateAuthority,
  makeSignerCertificate,
  signOver,
  type Credential,
} from '../../../support/pki';

/**
 * A stand-in for NCANode 3 on 127.0.0.1 answering `POST /cms/verify` in the shapes its openapi.yml and
 * DTOs document (CmsVerificationResponse, CmsSignerInfo, CertificateInfo). numlink was tested only
 * against this stand-in, not against a running NCANode.
 */
type Answer = { status: number; body: unknown } | 'hang';

let server: Server;
let baseUrl: string;
let answer: Answer;
let received: unknown[];
let signer: Credential;

const dataToSign = Buffer.from(JSON.stringify({ service: 'numlink', requestId: 'req-1', iin: CITIZEN_IIN }));
const checkedAt = '2026-03-02T09:00:05.000Z' as Instant;

const certificateInfo = (overrides: Record<string, unknown> = {}) => ({
  valid: true,
  revocations: [
    { revoked: false, by: 'OCSP', revocationTime: null, reason: null },
    { revoked: false, by: 'CRL', revocationTime: null, reason: null },
  ],
  notBefore: '2025-03-02T09:00:00.000+00:00',
  notAfter: '2027-03-02T09:00:00.000+00:00',
  keyUsage: 'SIGN',
  serialNumber: '60BA4568AE98FA522A13FA711C6CB60C69BEE2C4',
  signAlg: 'ECGOST34310',
  keyUser: ['INDIVIDUAL'],
  subject: { commonName: 'ТЕСТОВ ТЕСТ', iin: CITIZEN_IIN, country: 'KZ' },
  issuer: { commonName: 'ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST) TEST 2022' },
  ...overrides,
});

const verified = (certificate = certificateInfo(), extra: Record<string, unknown> = {}) => ({
  status: 200,
  body: { status: 200, message: 'OK', valid: true, signers: [{ certificates: [certificate], ...extra }] },
});

beforeAll(async () => {
  const key = await generateSigningKey('ecdsa');
  const ca = await makeCertificateAuthority({ name: 'Test CA', key });
  signer = await makeSignerCertificate({ issuer: ca, key });
  server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        method: request.method,
        url: request.url,
        body: JSON.parse(Buffer.concat(chunks).toString()),
      });
      if (answer === 'hang') return;
      response
        .writeHead(answer.status, { 'content-type': 'application/json' })
        .end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
);

beforeEach(() => {
  received = [];
});

// Generous for a busy machine; the case of an NCANode that does not answer shortens it.
const verifier = (timeoutMs = 15_000) =>
  new NcanodeSignatureVerifier(baseUrl, { timeoutMs, maxBytes: 1_000_000 }, () => checkedAt);
const check = (signature = signOver(dataToSign, signer), expectedIin = CITIZEN_IIN, timeoutMs = 15_000) =>
  verifier(timeoutMs).verify({ dataToSign, signature, expectedIin, at: VERIFIED_AT });

describe('NCANode as the EDS verifier (SPEC §8)', () => {
  it('accepts what NCANode finds valid and not revoked, recording what it checked', async () => {
    answer = verified();

    expect(await check()).toEqual({
      status: 'valid',
      signerIin: CITIZEN_IIN,
      certificateSerial: '60ba4568ae98fa522a13fa711c6cb60c69bee2c4',
      revocation: { method: 'external', verifier: 'ncanode', checks: ['OCSP', 'CRL'], checkedAt },
    });
  });

  it('asks POST /cms/verify with the CMS, the data of a detached signature, and both revocation checks', async () => {
    answer = verified();
    const detached = signOver(dataToSign, signer, { detached: true });

    await check(detached);

    expect(received).toEqual([
      {
        method: 'POST',
        url: '/cms/verify',
        body: { cms: detached, data: dataToSign.toString('base64'), revocationCheck: ['OCSP', 'CRL'] },
      },
    ]);
  });

  it("takes NCANode's verified timestamp as the signing time", async () => {
    answer = verified(certificateInfo(), {
      tsp: { serialNumber: 'ec06', genTime: '2026-03-02T08:59:00.000+00:00', policy: '1.2.398.3.3.2.6.1' },
    });

    expect(await check()).toMatchObject({
      status: 'valid',
      timestamp: { genTime: '2026-03-02T08:59:00.000Z' },
    });
  });

  it('refuses a certificate NCANode found revoked', async () => {
    answer = {
      status: 200,
      body: {
        status: 200,
        message: 'OK',
        valid: false,
        signers: [
          {
            certificates: [
              certificateInfo({
                valid: false,
                revocations: [
                  {
                    revoked: true,
                    by: 'OCSP',
                    revocationTime: '2026-03-01T10:00:00.000+00:00',
                    reason: null,
                  },
                ],
              }),
            ],
          },
        ],
      },
    };

    expect(await check()).toEqual({
      status: 'invalid',
      code: 'certificate_untrusted',
      reason: 'certificate_revoked',
    });
  });

  it.each([
    [
      'a certificate naming another IIN',
      { subject: { iin: OTHER_CITIZEN_IIN } },
      'signer_mismatch',
      'certificate_names_another_iin',
    ],
    [
      'an authentication certificate',
      { keyUsage: 'AUTH' },
      'certificate_untrusted',
      'certificate_not_for_signing',
    ],
    [
      "an organisation's certificate",
      { keyUser: ['ORGANIZATION', 'CEO'] },
      'certificate_untrusted',
      'certificate_not_of_an_individual',
    ],
  ])('still checks itself and refuses %s', async (_name, overrides, code, reason) => {
    answer = verified(certificateInfo(overrides));

    expect(await check()).toEqual({ status: 'invalid', code, reason });
  });

  it('still checks itself that an attached signature covers dataToSign, without asking NCANode', async () => {
    answer = verified();

    const result = await check(signOver(Buffer.from('another request'), signer));

    expect(result).toEqual({ status: 'invalid', code: 'signature_invalid', reason: 'content_mismatch' });
    expect(received).toEqual([]);
  });

  it('refuses a signature NCANode cannot read (400)', async () => {
    answer = { status: 400, body: { status: 400, message: 'Invalid CMS' } };

    expect(await check()).toEqual({
      status: 'invalid',
      code: 'signature_invalid',
      reason: 'ncanode_rejected',
    });
  });

  it('fails closed when NCANode errs (500), asking the citizen to retry', async () => {
    answer = { status: 500, body: { status: 500, message: 'OCSP request failed' } };

    expect(await check()).toEqual({
      status: 'unavailable',
      reason: 'ncanode_http_500',
      retryAfterSeconds: 30,
    });
  });

  it('fails closed when NCANode does not answer in time', async () => {
    answer = 'hang';

    expect(await check(undefined, undefined, 300)).toEqual({
      status: 'unavailable',
      reason: 'ncanode_timeout',
      retryAfterSeconds: 30,
    });
  });

  it.each([
    ['a serial with U+0000', certificateInfo({ serialNumber: '60BA\u000045' }), {}],
    ['a serial of 100,000 characters', certificateInfo({ serialNumber: 'A'.repeat(100_000) }), {}],
    [
      'a TSA name with U+0000',
      certificateInfo(),
      { tsp: { genTime: '2026-03-02T09:00:00Z', tsa: 'x\u0000' } },
    ],
    ['a TSA name with an unpaired surrogate', certificateInfo(), { tsp: { tsa: 'x\ud800' } }],
    ['a revocation entry without revoked', certificateInfo({ revocations: [{ by: 'OCSP' }] }), {}],
    [
      'a revocation entry saying revoked: "true"',
      certificateInfo({ revocations: [{ revoked: 'true', by: 'OCSP' }] }),
      {},
    ],
    [
      'a revocation entry saying revoked: null',
      certificateInfo({ revocations: [{ revoked: null, by: 'CRL' }] }),
      {},
    ],
  ])(
    'fails closed on %s, which would go into the event store or pass for a check',
    async (_what, certificate, extra) => {
      answer = verified(certificate, extra);

      expect(await check()).toMatchObject({ status: 'unavailable', reason: 'ncanode_malformed_answer' });
    },
  );

  it('does not take "valid" for a certificate NCANode itself calls invalid', async () => {
    answer = verified(certificateInfo({ valid: false }));

    expect(await check()).toEqual({
      status: 'invalid',
      code: 'certificate_untrusted',
      reason: 'ncanode_certificate_invalid',
    });
  });

  it('fails closed on an answer of another shape', async () => {
    answer = { status: 200, body: { status: 200, message: 'OK', valid: 'yes' } };

    expect(await check()).toMatchObject({ status: 'unavailable', reason: 'ncanode_malformed_answer' });
  });
});
