import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { ComplaintBody, ComplaintOutcome, ComplaintCommand } from '../../domain/complaint/commands';
import { complaintDecider, complaintStreamId } from '../../domain/complaint/decider';
import type { Instant } from '../../domain/shared/instant';
import type { CommandContext } from '../command-context';
import type { CommandOutcome } from '../command-outcome';
import { DeciderCommandRunner } from '../decider-command';
import { ComplaintCalendar } from './complaint-calendar';
import type { ComplaintView } from './complaint-view';
import { complaintAfterCommand } from './find-complaint';

/** A body's decision on a complaint that has reached it (SPEC §4: it meets the deadlines it answers). The instant defaults to now. */
export class DecideComplaintCommand extends Command<CommandOutcome<ComplaintView>> {
  constructor(
    readonly input: {
      readonly complaintId: string;
      readonly by: ComplaintBody;
      readonly outcome: ComplaintOutcome;
      readonly decidedAt?: Instant;
      readonly reason: string;
    },
    readonly context: CommandContext,
    readonly commandId: string,
  ) {
    super();
  }
}

@CommandHandler(DecideComplaintCommand)
export class DecideComplaintHandler implements ICommandHandler<
  DecideComplaintCommand,
  CommandOutcome<ComplaintView>
> {
  constructor(
    private readonly decisions: DeciderCommandRunner,
    private readonly calendar: ComplaintCalendar,
  ) {}

  execute({ input, context, commandId }: DecideComplaintCommand): Promise<CommandOutcome<ComplaintView>> {
    return this.decisions.run({
      name: 'DecideComplaint',
      streamId: complaintStreamId(input.complaintId),
      decider: complaintDecider(this.calendar),
      command: (at): ComplaintCommand => ({
        type: 'DecideComplaint',
        ...input,
        decidedAt: input.decidedAt ?? at,
        at,
      }),
      answer: (_, streams) => complaintAfterCommand(streams, input.complaintId),
      context,
      commandId,
    });
  }
}
