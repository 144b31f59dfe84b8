import { readFileSync } from 'node:fs';
import { median } from './median';

const CLOCK_TICKS_PER_SECOND = 100;

/** Resident memory of a process, in MB, from /proc/<pid>/status (VmRSS). */
export function rssMb(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** User plus system CPU of a process so far, in ms, from /proc/<pid>/stat (utime + stime). */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // After the command name: utime and stime are fields 14 and 15 of proc(5).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

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
