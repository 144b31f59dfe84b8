import type { CliContext } from './cli-context';
import { EXIT_FAILED, EXIT_OK, type CliIo } from './cli-io';
import type { ParsedArguments } from './parse-arguments';
import { readModelProjections } from '../../projections/read-models';
import { rebuildBeside, type RebuildOutcome } from './rebuild-beside';
import { UsageError } from './usage-error';

export const PROJECTIONS_REBUILD_ARGUMENTS = { flags: ['check'] } as const;

const PROGRESS_EVERY = 100_000;

/** Checked before anything is opened: an unknown name is a usage error. */
export function rebuildTargets(args: ParsedArguments): string[] {
  const names = readModelProjections().map((p) => p.name);
  if (args.positionals.length > 1) throw new UsageError('projections rebuild takes at most one name');
  const [name] = args.positionals;
  if (name === undefined) return names;
  if (!names.includes(name))
    throw new UsageError(`no read model named ${name} (read models: ${names.join(', ')})`);
  return [name];
}

/** `numlink projections rebuild`: SPEC §5, rebuilt from position zero beside the live tables, then swapped. */
export async function projectionsRebuild(
  context: CliContext,
  args: ParsedArguments,
  io: CliIo,
): Promise<number> {
  const targets = rebuildTargets(args);
  const compareOnly = args.flags.has('check');
  const json = args.flags.has('json');
  const outcomes: unknown[] = [];
  let differed = false;
  for (const projection of readModelProjections().filter((p) => targets.includes(p.name))) {
    const began = Date.now();
    let reported = 0;
    const outcome = await rebuildBeside(context.db, context.store, projection, {
      compareOnly,
      eventTable: context.eventTable,
      onProgress: (events) => {
        if (events - reported < PROGRESS_EVERY) return;
        reported = events;
        io.stderr(`${projection.name}: ${events} events applied\n`);
      },
    });
    differed ||= !outcome.identical;
    const seconds = (Date.now() - began) / 1000;
    if (json)
      outcomes.push({
        ...outcome,
        checkpoint: `${outcome.checkpoint.commit}:${outcome.checkpoint.prepare}`,
        seconds,
      });
    else io.stdout(describe(outcome, seconds));
  }
  if (json) io.stdout(`${JSON.stringify(outcomes)}\n`);
  return compareOnly && differed ? EXIT_FAILED : EXIT_OK;
}

function describe(outcome: RebuildOutcome, seconds: number): string {
  const verdict = outcome.identical
    ? 'identical to the live rows, nothing swapped'
    : outcome.swapped
      ? 'differed from the live rows: swapped in'
      : 'differs from the live rows (--check: nothing swapped)';
  const checkpoint = `${outcome.checkpoint.commit}:${outcome.checkpoint.prepare}`;
  const tables = outcome.tables.map(
    (t) =>
      `  ${t.table}: live ${t.liveRows} rows, rebuilt ${t.rebuiltRows}; only live ${t.onlyLive}, only rebuilt ${t.onlyRebuilt}\n`,
  );
  return (
    `${outcome.projection}: rebuilt from ${outcome.events} events up to checkpoint ${checkpoint} ` +
    `in ${seconds.toFixed(1)} s; ${verdict}\n${tables.join('')}`
  );
}
