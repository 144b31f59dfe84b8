import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { ComplaintCommand } from '../../domain/complaint/commands';
import type { Instant } from '../../domain/shared/instant';
import type { CommandOutcome } from '../command-outcome';
import { ComplaintCommandHandler } from './complaint-command-handler';
import type { ComplaintView } from './complaint-view';
import { DecideComplaintCommand } from './decide-complaint.command';

/** A body's decision on a complaint that has reached it (SPEC §4: it meets the deadlines it answers). The instant defaults to now. */
@CommandHandler(DecideComplaintCommand)
export class DecideComplaintHandler
  extends ComplaintCommandHandler<DecideComplaintCommand['input']>
  implements ICommandHandler<DecideComplaintCommand, CommandOutcome<ComplaintView>>
{
  protected readonly name = 'DecideComplaint';

  protected toCommand(input: DecideComplaintCommand['input'], at: Instant): ComplaintCommand {
    return { type: 'DecideComplaint', ...input, decidedAt: input.decidedAt ?? at, at };
  }
}
