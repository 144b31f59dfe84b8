import type * as pkijs from 'pkijs';
import { OID } from './oids';

/**
 * The IIN a certificate names: Kazakhstan's national certification authority puts `IIN` + the IIN in
 * the subject's serialNumber attribute (SPEC R16).
 */
export function iinNamedBy(certificate: pkijs.Certificate): string | undefined {
  const serialNumbers = certificate.subject.typesAndValues
    .filter((attribute) => attribute.type === OID.subjectSerialNumber)
    .map((attribute) => attribute.value.getValue());
  const [only] = serialNumbers;
  if (serialNumbers.length !== 1 || only === undefined) return undefined;
  return /^IIN(\d{12})$/.exec(only)?.[1];
}
