import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { SignatureCheck, SignatureToVerify } from '../../application/ports/signature-verifier';
import { SignatureVerifier } from '../../application/ports/signature-verifier';
import { derOf } from './certificate-der';
import { invalidWithoutPath, type CheckWithPath, type PathVerifier } from './path-verifier';
import type { TrustAnchors } from './trust-anchors';
import type { VerificationJob } from './verification-worker';
import { startWorker } from './worker-thread';

export interface VerificationPoolOptions {
  /** Worker threads; default: the cores less one (at least one, at most four). */
  readonly size?: number;
  /** A verification still running after this is abandoned (its worker replaced) and refused. */
  readonly timeoutMs?: number;
  /** `NUMLINK_EDS_TSA_ANCHORS`: with them, signatureTimeStampTokens are verified too (on the workers). */
  readonly tsaAnchors?: TrustAnchors;
}

const DEFAULT_TIMEOUT_MS = 5_000;

interface PendingJob {
  readonly job: VerificationJob;
  readonly resolve: (answer: CheckWithPath) => void;
}

interface PoolWorker {
  readonly worker: Worker;
  ready: boolean;
  current?: { pending: PendingJob; timer: NodeJS.Timeout };
}

/**
 * The CMS verifier run on worker threads (SPEC §7: no input blocks the event loop): a hostile signature
 * costs a worker's time, never the HTTP server's. Same answers as `CmsSignatureVerifier` with the
 * default algorithms; workers start on the first verification and do not keep the process alive.
 */
export class PooledSignatureVerifier extends SignatureVerifier implements PathVerifier {
  private readonly workers: PoolWorker[] = [];
  private readonly queue: PendingJob[] = [];
  private readonly trustAnchorsDer: readonly Uint8Array[];
  private readonly tsaAnchorsDer: readonly Uint8Array[];
  private readonly size: number;
  private readonly timeoutMs: number;
  private nextId = 0;
  private closed = false;
  /** Threads started and not yet exited: replaced and closed ones count until they have stopped. */
  private running = 0;
  private started = 0;

  constructor(trustAnchors: TrustAnchors, options: VerificationPoolOptions = {}) {
    super();
    const der = (anchor: TrustAnchors[number]) => new Uint8Array(derOf(anchor));
    this.trustAnchorsDer = trustAnchors.map(der);
    this.tsaAnchorsDer = (options.tsaAnchors ?? []).map(der);
    this.size = options.size ?? Math.max(1, Math.min(4, availableParallelism() - 1));
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  override async verify(input: SignatureToVerify): Promise<SignatureCheck> {
    return (await this.verifyWithPath(input)).check;
  }

  verifyWithPath(input: SignatureToVerify): Promise<CheckWithPath> {
    if (this.closed) return Promise.reject(new Error('the verification pool is closed'));
    return new Promise((resolve) => {
      const job: VerificationJob = { id: this.nextId++, input: { ...input, dataToSign: input.dataToSign } };
      this.queue.push({ job, resolve });
      this.dispatch();
    });
  }

  /** How many of the pool's threads are running now (none before the first verification and after close). */
  get threads(): number {
    return this.running;
  }

  /** How many threads the pool has started in all: beyond its size, some were replaced (a timeout, a crash). */
  get threadsStarted(): number {
    return this.started;
  }

  /** Stops the threads; a verification running or queued is refused, not left waiting. */
  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) {
      pending.resolve(invalidWithoutPath('signature_invalid', 'verification_pool_closed'));
    }
    const workers = this.workers.splice(0);
    await Promise.all(workers.map(({ worker }) => worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const idle = this.workers.find((candidate) => candidate.ready && candidate.current === undefined);
      if (idle === undefined) {
        // Start another worker while below the size; the queue waits for the first one ready.
        if (!this.workers.some((candidate) => !candidate.ready)) this.spawn();
        return;
      }
      const pending = this.queue.shift() as PendingJob;
      const timer = setTimeout(() => this.abandon(idle), this.timeoutMs);
      idle.current = { pending, timer };
      idle.worker.postMessage(pending.job);
    }
  }

  private spawn(): void {
    if (this.workers.length >= this.size) return;
    const worker = startWorker(join(__dirname, 'verification-worker'), {
      trustAnchors: this.trustAnchorsDer,
      tsaAnchors: this.tsaAnchorsDer,
    });
    this.running += 1;
    this.started += 1;
    worker.once('exit', () => (this.running -= 1));
    const slot: PoolWorker = { worker, ready: false };
    worker.on('message', (message: { ready: true } | { id: number; result: CheckWithPath }) => {
      if ('ready' in message) {
        slot.ready = true;
        this.dispatch();
        return;
      }
      const current = slot.current;
      if (current === undefined || current.pending.job.id !== message.id) return;
      clearTimeout(current.timer);
      slot.current = undefined;
      current.pending.resolve(message.result);
      this.dispatch();
    });
    worker.on('error', () => this.replace(slot, 'verification_failed'));
    worker.on('exit', () => this.replace(slot, 'verification_failed'));
    this.workers.push(slot);
  }

  /** A verification over its time: its worker is stopped mid-work and a fresh one takes the queue. */
  private abandon(slot: PoolWorker): void {
    void slot.worker.terminate();
    this.replace(slot, 'verification_timeout');
  }

  private replace(slot: PoolWorker, reason: string): void {
    const index = this.workers.indexOf(slot);
    if (index !== -1) this.workers.splice(index, 1);
    const current = slot.current;
    slot.current = undefined;
    if (current !== undefined) {
      clearTimeout(current.timer);
      current.pending.resolve(invalidWithoutPath('signature_invalid', reason));
    }
    if (!this.closed) this.dispatch();
  }
}
