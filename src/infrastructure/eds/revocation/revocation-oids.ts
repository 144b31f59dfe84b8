/** Object identifiers of OCSP (RFC 6960), CRLs (RFC 5280) and where certificates point to them. */
export const REVOCATION_OID = {
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  ocspAccessMethod: '1.3.6.1.5.5.7.48.1',
  crlDistributionPoints: '2.5.29.31',
  freshestCrl: '2.5.29.46',
  crlNumber: '2.5.29.20',
  deltaCrlIndicator: '2.5.29.27',
  crlReason: '2.5.29.21',
  extendedKeyUsage: '2.5.29.37',
  ocspSigning: '1.3.6.1.5.5.7.3.9',
  ocspBasic: '1.3.6.1.5.5.7.48.1.1',
  ocspNonce: '1.3.6.1.5.5.7.48.1.2',
  ocspNoCheck: '1.3.6.1.5.5.7.48.1.5',
  sha1: '1.3.14.3.2.26',
} as const;

/** CRLReason removeFromCRL (RFC 5280 §5.3.1): a delta CRL lifts an earlier hold. */
export const REMOVE_FROM_CRL = 8;
