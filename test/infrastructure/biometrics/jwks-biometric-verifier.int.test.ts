import type { BiometricCheck } from '../../../src/application/ports/biometric-verifier';
import { plusSeconds, type Instant } from '../../../src/domain/shared/instant';
import { parseBiometricJwks } from '../../../src/infrastructure/biometrics/biometric-jwks';
import { JwksBiometricVerifier } from '../../../src/infrastructure/biometrics/jwks-biometric-verifier';
import {
  CITIZEN_IIN,
  OTHER_CITIZEN_IIN,
  VERIFIED_AT,
  biometricToken,
  generateSigningKey,
  jwksOf,
  publicJwkOf,
  type BiometricTokenOptions,
  type NodeSigningKey as SigningKey,
} from '../../support/pki';

const ISSUER = 'https://biometrics.example.kz';
const REQUEST_ID = '5b0f3f2e-0d1c-4a57-9d8e-2b1f0c9a7e11';

let providerKey: SigningKey;
let rotatedProviderKey: SigningKey;
let strangerKey: SigningKey;
let verifier: JwksBiometricVerifier;

beforeAll(async () => {
  [providerKey, rotatedProviderKey, strangerKey] = await Promise.all([
    generateSigningKey('ecdsa'),
    generateSigningKey('ed25519'),
    generateSigningKey('ecdsa'),
  ]);
  const jwksFile = JSON.stringify(await jwksOf([providerKey, rotatedProviderKey]));
  verifier = new JwksBiometricVerifier(parseBiometricJwks(jwksFile), ISSUER);
});

const token = (options: Partial<BiometricTokenOptions> = {}, key: SigningKey = providerKey) =>
  biometricToken(key, { issuer: ISSUER, requestId: REQUEST_ID, ...options });

const check = (biometric: string, at: Instant = VERIFIED_AT) =>
  verifier.verify({ token: biometric, iin: CITIZEN_IIN, requestId: REQUEST_ID, at });

const failed = (reason: string): BiometricCheck => ({ status: 'failed', reason });

describe('a passed biometric authentication (Rules §6, §7; SPEC R17)', () => {
  it('passes: signed by a key of the JWKS, from the issuer, for this citizen and request, "match"', async () => {
    expect(await check(await token())).toEqual({ status: 'passed' });
  });

  it('passes when signed by any key of the JWKS (a rotated key)', async () => {
    expect(await check(await token({}, rotatedProviderKey))).toEqual({ status: 'passed' });
  });

  it('passes with exactly five minutes between iat and exp', async () => {
    expect(await check(await token({ validForSeconds: 300 }))).toEqual({ status: 'passed' });
  });
});

describe('anything else fails the biometric check (SPEC R17)', () => {
  it('fails a token signed by a key outside the JWKS', async () => {
    expect(await check(await token({}, strangerKey))).toEqual(failed('unknown_key'));
  });

  it("fails a token signed by another key that names a JWKS key's id", async () => {
    const { kid } = await publicJwkOf(providerKey);

    expect(await check(await token({ keyId: kid }, strangerKey))).toEqual(failed('signature_invalid'));
  });

  it('fails a token from another issuer', async () => {
    expect(await check(await token({ issuer: 'https://elsewhere.example' }))).toEqual(failed('wrong_issuer'));
  });

  it('fails a token about another citizen', async () => {
    expect(await check(await token({ iin: OTHER_CITIZEN_IIN }))).toEqual(failed('wrong_subject'));
  });

  it('fails a token for another request (a replayed result)', async () => {
    expect(await check(await token({ requestId: 'another-request' }))).toEqual(failed('wrong_nonce'));
  });

  it('fails an expired token', async () => {
    const tenMinutesEarlier = plusSeconds(VERIFIED_AT, -600);

    expect(await check(await token({ issuedAt: tenMinutesEarlier }))).toEqual(failed('token_expired'));
  });

  it('fails a token valid for more than five minutes after iat', async () => {
    expect(await check(await token({ validForSeconds: 301 }))).toEqual(failed('validity_too_long'));
  });

  it('fails a token issued after the instant it is checked at', async () => {
    expect(await check(await token({ issuedAt: plusSeconds(VERIFIED_AT, 60) }))).toEqual(
      failed('issued_in_future'),
    );
  });

  it.each([
    ['"no_match"', 'no_match'],
    ['absent', undefined],
  ])('fails a token whose result is %s', async (_name, result) => {
    expect(await check(await token({ claims: { result } }))).toEqual(failed('result_not_match'));
  });

  it.each(['nonce', 'exp', 'iat'])('fails a token without "%s"', async (claim) => {
    expect(await check(await token({ claims: { [claim]: undefined } }))).toEqual(failed(`missing_${claim}`));
  });

  it('fails an unsigned token (alg "none")', async () => {
    const [, payload] = (await token()).split('.');
    const noneHeader = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');

    expect(await check(`${noneHeader}.${payload}.`)).toEqual(failed('algorithm_not_allowed'));
  });

  it.each([
    ['an empty string', ''],
    ['not a JWS', 'biometrics passed, trust me'],
    ['three parts of garbage', 'a.b.c'],
  ])('fails %s as malformed', async (_name, garbage) => {
    expect(await check(garbage)).toEqual(failed('malformed'));
  });
});

describe('the biometric JWKS setting (NUMLINK_BIOMETRIC_JWKS)', () => {
  it('refuses a JWKS holding a private key', async () => {
    const withPrivate = JSON.stringify({ keys: [{ ...(await publicJwkOf(providerKey)), d: 'c2VjcmV0' }] });

    expect(() => parseBiometricJwks(withPrivate)).toThrow(/private key material/);
  });

  it.each([
    [
      'a shared secret key',
      JSON.stringify({ keys: [{ kty: 'oct', k: 'c2VjcmV0' }] }),
      /not an RSA, EC or OKP/,
    ],
    ['an empty key set', JSON.stringify({ keys: [] }), /non-empty "keys"/],
    ['text that is not JSON', '{keys', /not valid JSON/],
  ])('refuses %s', (_name, text, message) => {
    expect(() => parseBiometricJwks(text)).toThrow(message);
  });
});
