import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandOutcome } from '../command-outcome';
import { Clock } from '../ports/clock';
import { EventStore } from '../ports/event-store';
import { traced } from '../tracing';
import { ComplaintCalendar } from './complaint-calendar';
import type { ComplaintView } from './complaint-view';
import { RegisterComplaintCommand } from './register-complaint.command';
import { runComplaintCommand } from './run-complaint-command';

/** SPEC R20: the complaint is registered at another body; the quality authority's registration starts its 15 working days. The instant defaults to now. */
@CommandHandler(RegisterComplaintCommand)
export class RegisterComplaintHandler implements ICommandHandler<
  RegisterComplaintCommand,
  CommandOutcome<ComplaintView>
> {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly calendar: ComplaintCalendar,
  ) {}

  execute({ input, context, commandId }: RegisterComplaintCommand): Promise<CommandOutcome<ComplaintView>> {
    const at = this.clock.now();
    return traced('command.RegisterComplaint', {}, () =>
      runComplaintCommand({
        store: this.store,
        calendar: this.calendar,
        complaintId: input.complaintId,
        command: () => ({ type: 'RegisterComplaint', ...input, registeredAt: input.registeredAt ?? at, at }),
        context,
        at,
        commandId,
      }),
    );
  }
}
