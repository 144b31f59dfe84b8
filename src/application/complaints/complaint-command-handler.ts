import { Injectable } from '@nestjs/common';
import type { Attributes } from '@opentelemetry/api';
import type { ComplaintCommand } from '../../domain/complaint/commands';
import type { Instant } from '../../domain/shared/instant';
import type { CommandContext } from '../command-context';
import type { CommandOutcome } from '../command-outcome';
import { Clock } from '../ports/clock';
import { EventStore } from '../ports/event-store';
import { measuredCommand } from '../measured-command';
import { UseCaseMetrics } from '../ports/use-case-metrics';
import { ComplaintCalendar } from './complaint-calendar';
import type { ComplaintView } from './complaint-view';
import { runComplaintCommand } from './run-complaint-command';

/**
 * What every complaint command handler does: take the time once, decide on the complaint's stream in a
 * trace span, answer the complaint as it stands after. A handler names its command and builds it.
 */
@Injectable()
export abstract class ComplaintCommandHandler<Input extends { readonly complaintId: string }> {
  protected abstract readonly name: string;

  constructor(
    protected readonly store: EventStore,
    private readonly clock: Clock,
    private readonly calendar: ComplaintCalendar,
    private readonly metrics: UseCaseMetrics,
  ) {}

  /** The domain command; an instant the reviewer left out defaults to `at`. */
  protected abstract toCommand(
    input: Input,
    at: Instant,
    context: CommandContext,
  ): ComplaintCommand | Promise<ComplaintCommand>;

  protected traceAttributes(_input: Input): Attributes {
    return {};
  }

  execute({
    input,
    context,
    commandId,
  }: {
    readonly input: Input;
    readonly context: CommandContext;
    readonly commandId: string;
  }): Promise<CommandOutcome<ComplaintView>> {
    const at = this.clock.now();
    return measuredCommand(this.name, this.metrics, this.traceAttributes(input), () =>
      runComplaintCommand({
        store: this.store,
        calendar: this.calendar,
        complaintId: input.complaintId,
        command: () => this.toCommand(input, at, context),
        context,
        at,
        commandId,
      }),
    );
  }
}
