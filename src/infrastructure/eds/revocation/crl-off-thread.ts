import { join } from 'node:path';
import type * as pkijs from 'pkijs';
import { startWorker } from '../worker-thread';
import { SortedCrlEntries, type CrlReading } from './crl-reading';
import type { CrlWorkerAnswer } from './crl-worker';

/**
 * SPEC §7 (no input blocks the event loop for more than 100 ms): a national CA's CRL (100,000 entries,
 * megabytes, signed with GOST whose hash is JavaScript) is parsed and its signature checked on a worker
 * thread of its own, which ends with the reading. Answers the thread that read it, for the tests.
 */
export function readCrlOffThread(
  body: Buffer,
  issuer: pkijs.Certificate,
): Promise<CrlReading & { readonly threadId: number }> {
  const issuerDer = new Uint8Array(issuer.toSchema().toBER(false));
  const der = new Uint8Array(body);
  return new Promise((resolve, reject) => {
    const worker = startWorker(join(__dirname, 'crl-worker'), { der, issuerDer });
    let settled = false;
    worker.once('message', (answer: CrlWorkerAnswer) => {
      settled = true;
      void worker.terminate();
      if (!answer.ok) {
        reject(new Error('malformed CRL'));
        return;
      }
      resolve({
        ...answer.reading,
        entries: new SortedCrlEntries(answer.entries),
        threadId: answer.threadId,
      });
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', () => {
      if (!settled) reject(new Error('the CRL worker stopped'));
    });
  });
}
