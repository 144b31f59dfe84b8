import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Attributes } from '@opentelemetry/api';
import type { ComplaintCommand, ComplaintRecorder } from '../../domain/complaint/commands';
import type { Actor } from '../../domain/shared/domain-event';
import type { Instant } from '../../domain/shared/instant';
import type { CommandContext } from '../command-context';
import type { CommandOutcome } from '../command-outcome';
import { findCitedRequest } from './cited-request';
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

  /** The decider judges the citation and the receipt date; this prepares the facts it needs. */
  protected async toCommand(
    input: RecordComplaintCommand['input'],
    at: Instant,
    context: CommandContext,
  ): Promise<ComplaintCommand> {
    const citedRequest =
      input.requestId === undefined ? undefined : await findCitedRequest(this.store, input.requestId);
    return {
      type: 'RecordComplaint',
      ...input,
      recordedBy: recorderOf(context.actor),
      ...(citedRequest === undefined ? {} : { citedRequest }),
      at,
    };
  }

  protected override traceAttributes(input: RecordComplaintCommand['input']): Attributes {
    return { 'numlink.complaint.filed_with': input.filedWith };
  }
}

/** Reviewers record complaints from any source; every other principal files as a channel. */
const recorderOf = (actor: Actor): ComplaintRecorder => ({
  role: actor.role === 'reviewer' ? 'reviewer' : 'channel',
  principal: actor.principal,
});
