import type { Attributes } from '@opentelemetry/api';
import type { CommandOutcome } from './command-outcome';
import type { UseCaseMetrics } from './ports/use-case-metrics';
import { traced } from './tracing';

/**
 * Runs a command handler's work in a trace span named after the command and counts its outcome
 * (`numlink_commands_total`, and the refusal's code in `numlink_refusals_total`).
 */
export async function measuredCommand<T>(
  command: string,
  metrics: UseCaseMetrics,
  attributes: Attributes,
  work: () => Promise<CommandOutcome<T>>,
): Promise<CommandOutcome<T>> {
  let outcome: CommandOutcome<T>;
  try {
    outcome = await traced(`command.${command}`, attributes, work);
  } catch (error) {
    metrics.commands.inc({ command, outcome: 'error' });
    throw error;
  }
  metrics.commands.inc({ command, outcome: outcome.ok ? 'accepted' : 'refused' });
  if (!outcome.ok) metrics.refusals.inc({ command, code: outcome.refusal.code });
  return outcome;
}
