import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandOutcome } from '../command-outcome';
import { Clock } from '../ports/clock';
import { EventStore } from '../ports/event-store';
import { traced } from '../tracing';
import { ComplaintCalendar } from './complaint-calendar';
import type { ComplaintView } from './complaint-view';
import { DecideComplaintCommand } from './decide-complaint.command';
import { runComplaintCommand } from './run-complaint-command';

/** A body's decision on a complaint that has reached it (SPEC §4: it meets the deadlines it answers). The instant defaults to now. */
@CommandHandler(DecideComplaintCommand)
export class DecideComplaintHandler implements ICommandHandler<
  DecideComplaintCommand,
  CommandOutcome<ComplaintView>
> {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly calendar: ComplaintCalendar,
  ) {}

  execute({ input, context, commandId }: DecideComplaintCommand): Promise<CommandOutcome<ComplaintView>> {
    const at = this.clock.now();
    return traced('command.DecideComplaint', {}, () =>
      runComplaintCommand({
        store: this.store,
        calendar: this.calendar,
        complaintId: input.complaintId,
        command: () => ({ type: 'DecideComplaint', ...input, decidedAt: input.decidedAt ?? at, at }),
        context,
        at,
        commandId,
      }),
    );
  }
}
