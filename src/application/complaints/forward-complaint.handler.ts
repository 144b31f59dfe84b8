import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandOutcome } from '../command-outcome';
import { Clock } from '../ports/clock';
import { EventStore } from '../ports/event-store';
import { traced } from '../tracing';
import { ComplaintCalendar } from './complaint-calendar';
import type { ComplaintView } from './complaint-view';
import { ForwardComplaintCommand } from './forward-complaint.command';
import { runComplaintCommand } from './run-complaint-command';

/** Rules §10: the service provider sends the complaint and the administrative case to the body considering it. The instant defaults to now. */
@CommandHandler(ForwardComplaintCommand)
export class ForwardComplaintHandler implements ICommandHandler<
  ForwardComplaintCommand,
  CommandOutcome<ComplaintView>
> {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly calendar: ComplaintCalendar,
  ) {}

  execute({ input, context, commandId }: ForwardComplaintCommand): Promise<CommandOutcome<ComplaintView>> {
    const at = this.clock.now();
    return traced('command.ForwardComplaint', {}, () =>
      runComplaintCommand({
        store: this.store,
        calendar: this.calendar,
        complaintId: input.complaintId,
        command: () => ({ type: 'ForwardComplaint', ...input, forwardedAt: input.forwardedAt ?? at, at }),
        context,
        at,
        commandId,
      }),
    );
  }
}
