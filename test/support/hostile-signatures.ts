import {
  CITIZEN_IIN,
  generateSigningKey,
  makeCertificateAuthority,
  makeSignerCertificate,
  signOver,
} from './pki';

/**
 * A hostile EDS signature (issue 10 item 4): `authorities` self-signed CA certificates sharing one key
 * and one name, and a citizen's certificate issued under that name, all embedded in a valid CMS. Each CA
 * verifies as the issuer of the leaf and of every other CA, so a path search without a budget tries every
 * ordering of them. GOST 34.10-2015 (512), numlink's costliest signature check.
 */
export async function lookAlikeCertificateAuthorities(
  content: Uint8Array,
  authorities: number,
  iin: string = CITIZEN_IIN,
): Promise<string> {
  const [caKey, leafKey] = await Promise.all([
    generateSigningKey('gost2015-512'),
    generateSigningKey('gost2015-512'),
  ]);
  const cas = [];
  for (let i = 0; i < authorities; i++) {
    cas.push(await makeCertificateAuthority({ name: 'Look-alike CA', key: caKey }));
  }
  const [first] = cas;
  if (first === undefined) throw new Error('at least one CA');
  const leaf = await makeSignerCertificate({
    issuer: first,
    key: leafKey,
    serialNumber: `IIN${iin}`,
  });
  return signOver(content, leaf, { chain: cas.map((ca) => ca.certificate) });
}

/**
 * The same CMS with its first UTCTime (the signer certificate's notBefore) turned into a GeneralizedTime
 * that is no time: asn1js throws while it reads such a value, where other broken values only mark it.
 */
export function withUnreadableTime(cms: string): string {
  const der = Buffer.from(cms, 'base64');
  const utcTime = der.indexOf(Buffer.from([0x17, 0x0d]));
  if (utcTime === -1) throw new Error('the CMS holds no UTCTime');
  der[utcTime] = 0x18;
  Buffer.from('2026030209:0Z').copy(der, utcTime + 2);
  return der.toString('base64');
}
