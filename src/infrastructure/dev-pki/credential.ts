import { pemBlocks } from '../eds/pem';
import { privateKeyPem, signingKeyFromPem, type SigningKey } from './signing-key';
import { x509 } from './x509';

/** A certificate and the private key of its subject: what signs certificates and documents. */
export interface Credential {
  readonly certificate: x509.X509Certificate;
  readonly key: SigningKey;
}

/** One PEM file with the certificate and its PKCS#8 key, as `openssl cms -sign -signer` also reads it. */
export const credentialPem = (credential: Credential): string =>
  `${credential.certificate.toString('pem')}\n${privateKeyPem(credential.key)}`;

export function credentialFromPem(pemText: string): Credential {
  const [certificate] = pemBlocks(pemText, 'CERTIFICATE');
  if (certificate === undefined) throw new Error('no CERTIFICATE block');
  return { certificate: new x509.X509Certificate(certificate), key: signingKeyFromPem(pemText) };
}
