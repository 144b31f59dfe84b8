import * as pkijs from 'pkijs';
import { readableExtensionValue } from '../certificate-extensions';
import { REVOCATION_OID } from './revocation-oids';

/** A GeneralName uniformResourceIdentifier ([6], RFC 5280 §4.2.1.6). */
const URI = 6;

/** The extension's value when it can be read: a pointer nobody can read points nowhere. */
const extensionValue = (source: pkijs.Certificate | pkijs.CertificateRevocationList, oid: string): unknown =>
  readableExtensionValue(
    source instanceof pkijs.Certificate ? source.extensions : source.crlExtensions?.extensions,
    oid,
  );

const httpUrls = (names: readonly pkijs.GeneralName[]): string[] =>
  names
    .filter((name) => name.type === URI && typeof name.value === 'string')
    .map((name) => name.value as string)
    .filter((url) => /^https?:\/\//i.test(url));

/** The OCSP responders the certificate's Authority Information Access names (RFC 5280 §4.2.2.1). */
export function ocspUrlsOf(certificate: pkijs.Certificate): string[] {
  const access = extensionValue(certificate, REVOCATION_OID.authorityInfoAccess);
  if (!(access instanceof pkijs.InfoAccess)) return [];
  return httpUrls(
    access.accessDescriptions
      .filter((description) => description.accessMethod === REVOCATION_OID.ocspAccessMethod)
      .map((description) => description.accessLocation),
  );
}

export function distributionPointUrls(value: unknown): string[] {
  if (!(value instanceof pkijs.CRLDistributionPoints)) return [];
  return value.distributionPoints.flatMap((point) =>
    Array.isArray(point.distributionPoint) ? httpUrls(point.distributionPoint) : [],
  );
}

/** The CRLs the certificate's CRL Distribution Points name (RFC 5280 §4.2.1.13). */
export const crlUrlsOf = (certificate: pkijs.Certificate): string[] =>
  distributionPointUrls(extensionValue(certificate, REVOCATION_OID.crlDistributionPoints));

/** Where the delta CRLs of a certificate or a base CRL are (Freshest CRL, RFC 5280 §4.2.1.15, §5.2.6). */
export const deltaCrlUrlsOf = (source: pkijs.Certificate | pkijs.CertificateRevocationList): string[] =>
  distributionPointUrls(extensionValue(source, REVOCATION_OID.freshestCrl));
