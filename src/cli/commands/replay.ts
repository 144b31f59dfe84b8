import { findLinkAsOf } from '../../application/find-number-link/find-link-as-of';
import { parseIin, type Iin } from '../../domain/shared/iin';
import { parseInstant, type Instant } from '../../domain/shared/instant';
import type { CliContext } from './cli-context';
import { EXIT_FAILED, EXIT_OK, type CliIo } from './cli-io';
import { requiredOption, type ParsedArguments } from './parse-arguments';
import { recordCliRead } from './recorded-read';
import { UsageError } from './usage-error';

export const REPLAY_ARGUMENTS = { options: ['iin', 'as-of'] } as const;

export function parseReplay(args: ParsedArguments): { iin: Iin; asOf: Instant } {
  const iin = parseIin(requiredOption(args, 'iin'));
  if (!iin.ok) throw new UsageError(`--iin: ${iin.error}`);
  const asOf = parseInstant(requiredOption(args, 'as-of'));
  if (!asOf.ok) throw new UsageError('--as-of must be an ISO-8601 instant with an offset');
  return { iin: iin.value, asOf: asOf.value };
}

/** `numlink replay`: SPEC §5, one account's number link as of an instant, from its own stream. */
export async function replay(context: CliContext, args: ParsedArguments, io: CliIo): Promise<number> {
  const { iin, asOf } = parseReplay(args);
  await recordCliRead(context, { query: 'numlink replay', filters: { iin, asOf }, iin });
  const link = await findLinkAsOf(context.store, iin, asOf);
  const json = args.flags.has('json');
  if (!link) {
    if (json) io.stdout('null\n');
    // No IIN in the message: stderr may end up in a log.
    io.stderr(`the account had no number-link events by ${asOf}\n`);
    return EXIT_FAILED;
  }
  io.stdout(json ? `${JSON.stringify(link)}\n` : `${JSON.stringify(link, null, 2)}\n`);
  return EXIT_OK;
}
