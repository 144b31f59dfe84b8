import { join } from 'node:path';
import { instantFromMillis, toMillis, type Instant } from '../../domain/shared/instant';
import { biometricResultClaims, jwksOf, signBiometricToken } from './biometric-token';
import { credentialFromPem, credentialPem, type Credential } from './credential';
import { developmentSigningKey } from './development-keys';
import { issueCertificate } from './issue-certificate';
import { OID } from '../eds/oids';
import { signCms } from './sign-cms';
import {
  generateSigningKey,
  nodeSigningKey,
  privateKeyPem,
  signingKeyFromPem,
  type KeyKind,
} from './signing-key';
import { createOnce, readIfPresent } from './write-once';

/** A sample citizen the development PKI issues an EDS certificate for. */
export interface DevelopmentPerson {
  readonly iin: string;
  readonly name: string;
}

/** What the service's configuration takes from the development PKI when no real one is set (SPEC §6). */
export interface DevelopmentPki {
  readonly trustAnchorsPath: string;
  readonly biometricJwksPath: string;
  readonly biometricIssuer: string;
}

/**
 * The development EDS signs with GOST 34.10-2015 (512), as NCA RK's certificates do (SPEC §8), so a walk
 * through the API exercises the real algorithm; RSA on request (`npm run dev -- sign <data> --rsa`).
 */
export type DevelopmentEdsAlgorithm = 'gost2015-512' | 'rsa';
const DEVELOPMENT_KEY_KIND: Readonly<Record<DevelopmentEdsAlgorithm, KeyKind>> = {
  'gost2015-512': 'gost2015-512',
  rsa: 'rsa',
};

export const DEVELOPMENT_BIOMETRIC_ISSUER = 'numlink-dev-biometrics';
/** The development root's common name (production recognises the root by its key, development-keys.ts). */
export const DEVELOPMENT_CA_NAME = 'numlink development root CA (not for production)';
/** SPEC R17: the longest term numlink accepts, which the development provider uses. */
const BIOMETRIC_VALIDITY_SECONDS = 300;
const DAY_MS = 24 * 60 * 60 * 1000;
const YEAR_MS = 365 * DAY_MS;
const PRIVATE = 0o600;

const files = (dataDir: string) => {
  const dir = join(dataDir, 'dev-pki');
  return {
    rootCa: join(dir, 'root-ca.pem'),
    trustAnchors: join(dir, 'trust-anchors.pem'),
    biometricKey: join(dir, 'biometric-signing-key.pem'),
    biometricJwks: join(dir, 'biometric-jwks.json'),
    person: (iin: string, algorithm: DevelopmentEdsAlgorithm = 'gost2015-512') => {
      // The IIN names a file: twelve digits and nothing that could leave the folder.
      if (!/^\d{12}$/.test(iin)) throw new Error('a development person needs a 12-digit IIN');
      return join(dir, 'persons', algorithm === 'rsa' ? `${iin}.rsa.pem` : `${iin}.pem`);
    },
  };
};

async function rootCa(dataDir: string): Promise<Credential> {
  const pem = await createOnce(
    files(dataDir).rootCa,
    async () => {
      const key = developmentSigningKey('root-ca');
      const now = Date.now();
      const certificate = await issueCertificate({
        subject: [{ CN: [DEVELOPMENT_CA_NAME] }, { O: ['numlink'] }],
        key,
        notBefore: new Date(now - DAY_MS),
        notAfter: new Date(now + 20 * YEAR_MS),
        isCertificateAuthority: true,
      });
      return credentialPem({ certificate, key });
    },
    PRIVATE,
  );
  return credentialFromPem(pem);
}

async function issuePerson(
  dataDir: string,
  root: Credential,
  person: DevelopmentPerson,
  algorithm: DevelopmentEdsAlgorithm = 'gost2015-512',
): Promise<void> {
  await createOnce(
    files(dataDir).person(person.iin, algorithm),
    async () => {
      const key = await generateSigningKey(DEVELOPMENT_KEY_KIND[algorithm]);
      const now = Date.now();
      const certificate = await issueCertificate({
        // SPEC R16: the national CA's convention, SERIALNUMBER=IIN<iin>.
        subject: [{ CN: [person.name] }, { '2.5.4.5': [`IIN${person.iin}`] }],
        key,
        issuer: root,
        notBefore: new Date(now - DAY_MS),
        notAfter: new Date(now + 10 * YEAR_MS),
        isCertificateAuthority: false,
        // An individual's signing certificate, as NCA RK issues them (SPEC §8).
        extendedKeyUsages: [OID.emailProtection, OID.individualRole],
      });
      return credentialPem({ certificate, key });
    },
    PRIVATE,
  );
}

/**
 * Creates, once, a development root CA, an EDS certificate and key for each sample person, and a
 * biometric signing key with its JWKS, under `<dataDir>/dev-pki/`; later calls reuse them (and issue
 * certificates only for persons not seen before).
 */
export async function ensureDevelopmentPki(
  dataDir: string,
  persons: readonly DevelopmentPerson[],
): Promise<DevelopmentPki> {
  const paths = files(dataDir);
  const root = await rootCa(dataDir);
  await createOnce(paths.trustAnchors, async () => root.certificate.toString('pem'));
  for (const person of persons) await issuePerson(dataDir, root, person);
  const biometricKey = nodeSigningKey(
    signingKeyFromPem(
      await createOnce(
        paths.biometricKey,
        async () => privateKeyPem(developmentSigningKey('biometric')),
        PRIVATE,
      ),
    ),
  );
  await createOnce(
    paths.biometricJwks,
    async () => `${JSON.stringify(await jwksOf([biometricKey]), null, 2)}\n`,
  );
  return {
    trustAnchorsPath: paths.trustAnchors,
    biometricJwksPath: paths.biometricJwks,
    biometricIssuer: DEVELOPMENT_BIOMETRIC_ISSUER,
  };
}

async function readCreated(path: string, what: string): Promise<string> {
  const text = await readIfPresent(path);
  if (text === undefined)
    throw new Error(`no development ${what} at ${path}: start the service in development mode first`);
  return text;
}

/**
 * The development EDS signature of a sample person over `dataToSign`: attached CMS, base64 (SPEC §6).
 * GOST 34.10-2015 (512) by default; RSA on request, its certificate issued by the same root on first use.
 */
export async function signDataToSign(
  dataDir: string,
  iin: string,
  dataToSignBase64: string,
  now: Instant = instantFromMillis(Date.now()),
  algorithm: DevelopmentEdsAlgorithm = 'gost2015-512',
): Promise<string> {
  const gostCredential = await readCreated(files(dataDir).person(iin), 'EDS certificate for this IIN');
  if (algorithm !== 'gost2015-512') {
    const name = credentialFromPem(gostCredential).certificate.subjectName.getField('CN')[0] ?? iin;
    const root = credentialFromPem(await readCreated(files(dataDir).rootCa, 'root CA'));
    await issuePerson(dataDir, root, { iin, name }, algorithm);
  }
  const signer = credentialFromPem(
    algorithm === 'gost2015-512'
      ? gostCredential
      : await readCreated(files(dataDir).person(iin, algorithm), 'EDS certificate for this IIN'),
  );
  return signCms({
    content: Buffer.from(dataToSignBase64, 'base64'),
    signer,
    signingTime: new Date(toMillis(now)),
  });
}

/** A development biometric result, "match", for this citizen and request (SPEC §6). */
export async function mintBiometricToken(
  dataDir: string,
  iin: string,
  requestId: string,
  now: Instant,
): Promise<string> {
  const key = nodeSigningKey(
    signingKeyFromPem(await readCreated(files(dataDir).biometricKey, 'biometric signing key')),
  );
  const claims = biometricResultClaims({
    issuer: DEVELOPMENT_BIOMETRIC_ISSUER,
    iin,
    requestId,
    issuedAt: now,
    validForSeconds: BIOMETRIC_VALIDITY_SECONDS,
  });
  return signBiometricToken(claims, key);
}
