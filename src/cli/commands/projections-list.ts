import type { SqlExecutor } from '../../infrastructure/sql/sql-database';
import type { CliContext } from './cli-context';
import { EXIT_OK, type CliIo } from './cli-io';
import type { ParsedArguments } from './parse-arguments';
import { REACTIONS, readModelProjections } from '../../projections/read-models';

export const PROJECTIONS_LIST_ARGUMENTS = {} as const;

export interface ProjectionCheckpointStatus {
  readonly name: string;
  readonly kind: 'read model' | 'reaction' | 'unknown';
  /** `commit:prepare`, or null when it never applied an event. */
  readonly checkpoint: string | null;
  readonly updatedAt: string | null;
  /** Events of its types a reader may see now that it has not applied. */
  readonly lagEvents: number;
  /** Age of the oldest of them, in seconds (0 when none). */
  readonly lagSeconds: number;
  /** Some session (a running service) holds its projector lock. */
  readonly active: boolean;
}

interface CheckpointRow {
  name: string;
  commit_position: string;
  prepare_position: string;
  updated_at: string;
}

/** `numlink projections list`: read from the checkpoint table, so it shows the service's state, not this process's. */
export async function projectionsList(
  context: CliContext,
  args: ParsedArguments,
  io: CliIo,
): Promise<number> {
  const statuses = await projectionStatuses(context.db);
  if (args.flags.has('json')) {
    io.stdout(`${JSON.stringify(statuses)}\n`);
    return EXIT_OK;
  }
  const rows = statuses.map((s) => [
    s.name,
    s.kind,
    s.checkpoint ?? '-',
    String(s.lagEvents),
    s.lagSeconds.toFixed(1),
    s.active ? 'yes' : 'no',
    s.updatedAt ?? '-',
  ]);
  const header = ['name', 'kind', 'checkpoint', 'lag events', 'lag s', 'active', 'checkpoint moved at'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  io.stdout(`${[line(header), ...rows.map(line)].join('\n')}\n`);
  return EXIT_OK;
}

export async function projectionStatuses(db: SqlExecutor): Promise<ProjectionCheckpointStatus[]> {
  const known = new Map<string, { kind: 'read model' | 'reaction'; handles: readonly string[] | 'all' }>([
    ...readModelProjections().map(
      (p) => [p.name, { kind: 'read model' as const, handles: p.handles }] as const,
    ),
    ...REACTIONS.map((r) => [r.name, { kind: 'reaction' as const, handles: r.handles }] as const),
  ]);
  const rows = await db.query<CheckpointRow>(
    `SELECT name, commit_position::text AS commit_position, prepare_position::text AS prepare_position,
            to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS updated_at
       FROM projection_checkpoints ORDER BY name`,
  );
  const byName = new Map(rows.map((row) => [row.name, row]));
  // The read models always show; a reaction only once it ran here (it depends on the config).
  const names = [
    ...readModelProjections().map((p) => p.name),
    ...rows.map((row) => row.name).filter((name) => known.get(name)?.kind !== 'read model'),
  ];
  return Promise.all(
    names.map(async (name) => {
      const row = byName.get(name);
      const handles = known.get(name)?.handles ?? 'all';
      const lag = await lagAfter(db, row, handles);
      return {
        name,
        kind: known.get(name)?.kind ?? 'unknown',
        checkpoint:
          row && row.commit_position !== '0' ? `${row.commit_position}:${row.prepare_position}` : null,
        updatedAt: row?.updated_at ?? null,
        lagEvents: lag.events,
        lagSeconds: lag.seconds,
        active: await projectorLockHeld(db, name),
      };
    }),
  );
}

async function lagAfter(
  db: SqlExecutor,
  row: CheckpointRow | undefined,
  handles: readonly string[] | 'all',
): Promise<{ events: number; seconds: number }> {
  const params: unknown[] = [row?.commit_position ?? '0', row?.prepare_position ?? '0'];
  let types = '';
  if (handles !== 'all') {
    params.push(handles);
    types = ' AND type = ANY($3::text[])';
  }
  const [lag] = await db.query<{ events: string; seconds: string | null }>(
    `SELECT count(*)::text AS events, extract(epoch FROM clock_timestamp() - min(recorded_at))::text AS seconds
       FROM events WHERE (transaction_id, position) > ($1::xid8, $2::bigint)
        AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())${types}`,
    params,
  );
  return { events: Number(lag?.events ?? 0), seconds: Math.max(0, Number(lag?.seconds ?? 0)) };
}

/** The runtime's projector lock (`PgDatabase.tryLock`: the schema and the key, hashed to a bigint), looked up, not taken. */
async function projectorLockHeld(db: SqlExecutor, name: string): Promise<boolean> {
  const [row] = await db.query<{ held: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 1 AND granted
       AND ((classid::bigint << 32) | objid::bigint) = hashtextextended(current_schema() || $1, 0)) AS held`,
    [`numlink-projection:${name}`],
  );
  return row?.held === true;
}
