import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandOutcome } from '../command-outcome';
import { Clock } from '../ports/clock';
import { EventStore } from '../ports/event-store';
import { traced } from '../tracing';
import { ComplaintCalendar } from './complaint-calendar';
import type { ComplaintView } from './complaint-view';
import { AppealToCourtCommand } from './appeal-to-court.command';
import { runComplaintCommand } from './run-complaint-command';

/** Rules §10: an appeal to the court, allowed once the pre-trial appeal has a decision. The instant defaults to now. */
@CommandHandler(AppealToCourtCommand)
export class AppealToCourtHandler implements ICommandHandler<
  AppealToCourtCommand,
  CommandOutcome<ComplaintView>
> {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly calendar: ComplaintCalendar,
  ) {}

  execute({ input, context, commandId }: AppealToCourtCommand): Promise<CommandOutcome<ComplaintView>> {
    const at = this.clock.now();
    return traced('command.AppealToCourt', {}, () =>
      runComplaintCommand({
        store: this.store,
        calendar: this.calendar,
        complaintId: input.complaintId,
        command: () => ({ type: 'AppealToCourt', ...input, appealedAt: input.appealedAt ?? at, at }),
        context,
        at,
        commandId,
      }),
    );
  }
}
