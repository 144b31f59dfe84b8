import { randomUUID } from 'node:crypto';
import { runClosedLoop, type ClosedLoopResult } from './closed-loop';
import { openFreshSchema } from './fresh-schema';

const TABLE = `
CREATE TABLE raw_commits (
  position bigserial PRIMARY KEY,
  event_id uuid NOT NULL,
  stream_id text NOT NULL,
  data jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT clock_timestamp()
)`;

const INSERT = `INSERT INTO raw_commits (event_id, stream_id, data) VALUES ($1, $2, $3::jsonb)`;

/** About the size of a number-request event's data. */
const DATA = JSON.stringify({
  iin: '900101300126',
  phone: '+77011234567',
  requestId: '00000000-0000-4000-8000-000000000000',
  channel: 'egov-mobile',
  at: '2026-11-23T09:00:00.000Z',
});

export interface CommitCeiling {
  readonly writers: number;
  readonly insertsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** SPEC §7: the inserts per second halved, the flow rate a service could hope for with two commits per flow. */
  readonly flowsPerSecond: number;
}

/**
 * SPEC §7's "commit ceiling": single-row `INSERT`s, each its own transaction (INSERT + COMMIT in one
 * round trip), from `writers` connections in closed loops, in a schema of their own on `connectionString`.
 */
export async function measureCommitCeiling(
  connectionString: string,
  writers: number,
  warmUpMs: number,
  durationMs: number,
): Promise<CommitCeiling> {
  const fresh = await openFreshSchema('commit_ceiling', writers, connectionString);
  try {
    await fresh.db.exec(TABLE);
    const loop: ClosedLoopResult = await runClosedLoop(
      { workers: writers, warmUpMs, durationMs },
      (worker) => {
        const streamId = `ceiling-${worker}`;
        return async () => {
          await fresh.db.query(INSERT, [randomUUID(), streamId, DATA]);
        };
      },
    );
    return {
      writers,
      insertsPerSecond: loop.perSecond,
      p50Ms: loop.p50Ms,
      p99Ms: loop.p99Ms,
      flowsPerSecond: loop.perSecond / 2,
    };
  } finally {
    await fresh.drop();
  }
}
