import type * as pkijs from 'pkijs';

/**
 * An extension of a certificate or a CRL, as pkijs reads its value. Absent and unreadable are told apart,
 * which pkijs does not do: its `parsedValue` is undefined both when the extension is missing and when
 * asn1js marks the value malformed; for a known extension whose shape is wrong it is an empty object
 * carrying `parsingError` (an `ExtKeyUsage` with no purposes, a `BasicConstraints` with cA false); and
 * asn1js throws on some values (a GeneralizedTime that is no time) instead of marking them. A key usage
 * nobody can read must not pass for "no restriction". RFC 5280 §4.2: at most one instance of an
 * extension, so two are unreadable as well.
 */
export type ExtensionValue =
  | { readonly kind: 'absent' }
  | { readonly kind: 'unreadable' }
  | { readonly kind: 'read'; readonly value: unknown };

const ABSENT: ExtensionValue = { kind: 'absent' };
const UNREADABLE: ExtensionValue = { kind: 'unreadable' };

export function extensionValueOf(
  extensions: readonly pkijs.Extension[] | undefined,
  oid: string,
): ExtensionValue {
  const found = (extensions ?? []).filter((extension) => extension.extnID === oid);
  const [extension] = found;
  if (extension === undefined) return ABSENT;
  if (found.length > 1) return UNREADABLE;
  let value: unknown;
  try {
    value = extension.parsedValue;
  } catch {
    return UNREADABLE;
  }
  if (value === undefined || value === null) return UNREADABLE;
  if (typeof value === 'object' && 'parsingError' in value && value.parsingError !== undefined)
    return UNREADABLE;
  return { kind: 'read', value };
}

/** The value when it could be read, else undefined: for pointers and permissions, where neither counts. */
export function readableExtensionValue(
  extensions: readonly pkijs.Extension[] | undefined,
  oid: string,
): unknown {
  const extension = extensionValueOf(extensions, oid);
  return extension.kind === 'read' ? extension.value : undefined;
}
