import { performance } from 'node:perf_hooks';
import { percentile } from './percentile';

export interface ClosedLoopOptions {
  /** How many loops run at once; each starts its next operation when the previous one ends. */
  readonly workers: number;
  /** Operations run but are not counted for this long first (connections open, caches fill, JIT). */
  readonly warmUpMs: number;
  /** The measured window after the warm-up. */
  readonly durationMs: number;
}

export interface ClosedLoopResult {
  /** Operations that started and finished inside the measured window. */
  readonly operations: number;
  readonly perSecond: number;
  /** One sample per counted operation, in milliseconds. */
  readonly latenciesMs: Float64Array;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** Makes the operation one worker repeats; `worker` is 0..workers-1, so workers can keep their own state. */
export type OperationFactory = (worker: number) => () => Promise<void>;

/**
 * Runs `workers` closed loops of one operation for the warm-up plus the measured window, and reports
 * throughput and latency over the window. A failed operation fails the run: a benchmark that swallows
 * errors measures the error path.
 */
export async function runClosedLoop(
  options: ClosedLoopOptions,
  operationFor: OperationFactory,
): Promise<ClosedLoopResult> {
  const start = performance.now();
  const windowStart = start + options.warmUpMs;
  const windowEnd = windowStart + options.durationMs;
  const latencies: number[] = [];
  const loop = async (worker: number): Promise<void> => {
    const operation = operationFor(worker);
    for (;;) {
      const began = performance.now();
      if (began >= windowEnd) return;
      await operation();
      const ended = performance.now();
      if (began >= windowStart && ended <= windowEnd) latencies.push(ended - began);
    }
  };
  await Promise.all(Array.from({ length: options.workers }, (_, worker) => loop(worker)));
  const samples = Float64Array.from(latencies);
  return {
    operations: samples.length,
    perSecond: samples.length / (options.durationMs / 1000),
    latenciesMs: samples,
    p50Ms: percentile(samples, 50),
    p99Ms: percentile(samples, 99),
  };
}
