import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { message, type Language } from '../../../src/application/messages/messages';
import { toMillis } from '../../../src/domain/shared/instant';
import { KEYS, expectRefusal, useWorld } from '../../support/e2e-world';
import {
  VERIFIED_AT,
  daysFrom,
  generateSigningKey,
  makeCertificateAuthority,
  trustAnchorsPem,
  type Credential,
} from '../../support/pki';
import {
  issueWithExtensions,
  startTestServer,
  type CertificateState,
  type OcspAnswer,
  type TestServer,
} from '../../support/revocation-responders';
import { timeStampingUsage, withTimestamp } from '../../support/timestamp-tokens';
import { scratchDirectory } from '../../support/scratch';

/**
 * SPEC §8 over HTTP: the builtin verifier asks an OCSP responder on 127.0.0.1. An unreachable one is
 * an outage (503 with Retry-After, the attempt not counted); a revoked certificate is the citizen's.
 */
describe('the revocation check and the timestamp of a confirmation over HTTP', () => {
  let responder: TestServer;
  let tsa: Credential;
  // Filled before the world starts (hooks run in order), read when it does.
  const env: Record<string, string> = { NUMLINK_EDS_REVOCATION: 'ocsp' };
  beforeAll(async () => {
    responder = await startTestServer();
    env.NUMLINK_EDS_OCSP_URL = responder.url('/ocsp');
    const key = await generateSigningKey('ecdsa');
    const tsaRoot = await makeCertificateAuthority({ name: 'Test TSA root', key });
    tsa = await issueWithExtensions({
      name: 'Test TSA',
      key,
      issuer: tsaRoot,
      extensions: [timeStampingUsage()],
      notBefore: daysFrom(VERIFIED_AT, -30),
      notAfter: daysFrom(VERIFIED_AT, 30),
    });
    const anchors = path.join(scratchDirectory('numlink-tsa-'), 'tsa-anchors.pem');
    writeFileSync(anchors, trustAnchorsPem(tsaRoot));
    env.NUMLINK_EDS_TSA_ANCHORS = anchors;
  });
  afterAll(() => responder.close());
  const world = useWorld({ env });

  function responderSays(state: CertificateState, overrides: Partial<OcspAnswer> = {}): void {
    const now = toMillis(world().clock.now());
    responder.routes.set('/ocsp', {
      kind: 'ocsp',
      answer: () => ({
        signer: world().ca,
        issuingCa: world().ca,
        state: () => state,
        thisUpdate: new Date(now - 60_000),
        nextUpdate: new Date(now + 3_600_000),
        producedAt: new Date(now),
        ...overrides,
      }),
    });
  }

  async function openRequest() {
    const w = world();
    const { iin, requestId, dataToSign } = await w.openPortalRequest();
    return { iin, requestId, otp: await w.otpFor(requestId), signature: await w.signFor(iin, dataToSign) };
  }

  it('answers 503 revocation_unavailable with Retry-After, not counting the attempt, then connects once the responder is back', async () => {
    const w = world();
    const request = await openRequest();
    responder.routes.set('/ocsp', { kind: 'bytes', status: 500, body: () => Buffer.alloc(0) });

    const unavailable = await w.confirm(KEYS.portal, request.requestId, {
      otp: request.otp,
      signature: request.signature,
    });

    expectRefusal(unavailable, 503, 'revocation_unavailable');
    expect(unavailable.headers.get('retry-after')).toBe('30');
    expect(await w.requestEventTypes(request.requestId)).toEqual(['ConsentRecorded', 'OtpIssued']);

    responderSays({ status: 'good' });
    const confirmed = await w.confirm(KEYS.portal, request.requestId, {
      otp: request.otp,
      signature: request.signature,
    });

    expect(confirmed.status).toBe(200);
    const events = await w.events(`number-request-${request.requestId}`);
    expect(events.map((event) => event.type)).toEqual(['ConsentRecorded', 'OtpIssued', 'NumberConfirmed']);
    expect(events[2]?.data).toMatchObject({
      signature: { revocation: { method: 'ocsp', responder: responder.url('/ocsp') } },
    });
  });

  it('answers 503, not 500, when the responder signs an answer the ASN.1 reader throws on', async () => {
    const w = world();
    const request = await openRequest();
    // The nonce extension holds a GeneralizedTime that is no time: asn1js throws instead of marking it.
    responderSays(
      { status: 'good' },
      { nonceExtensionValue: Uint8Array.from([0x18, 0x03, 0x41, 0x42, 0x43]) },
    );

    const unavailable = await w.confirm(KEYS.portal, request.requestId, {
      otp: request.otp,
      signature: request.signature,
    });

    expectRefusal(unavailable, 503, 'revocation_unavailable');
    expect(await w.requestEventTypes(request.requestId)).toEqual(['ConsentRecorded', 'OtpIssued']);
  });

  it('refuses a revoked certificate as certificate_untrusted and counts the attempt', async () => {
    const w = world();
    const request = await openRequest();
    responderSays({ status: 'revoked', at: new Date(toMillis(w.clock.now()) - 86_400_000) });

    const refused = await w.confirm(KEYS.portal, request.requestId, {
      otp: request.otp,
      signature: request.signature,
    });

    expectRefusal(refused, 422, 'certificate_untrusted');
    expect(refused.body.error.details).toEqual({ attemptsLeft: 4, reason: 'certificate_revoked' });
    // Annex 5: the citizen reads that the certificate is revoked, not "expired or untrusted".
    expect(refused.body.error.message).toBe(wordsOf('certificate_revoked', refused));
  });

  it("records a verified timestamp's genTime with the confirmation", async () => {
    const w = world();
    const request = await openRequest();
    responderSays({ status: 'good' });
    const genTime = new Date(toMillis(w.clock.now()));

    const confirmed = await w.confirm(KEYS.portal, request.requestId, {
      otp: request.otp,
      signature: withTimestamp(request.signature, { tsa, genTime }),
    });

    expect(confirmed.status).toBe(200);
    const [, , numberConfirmed] = await w.events(`number-request-${request.requestId}`);
    expect(numberConfirmed?.data).toMatchObject({
      signature: { timestamp: { genTime: genTime.toISOString() } },
    });
  });

  it('refuses a timestamp whose genTime lies before the request was opened, counting the attempt', async () => {
    const w = world();
    const request = await openRequest();
    responderSays({ status: 'good' });

    const refused = await w.confirm(KEYS.portal, request.requestId, {
      otp: request.otp,
      signature: withTimestamp(request.signature, {
        tsa,
        genTime: new Date(toMillis(w.clock.now()) - 3_600_000),
      }),
    });

    expectRefusal(refused, 422, 'signature_invalid');
    expect(refused.body.error.details).toEqual({ attemptsLeft: 4, reason: 'timestamp_outside_term' });
    expect(refused.body.error.message).toBe(wordsOf('timestamp_invalid', refused));
  });
});

/** The catalogue's text for `code` in the answer's language, filled from the answer's details. */
function wordsOf(
  code: string,
  answer: { headers: Headers; body: { error: { details?: Record<string, unknown> } } },
): string | undefined {
  const language = answer.headers.get('content-language') as Language;
  return message(code, language, answer.body.error.details);
}
