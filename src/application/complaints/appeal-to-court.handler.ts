import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { ComplaintCommand } from '../../domain/complaint/commands';
import type { Instant } from '../../domain/shared/instant';
import type { CommandOutcome } from '../command-outcome';
import { ComplaintCommandHandler } from './complaint-command-handler';
import type { ComplaintView } from './complaint-view';
import { AppealToCourtCommand } from './appeal-to-court.command';

/** Rules §10: an appeal to the court, allowed once the pre-trial appeal has a decision. The instant defaults to now. */
@CommandHandler(AppealToCourtCommand)
export class AppealToCourtHandler
  extends ComplaintCommandHandler<AppealToCourtCommand['input']>
  implements ICommandHandler<AppealToCourtCommand, CommandOutcome<ComplaintView>>
{
  protected readonly name = 'AppealToCourt';

  protected toCommand(input: AppealToCourtCommand['input'], at: Instant): ComplaintCommand {
    return { type: 'AppealToCourt', ...input, appealedAt: input.appealedAt ?? at, at };
  }
}
