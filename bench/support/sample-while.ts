import { median } from './median';
import { processCpuMs, rssMb } from './proc-usage';

export interface WindowUsage {
  readonly seconds: number;
  readonly rssMedianMb: number;
  readonly rssMaxMb: number;
  readonly rssEndMb: number;
  /** Share of one core the process used over the window (0.01 = 1%). */
  readonly cores: number;
}

/** Samples a process's RSS every `everyMs` while `work` runs, and its CPU over the whole window. */
export async function sampleWhile<T>(
  pid: number,
  everyMs: number,
  work: () => Promise<T>,
): Promise<{ value: T; usage: WindowUsage }> {
  const rss = [rssMb(pid)];
  const cpuBefore = processCpuMs(pid);
  const began = performance.now();
  const timer = setInterval(() => rss.push(rssMb(pid)), everyMs);
  let value: T;
  try {
    value = await work();
  } finally {
    clearInterval(timer);
  }
  rss.push(rssMb(pid));
  const seconds = (performance.now() - began) / 1000;
  return {
    value,
    usage: {
      seconds,
      rssMedianMb: median(rss),
      rssMaxMb: Math.max(...rss),
      rssEndMb: rss[rss.length - 1] ?? Number.NaN,
      cores: (processCpuMs(pid) - cpuBefore) / 1000 / seconds,
    },
  };
}
