import { Injectable } from '@nestjs/common';
import type { Attributes } from '@opentelemetry/api';
import type { Decider } from '../domain/shared/decider';
import type { DomainEvent } from '../domain/shared/domain-event';
import type { Instant } from '../domain/shared/instant';
import type { Refusal } from '../domain/shared/refusal';
import type { CommandContext } from './command-context';
import { succeeded, type CommandOutcome } from './command-outcome';
import { decideAndAppend } from './decider';
import { measuredCommand } from './measured-command';
import { Clock } from './ports/clock';
import { EventStreams } from './ports/event-store';
import { UseCaseMetrics } from './ports/use-case-metrics';

/** A use case that is one decision on one stream: which stream, which decider, the command, the answer. */
export interface DeciderCommand<C, S, E extends DomainEvent, T> {
  /** The command's name in traces and metrics (`numlink_commands_total{command}`). */
  readonly name: string;
  readonly attributes?: Attributes;
  readonly streamId: string;
  readonly decider: Decider<C, S, E>;
  /** A refusal to answer before deciding (e.g. the request belongs to another principal). */
  readonly guard?: (state: S) => Refusal | undefined | Promise<Refusal | undefined>;
  /** The domain command; `at` is the one instant the use case takes (instants the caller left out default to it). */
  readonly command: (at: Instant, state: S) => C | Promise<C>;
  /** See `decideAndAppend`: a limit spanning streams, checked only when the decider accepts. */
  readonly admit?: (events: readonly E[], state: S) => Refusal | undefined | Promise<Refusal | undefined>;
  /** The answer of an accepted command, from the state after it. */
  readonly answer: (after: S, streams: EventStreams) => T | Promise<T>;
  readonly context: CommandContext;
  readonly commandId: string;
}

/**
 * Runs a `DeciderCommand`: takes the time once, then, in a trace span named after the command and
 * counted by outcome, loads the stream, decides, appends (deciding again on a conflict) and answers.
 */
@Injectable()
export class DeciderCommandRunner {
  constructor(
    private readonly streams: EventStreams,
    private readonly clock: Clock,
    private readonly metrics: UseCaseMetrics,
  ) {}

  run<C, S, E extends DomainEvent, T>(command: DeciderCommand<C, S, E, T>): Promise<CommandOutcome<T>> {
    const at = this.clock.now();
    return measuredCommand(command.name, this.metrics, command.attributes ?? {}, async () => {
      const { decision, state } = await decideAndAppend({
        store: this.streams,
        streamId: command.streamId,
        decider: command.decider,
        ...(command.guard ? { guard: command.guard } : {}),
        command: (current) => command.command(at, current),
        ...(command.admit ? { admit: command.admit } : {}),
        context: command.context,
        at,
        commandId: command.commandId,
      });
      if (!decision.ok) return { ok: false, refusal: decision.refusal };
      return succeeded(await command.answer(state, this.streams));
    });
  }
}
