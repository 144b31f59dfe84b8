import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { RegisteringBody, ComplaintCommand } from '../../domain/complaint/commands';
import { complaintDecider, complaintStreamId } from '../../domain/complaint/decider';
import type { Instant } from '../../domain/shared/instant';
import type { CommandContext } from '../command-context';
import type { CommandOutcome } from '../command-outcome';
import { DeciderCommandRunner } from '../decider-command';
import { ComplaintCalendar } from './complaint-calendar';
import type { ComplaintView } from './complaint-view';
import { complaintAfterCommand } from './find-complaint';

/** SPEC R20: the complaint is registered at another body; the quality authority's registration starts its 15 working days. The instant defaults to now. */
export class RegisterComplaintCommand extends Command<CommandOutcome<ComplaintView>> {
  constructor(
    readonly input: {
      readonly complaintId: string;
      readonly body: RegisteringBody;
      readonly registeredAt?: Instant;
    },
    readonly context: CommandContext,
    readonly commandId: string,
  ) {
    super();
  }
}

@CommandHandler(RegisterComplaintCommand)
export class RegisterComplaintHandler implements ICommandHandler<
  RegisterComplaintCommand,
  CommandOutcome<ComplaintView>
> {
  constructor(
    private readonly decisions: DeciderCommandRunner,
    private readonly calendar: ComplaintCalendar,
  ) {}

  execute({ input, context, commandId }: RegisterComplaintCommand): Promise<CommandOutcome<ComplaintView>> {
    return this.decisions.run({
      name: 'RegisterComplaint',
      streamId: complaintStreamId(input.complaintId),
      decider: complaintDecider(this.calendar),
      command: (at): ComplaintCommand => ({
        type: 'RegisterComplaint',
        ...input,
        registeredAt: input.registeredAt ?? at,
        at,
      }),
      answer: (_, streams) => complaintAfterCommand(streams, input.complaintId),
      context,
      commandId,
    });
  }
}
