import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Attributes } from '@opentelemetry/api';
import type { ComplaintCommand } from '../../domain/complaint/commands';
import type { Instant } from '../../domain/shared/instant';
import type { CommandOutcome } from '../command-outcome';
import { ComplaintCommandHandler } from './complaint-command-handler';
import type { ComplaintView } from './complaint-view';
import { RecordComplaintCommand } from './record-complaint.command';

/** Records a complaint and the deadlines its filing sets (Rules §10, SPEC R18-R22). */
@CommandHandler(RecordComplaintCommand)
export class RecordComplaintHandler
  extends ComplaintCommandHandler<RecordComplaintCommand['input']>
  implements ICommandHandler<RecordComplaintCommand, CommandOutcome<ComplaintView>>
{
  protected readonly name = 'RecordComplaint';

  protected toCommand(input: RecordComplaintCommand['input'], at: Instant): ComplaintCommand {
    return { type: 'RecordComplaint', ...input, registeredAt: input.registeredAt ?? at, at };
  }

  protected override traceAttributes(input: RecordComplaintCommand['input']): Attributes {
    return { 'numlink.complaint.filed_with': input.filedWith };
  }
}
