import { parentPort, workerData } from 'node:worker_threads';
import type { SignatureToVerify } from '../../application/ports/signature-verifier';
import { CmsSignatureVerifier } from './cms-signature-verifier';
import { parseCertificate } from './trust-anchors';

/** A worker thread of the verification pool: verifies CMS signatures with the default algorithms. */
export interface VerificationJob {
  readonly id: number;
  readonly input: Omit<SignatureToVerify, 'dataToSign'> & { readonly dataToSign: Uint8Array };
}

const { trustAnchors } = workerData as { trustAnchors: readonly Uint8Array[] };
const verifier = new CmsSignatureVerifier(trustAnchors.map((der) => parseCertificate(der)));

// Loaded and ready: the pool's time limit counts from here, not from the thread's start.
parentPort?.postMessage({ ready: true });
parentPort?.on('message', (job: VerificationJob) => {
  void verifier
    .verify({ ...job.input, dataToSign: Buffer.from(job.input.dataToSign) })
    .then((result) => parentPort?.postMessage({ id: job.id, result }));
});
