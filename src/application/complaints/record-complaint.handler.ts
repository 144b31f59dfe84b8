import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandOutcome } from '../command-outcome';
import { Clock } from '../ports/clock';
import { EventStore } from '../ports/event-store';
import { traced } from '../tracing';
import { ComplaintCalendar } from './complaint-calendar';
import type { ComplaintView } from './complaint-view';
import { RecordComplaintCommand } from './record-complaint.command';
import { runComplaintCommand } from './run-complaint-command';

/** Records a complaint and the deadlines its filing sets (Rules §10, SPEC R18-R22). */
@CommandHandler(RecordComplaintCommand)
export class RecordComplaintHandler implements ICommandHandler<
  RecordComplaintCommand,
  CommandOutcome<ComplaintView>
> {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly calendar: ComplaintCalendar,
  ) {}

  execute({ input, context, commandId }: RecordComplaintCommand): Promise<CommandOutcome<ComplaintView>> {
    const at = this.clock.now();
    return traced('command.RecordComplaint', { 'numlink.complaint.filed_with': input.filedWith }, () =>
      runComplaintCommand({
        store: this.store,
        calendar: this.calendar,
        complaintId: input.complaintId,
        command: () => ({ type: 'RecordComplaint', ...input, registeredAt: input.registeredAt ?? at, at }),
        context,
        at,
        commandId,
      }),
    );
  }
}
