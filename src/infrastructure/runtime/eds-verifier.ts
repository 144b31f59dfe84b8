import { readFile } from 'node:fs/promises';
import type { Clock } from '../../application/ports/clock';
import {
  SignatureVerifier,
  type SignatureCheck,
  type SignatureToVerify,
} from '../../application/ports/signature-verifier';
import { toMillis } from '../../domain/shared/instant';
import { ConfigError, type EdsChecks } from '../config/config';
import { NcanodeSignatureVerifier } from '../eds/ncanode/ncanode-signature-verifier';
import { CrlClient } from '../eds/revocation/crl-client';
import { OcspClient } from '../eds/revocation/ocsp-client';
import { RevocationChecker } from '../eds/revocation/revocation-checker';
import { RevocationCheckingVerifier } from '../eds/revocation/revocation-checking-verifier';
import { DEFAULT_ALGORITHMS } from '../eds/default-algorithms';
import { PooledSignatureVerifier } from '../eds/verification-pool';
import { loadTrustAnchors, type TrustAnchors } from '../eds/trust-anchors';

/** An OCSP answer without the nonce echoed is taken only this fresh. */
const MAX_AGE_WITHOUT_NONCE_MS = 10 * 60 * 1000;
/** NCANode's own OCSP and CRL calls need longer than one responder's timeout. */
const NCANODE_TIMEOUT_FACTOR = 3;

/**
 * The configured verifier and the worker threads it owns: closed with the runtime, so no thread of the
 * pool outlives it.
 */
export class EdsVerifier extends SignatureVerifier {
  constructor(
    /** The outermost of the configured checks (timestamp, revocation, CMS; or NCANode). */
    readonly checks: SignatureVerifier,
    private readonly pool: PooledSignatureVerifier | undefined,
  ) {
    super();
  }

  override verify(input: SignatureToVerify): Promise<SignatureCheck> {
    return this.checks.verify(input);
  }

  /** The pool's threads running now (0 with NCANode, before the first verification and after close). */
  get threads(): number {
    return this.pool?.threads ?? 0;
  }

  /** The pool's threads stopped; a verification still queued is refused. */
  close(): Promise<void> {
    return this.pool?.close() ?? Promise.resolve();
  }
}

/** Closes the verifier's worker threads when it is the one `buildEdsVerifier` made. */
export async function closeEdsVerifier(verifier: SignatureVerifier): Promise<void> {
  if (verifier instanceof EdsVerifier) await verifier.close();
}

/**
 * SPEC §8: the EDS verifier the configuration asks for. Builtin: the CMS verifier on worker threads,
 * behind the timestamp reader there when TSA anchors are set, wrapped by the revocation check (unless
 * off). NCANode: the external verifier, which checks revocation itself.
 */
export async function buildEdsVerifier(
  checks: EdsChecks,
  trustAnchors: TrustAnchors,
  clock: Clock,
): Promise<EdsVerifier> {
  const limits = { timeoutMs: checks.revocationTimeoutMs, maxBytes: checks.revocationMaxBytes };
  if (checks.verifier === 'ncanode') {
    const ncanode = new NcanodeSignatureVerifier(
      checks.ncanodeUrl as string,
      { ...limits, timeoutMs: limits.timeoutMs * NCANODE_TIMEOUT_FACTOR },
      () => clock.now(),
    );
    return new EdsVerifier(ncanode, undefined);
  }
  // SPEC §7: the CMS, its chain and its timestamp token are verified on worker threads, never on the
  // event loop; revocation (network calls) is asked from here about the path the workers validated.
  const pool = new PooledSignatureVerifier(
    trustAnchors,
    checks.tsaAnchorsFile === undefined ? {} : { tsaAnchors: await tsaAnchors(checks.tsaAnchorsFile) },
  );
  let verifier: SignatureVerifier = pool;
  if (checks.revocation.length > 0) {
    const options = {
      limits,
      algorithms: DEFAULT_ALGORITHMS,
      cacheLifetimeMs: checks.revocationCacheSeconds * 1000,
    };
    const crl = new CrlClient(options);
    const checker = new RevocationChecker(
      {
        methods: checks.revocation,
        ...(checks.ocspUrl === undefined ? {} : { ocspUrl: checks.ocspUrl }),
        ...(checks.crlUrls === undefined ? {} : { crlUrls: checks.crlUrls }),
      },
      {
        ocsp: new OcspClient({
          ...options,
          maxAgeWithoutNonceMs: MAX_AGE_WITHOUT_NONCE_MS,
          responderCrl: crl,
        }),
        crl,
      },
      () => new Date(toMillis(clock.now())),
    );
    verifier = new RevocationCheckingVerifier(pool, checker);
  }
  return new EdsVerifier(verifier, pool);
}

async function tsaAnchors(file: string): Promise<TrustAnchors> {
  try {
    return loadTrustAnchors(await readFile(file, 'utf8'));
  } catch (error) {
    throw new ConfigError('NUMLINK_EDS_TSA_ANCHORS', (error as Error).message);
  }
}
