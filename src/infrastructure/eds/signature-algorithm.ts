/**
 * The seam for signature algorithms (SPEC R16): the CMS verifier knows algorithms only by OID and asks a
 * strategy to check each signature, the signer's and every certificate's of the chain. RSA, ECDSA and
 * Kazakhstan's GOST algorithms come with numlink; another adapter plugs in its strategies under their OIDs.
 */
export interface SignedBytes {
  /** What was signed: the signed attributes, the content, or a certificate's TBS part. */
  readonly data: Uint8Array;
  readonly signature: Uint8Array;
  /** The signer's SubjectPublicKeyInfo, DER. */
  readonly publicKeyInfo: Uint8Array;
  /** The DER parameters of the signature algorithm identifier, when it has any. */
  readonly parameters?: Uint8Array;
  /** The CMS signer's digest algorithm, for signature OIDs that name no hash (rsaEncryption). */
  readonly digestAlgorithm?: string;
}

export interface SignatureAlgorithm {
  /** True when `signature` is this algorithm's signature over `data` by the key; false otherwise. */
  verify(signed: SignedBytes): Promise<boolean>;
}

export interface DigestAlgorithm {
  digest(data: Uint8Array): Promise<Uint8Array>;
}

/** The algorithms a verifier accepts, by OID; any other OID is `unsupported_algorithm`. */
export interface AlgorithmSuite {
  readonly signatures: ReadonlyMap<string, SignatureAlgorithm>;
  readonly digests: ReadonlyMap<string, DigestAlgorithm>;
}

/** A suite with more algorithms (a GOST adapter's, say); the extra ones win on the same OID. */
export function withAlgorithms(base: AlgorithmSuite, extra: Partial<AlgorithmSuite>): AlgorithmSuite {
  return {
    signatures: new Map([...base.signatures, ...(extra.signatures ?? [])]),
    digests: new Map([...base.digests, ...(extra.digests ?? [])]),
  };
}
