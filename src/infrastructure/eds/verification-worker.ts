import { parentPort, workerData } from 'node:worker_threads';
import type { SignatureToVerify } from '../../application/ports/signature-verifier';
import { CmsSignatureVerifier } from './cms-signature-verifier';
import { invalidWithoutPath, type PathVerifier } from './path-verifier';
import { TimestampingVerifier } from './timestamp/timestamping-verifier';
import { parseCertificate } from './trust-anchors';

/**
 * A worker thread of the verification pool: verifies CMS signatures with the default algorithms (and
 * their timestamp tokens, when TSA anchors are set), and answers each with the certificate path it
 * validated.
 */
export interface VerificationJob {
  readonly id: number;
  readonly input: Omit<SignatureToVerify, 'dataToSign'> & { readonly dataToSign: Uint8Array };
}

const { trustAnchors, tsaAnchors } = workerData as {
  trustAnchors: readonly Uint8Array[];
  tsaAnchors: readonly Uint8Array[];
};
const cms = new CmsSignatureVerifier(trustAnchors.map((der) => parseCertificate(der)));
const verifier: PathVerifier =
  tsaAnchors.length === 0
    ? cms
    : new TimestampingVerifier(
        cms,
        tsaAnchors.map((der) => parseCertificate(der)),
      );

// Loaded and ready: the pool's time limit counts from here, not from the thread's start.
parentPort?.postMessage({ ready: true });
// A verification that throws is refused; it does not take the thread down (a restart costs every
// queued verification tens of milliseconds, and a hostile CMS could ask for one each time).
const failed = invalidWithoutPath('signature_invalid', 'verification_failed');
parentPort?.on('message', (job: VerificationJob) => {
  // Inside the promise chain, so that a throw while reading the job is refused too.
  void Promise.resolve(job)
    .then(({ input }) => verifier.verifyWithPath({ ...input, dataToSign: Buffer.from(input.dataToSign) }))
    .catch(() => failed)
    .then((result) => parentPort?.postMessage({ id: job.id, result }));
});
