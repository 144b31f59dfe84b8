import { readFile, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { instantFromMillis } from '../../../src/domain/shared/instant';
import { parseBiometricJwks } from '../../../src/infrastructure/biometrics/biometric-jwks';
import { JwksBiometricVerifier } from '../../../src/infrastructure/biometrics/jwks-biometric-verifier';
import {
  ensureDevelopmentPki,
  mintBiometricToken,
  signDataToSign,
  type DevelopmentPki,
} from '../../../src/infrastructure/dev-pki/development-pki';
import { CmsSignatureVerifier } from '../../../src/infrastructure/eds/cms-signature-verifier';
import { OID } from '../../../src/infrastructure/eds/oids';
import { parseSignedData } from '../../../src/infrastructure/eds/parse-signed-data';
import { loadTrustAnchors } from '../../../src/infrastructure/eds/trust-anchors';
import { CITIZEN_IIN, OTHER_CITIZEN_IIN } from '../../support/pki';
import { scratchDirectory } from '../../support/scratch';

const citizen = { iin: CITIZEN_IIN, name: 'ТЕСТОВ ТЕСТ' };
const otherCitizen = { iin: OTHER_CITIZEN_IIN, name: 'ДРУГОВ ДРУГ' };
const dataToSign = Buffer.from('{"service":"numlink","requestId":"req-1"}');

let dataDir: string;

beforeEach(async () => {
  dataDir = scratchDirectory('numlink-dev-pki-');
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** Every file of the development PKI and its content. */
async function snapshot(): Promise<Record<string, string>> {
  const root = join(dataDir, 'dev-pki');
  const names = (await readdir(root, { recursive: true })).filter((name) => name.includes('.'));
  const entries = await Promise.all(
    names.map(async (name) => [name, await readFile(join(root, name), 'utf8')]),
  );
  return Object.fromEntries(entries);
}

const signatureVerifierOf = async (pki: DevelopmentPki) =>
  new CmsSignatureVerifier(loadTrustAnchors(await readFile(pki.trustAnchorsPath, 'utf8')));

const biometricVerifierOf = async (pki: DevelopmentPki) =>
  new JwksBiometricVerifier(
    parseBiometricJwks(await readFile(pki.biometricJwksPath, 'utf8')),
    pki.biometricIssuer,
  );

describe('the development PKI (SPEC §6)', () => {
  it('is created once: a second start reuses the same CA, certificates and keys', async () => {
    const first = await ensureDevelopmentPki(dataDir, [citizen]);
    const filesAfterFirst = await snapshot();

    const second = await ensureDevelopmentPki(dataDir, [citizen]);

    expect(second).toEqual(first);
    expect(await snapshot()).toEqual(filesAfterFirst);
    expect(Object.keys(filesAfterFirst).sort()).toEqual([
      'biometric-jwks.json',
      'biometric-signing-key.pem',
      join('persons', `${CITIZEN_IIN}.pem`),
      'root-ca.pem',
      'trust-anchors.pem',
    ]);
  });

  it('issues a certificate for a sample person added later, under the same CA', async () => {
    const pki = await ensureDevelopmentPki(dataDir, [citizen]);
    const before = await snapshot();

    await ensureDevelopmentPki(dataDir, [citizen, otherCitizen]);

    expect(await snapshot()).toEqual({
      ...before,
      [join('persons', `${OTHER_CITIZEN_IIN}.pem`)]: expect.any(String),
    });
    const signature = await signDataToSign(dataDir, OTHER_CITIZEN_IIN, dataToSign.toString('base64'));
    const check = await (
      await signatureVerifierOf(pki)
    ).verify({
      dataToSign,
      signature,
      expectedIin: OTHER_CITIZEN_IIN,
      at: instantFromMillis(Date.now()),
    });
    expect(check).toMatchObject({ status: 'valid', signerIin: OTHER_CITIZEN_IIN });
  });

  it('keeps private keys readable by their owner only', async () => {
    await ensureDevelopmentPki(dataDir, [citizen]);

    for (const name of ['root-ca.pem', 'biometric-signing-key.pem', join('persons', `${CITIZEN_IIN}.pem`)]) {
      expect((await stat(join(dataDir, 'dev-pki', name))).mode & 0o077).toBe(0);
    }
  });

  it('ends with one consistent PKI when two processes start it at once', async () => {
    const [pki] = await Promise.all([
      ensureDevelopmentPki(dataDir, [citizen]),
      ensureDevelopmentPki(dataDir, [citizen]),
    ]);

    const signature = await signDataToSign(dataDir, CITIZEN_IIN, dataToSign.toString('base64'));
    const check = await (
      await signatureVerifierOf(pki)
    ).verify({
      dataToSign,
      signature,
      expectedIin: CITIZEN_IIN,
      at: instantFromMillis(Date.now()),
    });
    expect(check).toMatchObject({ status: 'valid' });
  });

  it("signs dataToSign as the sample person, and numlink's EDS verifier accepts it", async () => {
    const pki = await ensureDevelopmentPki(dataDir, [citizen]);

    const signature = await signDataToSign(dataDir, CITIZEN_IIN, dataToSign.toString('base64'));

    const now = instantFromMillis(Date.now());
    const check = await (
      await signatureVerifierOf(pki)
    ).verify({ dataToSign, signature, expectedIin: CITIZEN_IIN, at: now });
    expect(check).toMatchObject({ status: 'valid', signerIin: CITIZEN_IIN });
  });

  it('signs with GOST 34.10-2015 (512) and Streebog-512 by default, chained to a GOST root (SPEC §8)', async () => {
    await ensureDevelopmentPki(dataDir, [citizen]);

    const parsed = parseSignedData(await signDataToSign(dataDir, CITIZEN_IIN, dataToSign.toString('base64')));

    if (!parsed.ok) throw new Error(parsed.error);
    const [signerInfo] = parsed.value.signerInfos;
    expect(signerInfo?.signatureAlgorithm.algorithmId).toBe(OID.gost2015Signature512);
    expect(signerInfo?.digestAlgorithm.algorithmId).toBe(OID.streebog512);
    const [signer] = parsed.value.certificates ?? [];
    expect(signer).toMatchObject({ signatureAlgorithm: { algorithmId: OID.gost2015Signature512 } });
  });

  it('signs with RSA on request, under the same root, and the verifier accepts it', async () => {
    const pki = await ensureDevelopmentPki(dataDir, [citizen]);
    const now = instantFromMillis(Date.now());

    const signature = await signDataToSign(dataDir, CITIZEN_IIN, dataToSign.toString('base64'), now, 'rsa');

    const parsed = parseSignedData(signature);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.value.signerInfos[0]?.signatureAlgorithm.algorithmId).toBe(OID.rsaEncryption);
    const check = await (
      await signatureVerifierOf(pki)
    ).verify({ dataToSign, signature, expectedIin: CITIZEN_IIN, at: now });
    expect(check).toMatchObject({ status: 'valid', signerIin: CITIZEN_IIN });
  });

  it("mints a biometric token for a request, and numlink's biometric verifier passes it", async () => {
    const pki = await ensureDevelopmentPki(dataDir, [citizen]);
    const now = instantFromMillis(Date.now());

    const token = await mintBiometricToken(dataDir, CITIZEN_IIN, 'req-1', now);

    const check = await (
      await biometricVerifierOf(pki)
    ).verify({ token, iin: CITIZEN_IIN, requestId: 'req-1', at: now });
    expect(check).toEqual({ status: 'passed' });
  });

  it('refuses to sign for a person it holds no certificate for', async () => {
    await ensureDevelopmentPki(dataDir, [citizen]);

    await expect(signDataToSign(dataDir, OTHER_CITIZEN_IIN, dataToSign.toString('base64'))).rejects.toThrow(
      /no development EDS certificate/,
    );
  });
});
