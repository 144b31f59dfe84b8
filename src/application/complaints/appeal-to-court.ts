import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { ComplaintCommand } from '../../domain/complaint/commands';
import { complaintDecider, complaintStreamId } from '../../domain/complaint/decider';
import type { Instant } from '../../domain/shared/instant';
import type { CommandContext } from '../command-context';
import type { CommandOutcome } from '../command-outcome';
import { DeciderCommandRunner } from '../decider-command';
import { ComplaintCalendar } from './complaint-calendar';
import type { ComplaintView } from './complaint-view';
import { complaintAfterCommand } from './find-complaint';

/** Rules §10: an appeal to the court, allowed once the pre-trial appeal has a decision. The instant defaults to now. */
export class AppealToCourtCommand extends Command<CommandOutcome<ComplaintView>> {
  constructor(
    readonly input: {
      readonly complaintId: string;
      readonly appealedAt?: Instant;
    },
    readonly context: CommandContext,
    readonly commandId: string,
  ) {
    super();
  }
}

@CommandHandler(AppealToCourtCommand)
export class AppealToCourtHandler implements ICommandHandler<
  AppealToCourtCommand,
  CommandOutcome<ComplaintView>
> {
  constructor(
    private readonly decisions: DeciderCommandRunner,
    private readonly calendar: ComplaintCalendar,
  ) {}

  execute({ input, context, commandId }: AppealToCourtCommand): Promise<CommandOutcome<ComplaintView>> {
    return this.decisions.run({
      name: 'AppealToCourt',
      streamId: complaintStreamId(input.complaintId),
      decider: complaintDecider(this.calendar),
      command: (at): ComplaintCommand => ({
        type: 'AppealToCourt',
        ...input,
        appealedAt: input.appealedAt ?? at,
        at,
      }),
      answer: (_, streams) => complaintAfterCommand(streams, input.complaintId),
      context,
      commandId,
    });
  }
}
