import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { ComplaintCommand } from '../../domain/complaint/commands';
import type { Instant } from '../../domain/shared/instant';
import type { CommandOutcome } from '../command-outcome';
import { ComplaintCommandHandler } from './complaint-command-handler';
import type { ComplaintView } from './complaint-view';
import { ForwardComplaintCommand } from './forward-complaint.command';

/** Rules §10: the service provider sends the complaint and the administrative case to the body considering it. The instant defaults to now. */
@CommandHandler(ForwardComplaintCommand)
export class ForwardComplaintHandler
  extends ComplaintCommandHandler<ForwardComplaintCommand['input']>
  implements ICommandHandler<ForwardComplaintCommand, CommandOutcome<ComplaintView>>
{
  protected readonly name = 'ForwardComplaint';

  protected toCommand(input: ForwardComplaintCommand['input'], at: Instant): ComplaintCommand {
    return { type: 'ForwardComplaint', ...input, forwardedAt: input.forwardedAt ?? at, at };
  }
}
