import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { ComplaintBody, ComplaintCommand } from '../../domain/complaint/commands';
import { complaintDecider, complaintStreamId } from '../../domain/complaint/decider';
import type { Instant } from '../../domain/shared/instant';
import type { CommandContext } from '../command-context';
import type { CommandOutcome } from '../command-outcome';
import { DeciderCommandRunner } from '../decider-command';
import { ComplaintCalendar } from './complaint-calendar';
import type { ComplaintView } from './complaint-view';
import { complaintAfterCommand } from './find-complaint';

/** Rules §10: the service provider sends the complaint and the administrative case to the body considering it. The instant defaults to now. */
export class ForwardComplaintCommand extends Command<CommandOutcome<ComplaintView>> {
  constructor(
    readonly input: {
      readonly complaintId: string;
      readonly to: ComplaintBody;
      readonly forwardedAt?: Instant;
    },
    readonly context: CommandContext,
    readonly commandId: string,
  ) {
    super();
  }
}

@CommandHandler(ForwardComplaintCommand)
export class ForwardComplaintHandler implements ICommandHandler<
  ForwardComplaintCommand,
  CommandOutcome<ComplaintView>
> {
  constructor(
    private readonly decisions: DeciderCommandRunner,
    private readonly calendar: ComplaintCalendar,
  ) {}

  execute({ input, context, commandId }: ForwardComplaintCommand): Promise<CommandOutcome<ComplaintView>> {
    return this.decisions.run({
      name: 'ForwardComplaint',
      streamId: complaintStreamId(input.complaintId),
      decider: complaintDecider(this.calendar),
      command: (at): ComplaintCommand => ({
        type: 'ForwardComplaint',
        ...input,
        forwardedAt: input.forwardedAt ?? at,
        at,
      }),
      answer: (_, streams) => complaintAfterCommand(streams, input.complaintId),
      context,
      commandId,
    });
  }
}
