import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { ComplaintCommand } from '../../domain/complaint/commands';
import type { Instant } from '../../domain/shared/instant';
import type { CommandOutcome } from '../command-outcome';
import { ComplaintCommandHandler } from './complaint-command-handler';
import type { ComplaintView } from './complaint-view';
import { RegisterComplaintCommand } from './register-complaint.command';

/** SPEC R20: the complaint is registered at another body; the quality authority's registration starts its 15 working days. The instant defaults to now. */
@CommandHandler(RegisterComplaintCommand)
export class RegisterComplaintHandler
  extends ComplaintCommandHandler<RegisterComplaintCommand['input']>
  implements ICommandHandler<RegisterComplaintCommand, CommandOutcome<ComplaintView>>
{
  protected readonly name = 'RegisterComplaint';

  protected toCommand(input: RegisterComplaintCommand['input'], at: Instant): ComplaintCommand {
    return { type: 'RegisterComplaint', ...input, registeredAt: input.registeredAt ?? at, at };
  }
}
