import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import type { SqlExecutor } from '../../src/infrastructure/sql/sql-database';

/**
 * What a benchmark ran on, printed above its figures: figures without the machine mean nothing.
 * Lines of `label: value`.
 */
export async function describeMachine(db: SqlExecutor): Promise<string[]> {
  const [server] = await db.query<{ version: string; synchronous_commit: string }>(
    `SELECT version() AS version, current_setting('synchronous_commit') AS synchronous_commit`,
  );
  return [
    `cores: ${cpus().length}`,
    `cpu: ${cpuModel()}`,
    `memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `postgresql: ${server?.version ?? 'unknown'} (synchronous_commit=${server?.synchronous_commit ?? '?'})`,
    `node: ${process.version}`,
  ];
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((entry) => entry.startsWith('model name'));
    if (line) return line.slice(line.indexOf(':') + 1).trim();
  } catch {
    // Not Linux: fall back to what Node reports.
  }
  return cpus()[0]?.model ?? 'unknown';
}
