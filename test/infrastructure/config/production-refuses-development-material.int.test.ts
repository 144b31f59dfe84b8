import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../../src/infrastructure/config/config';
import { developmentSigningKey } from '../../../src/infrastructure/dev-pki/development-keys';
import {
  ensureDevelopmentPki,
  type DevelopmentPki,
} from '../../../src/infrastructure/dev-pki/development-pki';
import { issueCertificate } from '../../../src/infrastructure/dev-pki/issue-certificate';
import { ApiKeys, DEVELOPMENT_API_KEYS } from '../../../src/infrastructure/http/auth/api-keys';
import { buildPortAdapters } from '../../../src/infrastructure/runtime/adapters';
import { FixedClock } from '../../support/fixed-clock';
import { generateSigningKey, jwksOf, makeCertificateAuthority, trustAnchorsPem } from '../../support/pki';
import { scratchDirectory } from '../../support/scratch';

/**
 * SPEC §6, issue 9 item 2: `NUMLINK_MODE=production` refuses to start with the development CA, the
 * development biometric JWKS or a development API key, recognised by their keys (decoded), not by text.
 */
describe('production refuses development material', () => {
  let developmentPki: DevelopmentPki;
  let productionDir: string;
  let realTrustAnchors: string;
  let realJwks: string;

  beforeAll(async () => {
    developmentPki = await ensureDevelopmentPki(scratchDirectory('numlink-dev-'), []);
    productionDir = scratchDirectory('numlink-prod-');
    const [caKey, biometricKey] = await Promise.all([
      generateSigningKey('ecdsa'),
      generateSigningKey('ecdsa'),
    ]);
    realTrustAnchors = join(productionDir, 'ca.pem');
    await writeFile(
      realTrustAnchors,
      trustAnchorsPem(await makeCertificateAuthority({ name: 'National CA (test)', key: caKey })),
    );
    realJwks = join(productionDir, 'jwks.json');
    await writeFile(realJwks, JSON.stringify(await jwksOf([biometricKey])));
  });

  const production = (overrides: Record<string, string> = {}) =>
    loadConfig({
      NUMLINK_MODE: 'production',
      NUMLINK_DATA_DIR: productionDir,
      NUMLINK_API_KEYS_FILE: '/etc/numlink/keys.json',
      NUMLINK_EDS_TRUST_ANCHORS: realTrustAnchors,
      NUMLINK_BIOMETRIC_JWKS: realJwks,
      NUMLINK_BIOMETRIC_ISSUER: 'https://biometrics.example',
      NUMLINK_OTP_SECRET: 'x'.repeat(40),
      NUMLINK_AUDIT_SIGNING_KEY: '/etc/numlink/audit.pem',
      NUMLINK_IDENTITY_REGISTRY_URL: 'https://registry.example',
      ...overrides,
    });

  async function refusal(config: ReturnType<typeof production>): Promise<ConfigError> {
    const error: unknown = await buildPortAdapters(config, new FixedClock()).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }

  it('starts with a real CA and a real provider JWKS', async () => {
    await expect(buildPortAdapters(production(), new FixedClock())).resolves.toBeDefined();
  });

  it('refuses the development trust anchors file', async () => {
    const error = await refusal(production({ NUMLINK_EDS_TRUST_ANCHORS: developmentPki.trustAnchorsPath }));
    expect(error.variable).toBe('NUMLINK_EDS_TRUST_ANCHORS');
  });

  it('refuses the development CA key under any name, among other anchors', async () => {
    const renamed = await issueCertificate({
      subject: [{ CN: ['Innocent Root CA'] }],
      key: developmentSigningKey('root-ca'),
      notBefore: new Date(Date.now() - 86_400_000),
      notAfter: new Date(Date.now() + 86_400_000),
      isCertificateAuthority: true,
    });
    const bundle = join(productionDir, 'bundle.pem');
    await writeFile(bundle, `${await readFile(realTrustAnchors, 'utf8')}\n${renamed.toString('pem')}\n`);
    const error = await refusal(production({ NUMLINK_EDS_TRUST_ANCHORS: bundle }));
    expect(error.variable).toBe('NUMLINK_EDS_TRUST_ANCHORS');
  });

  it('refuses the development biometric JWKS, even with its key ids removed', async () => {
    const error = await refusal(production({ NUMLINK_BIOMETRIC_JWKS: developmentPki.biometricJwksPath }));
    expect(error.variable).toBe('NUMLINK_BIOMETRIC_JWKS');
    const jwks = JSON.parse(await readFile(developmentPki.biometricJwksPath, 'utf8')) as {
      keys: Array<Record<string, unknown>>;
    };
    const stripped = join(productionDir, 'stripped-jwks.json');
    await writeFile(
      stripped,
      JSON.stringify({ keys: jwks.keys.map(({ kid: _kid, alg: _alg, use: _use, ...key }) => key) }),
    );
    expect((await refusal(production({ NUMLINK_BIOMETRIC_JWKS: stripped }))).variable).toBe(
      'NUMLINK_BIOMETRIC_JWKS',
    );
  });

  it('still uses the development material in development mode', async () => {
    const config = loadConfig({
      NUMLINK_DATA_DIR: productionDir,
      NUMLINK_EDS_TRUST_ANCHORS: developmentPki.trustAnchorsPath,
      NUMLINK_BIOMETRIC_JWKS: developmentPki.biometricJwksPath,
      NUMLINK_BIOMETRIC_ISSUER: developmentPki.biometricIssuer,
    });
    await expect(buildPortAdapters(config, new FixedClock())).resolves.toBeDefined();
  });

  it.each(DEVELOPMENT_API_KEYS.map((k) => [k.principal, k] as const))(
    'refuses the development API key of %s, by its secret or its hash',
    async (_, developmentKey) => {
      const sha256 = createHash('sha256').update(developmentKey.key).digest('hex');
      for (const entry of [{ key: developmentKey.key }, { sha256 }]) {
        const file = join(productionDir, `keys-${developmentKey.principal}.json`);
        await writeFile(file, JSON.stringify({ keys: [{ ...entry, principal: 'p', role: 'reviewer' }] }));
        expect(() => ApiKeys.fromFile(file, 'production')).toThrow(ConfigError);
        expect(() => ApiKeys.fromFile(file, 'production')).toThrow(/development/);
      }
    },
  );
});
