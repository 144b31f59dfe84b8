import { parentPort, threadId, workerData } from 'node:worker_threads';
import { DEFAULT_ALGORITHMS } from '../default-algorithms';
import { parseCertificate } from '../trust-anchors';
import type { CrlEntry } from './crl-parser';
import { compactEntries, readCrl, type CompactCrlEntries, type CrlReading } from './crl-reading';

/** A worker thread that reads one large CRL (parse and signature) and answers it compacted. */
export type CrlWorkerAnswer =
  | {
      readonly ok: true;
      readonly reading: Omit<CrlReading, 'entries'>;
      readonly entries: CompactCrlEntries;
      readonly threadId: number;
    }
  | { readonly ok: false };

const { der, issuerDer } = workerData as { der: Uint8Array; issuerDer: Uint8Array };

void (async () => {
  let answer: CrlWorkerAnswer;
  try {
    const { entries, ...reading } = await readCrl(
      Buffer.from(der.buffer, der.byteOffset, der.byteLength),
      parseCertificate(issuerDer),
      DEFAULT_ALGORITHMS,
    );
    answer = {
      ok: true,
      reading,
      entries: compactEntries(entries as ReadonlyMap<string, CrlEntry>),
      threadId,
    };
  } catch {
    answer = { ok: false };
  }
  parentPort?.postMessage(answer);
})();
