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
