import * as asn1js from 'asn1js';
import type * as pkijs from 'pkijs';
import type { AlgorithmSuite } from '../signature-algorithm';

/**
 * Does `signer`'s key sign `data` with this algorithm? For what responders sign (OCSP responses,
 * CRLs, timestamps), through the same algorithm suite as the citizen's signature (GOST included).
 */
export async function isSignedWith(
  signed: {
    readonly data: Uint8Array;
    readonly algorithm: pkijs.AlgorithmIdentifier;
    readonly signature: Uint8Array;
    readonly digestAlgorithm?: string;
  },
  signer: pkijs.Certificate,
  algorithms: AlgorithmSuite,
): Promise<boolean> {
  const algorithm = algorithms.signatures.get(signed.algorithm.algorithmId);
  if (algorithm === undefined) return false;
  const parameters: unknown = signed.algorithm.algorithmParams;
  try {
    return await algorithm.verify({
      data: signed.data,
      signature: signed.signature,
      publicKeyInfo: new Uint8Array(signer.subjectPublicKeyInfo.toSchema().toBER(false)),
      parameters:
        parameters instanceof asn1js.BaseBlock ? new Uint8Array(parameters.toBER(false)) : undefined,
      ...(signed.digestAlgorithm === undefined ? {} : { digestAlgorithm: signed.digestAlgorithm }),
    });
  } catch {
    return false;
  }
}
