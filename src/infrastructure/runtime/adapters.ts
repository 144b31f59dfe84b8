import { mkdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { BiometricVerifier } from '../../application/ports/biometric-verifier';
import type { Clock } from '../../application/ports/clock';
import type { IdentityRegistry } from '../../application/ports/identity-registry';
import type { OtpCodes } from '../../application/ports/otp-codes';
import type { SignatureVerifier } from '../../application/ports/signature-verifier';
import type { SmsSender } from '../../application/ports/sms-sender';
import { parseBiometricJwks } from '../biometrics/biometric-jwks';
import { JwksBiometricVerifier } from '../biometrics/jwks-biometric-verifier';
import { ConfigError, type Config } from '../config/config';
import { developmentCertificates, developmentJwks, developmentKeyPrints } from '../dev-pki/development-keys';
import { ensureDevelopmentPki } from '../dev-pki/development-pki';
import { createOnce } from '../dev-pki/write-once';
import { loadTrustAnchors } from '../eds/trust-anchors';
import { DEVELOPMENT_PERSONS, ensureDevelopmentIdentityFile } from '../identity-registry/development-persons';
import { FileIdentityRegistry } from '../identity-registry/file-identity-registry';
import { HttpIdentityRegistry } from '../identity-registry/http-identity-registry';
import { HmacOtpCodes } from '../otp/hmac-otp-codes';
import { generateOtpSecret } from '../otp/otp-secret';
import { FileSmsSink } from '../sms/file-sms-sink';
import { buildEdsVerifier } from './eds-verifier';

/** The adapters of the number-request ports, from the config; development files are made once. */
export interface PortAdapters {
  readonly otpCodes: OtpCodes;
  readonly identityRegistry: IdentityRegistry;
  readonly signatures: SignatureVerifier;
  readonly biometrics: BiometricVerifier;
  /** Undefined when SMS go to Kafka (wired by the Kafka publisher). */
  readonly smsSender: SmsSender | undefined;
}

async function readVariableFile(variable: string, file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(variable, `cannot read ${file}: ${(error as Error).message}`);
  }
}

export async function buildPortAdapters(config: Config, clock: Clock): Promise<PortAdapters> {
  await mkdir(config.dataDir, { recursive: true });
  const development = config.mode === 'development';
  const needsDevPki = !config.edsTrustAnchorsFile || !config.biometricJwksFile;
  const pki =
    development && needsDevPki ? await ensureDevelopmentPki(config.dataDir, DEVELOPMENT_PERSONS) : undefined;

  const trustAnchorsFile = config.edsTrustAnchorsFile ?? pki?.trustAnchorsPath;
  const jwksFile = config.biometricJwksFile ?? pki?.biometricJwksPath;
  if (!trustAnchorsFile) throw new ConfigError('NUMLINK_EDS_TRUST_ANCHORS', 'is required');
  if (!jwksFile) throw new ConfigError('NUMLINK_BIOMETRIC_JWKS', 'is required');
  const trustPem = await readVariableFile('NUMLINK_EDS_TRUST_ANCHORS', trustAnchorsFile);
  // SPEC §6: production refuses the development CA and biometric keys, recognised by key, not by name.
  const developmentKeys = development ? undefined : await developmentKeyPrints(config.dataDir);
  const developmentAnchors = developmentKeys ? developmentCertificates(trustPem, developmentKeys) : [];
  if (developmentAnchors.length > 0) {
    throw new ConfigError(
      'NUMLINK_EDS_TRUST_ANCHORS',
      `trust anchor #${developmentAnchors.join(', #')} holds the development CA's key, never trusted in production`,
    );
  }
  let trustAnchors;
  try {
    trustAnchors = loadTrustAnchors(trustPem);
  } catch (error) {
    throw new ConfigError('NUMLINK_EDS_TRUST_ANCHORS', (error as Error).message);
  }
  let jwks;
  try {
    jwks = parseBiometricJwks(await readVariableFile('NUMLINK_BIOMETRIC_JWKS', jwksFile));
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError('NUMLINK_BIOMETRIC_JWKS', (error as Error).message);
  }
  const developmentJwk = developmentKeys ? await developmentJwks(jwks.keys, developmentKeys) : [];
  if (developmentJwk.length > 0) {
    throw new ConfigError(
      'NUMLINK_BIOMETRIC_JWKS',
      `key #${developmentJwk.join(', #')} is the development biometric key, never trusted in production`,
    );
  }
  const issuer = config.biometricIssuer ?? pki?.biometricIssuer;
  if (!issuer) throw new ConfigError('NUMLINK_BIOMETRIC_ISSUER', 'is required with NUMLINK_BIOMETRIC_JWKS');

  const otpSecret =
    config.otpSecret ??
    (
      await createOnce(path.join(config.dataDir, 'otp-secret'), async () => generateOtpSecret(), 0o600)
    ).trim();

  let identityRegistry: IdentityRegistry;
  if (config.identityRegistryUrl)
    identityRegistry = new HttpIdentityRegistry({ baseUrl: config.identityRegistryUrl });
  else {
    const file = config.identityRegistryFile ?? (await ensureDevelopmentIdentityFile(config.dataDir));
    identityRegistry = await FileIdentityRegistry.open(file);
  }

  return {
    otpCodes: new HmacOtpCodes(otpSecret),
    identityRegistry,
    signatures: await buildEdsVerifier(config.edsChecks, trustAnchors, clock),
    biometrics: new JwksBiometricVerifier(jwks, issuer),
    smsSender: config.smsSink.kind === 'file' ? new FileSmsSink(config.smsSink.path) : undefined,
  };
}
