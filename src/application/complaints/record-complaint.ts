import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type {
  CitedRequest,
  ComplaintCommand,
  ComplaintRecorder,
  FilingBody,
} from '../../domain/complaint/commands';
import { complaintDecider, complaintStreamId } from '../../domain/complaint/decider';
import { numberRequestDecider, numberRequestStreamId } from '../../domain/number-request/decider';
import type { Actor } from '../../domain/shared/domain-event';
import type { Iin } from '../../domain/shared/iin';
import type { Instant } from '../../domain/shared/instant';
import type { CommandContext } from '../command-context';
import type { CommandOutcome } from '../command-outcome';
import { loadStream } from '../decider';
import { DeciderCommandRunner } from '../decider-command';
import { EventStreams } from '../ports/event-store';
import { ComplaintCalendar } from './complaint-calendar';
import type { ComplaintView } from './complaint-view';
import { complaintAfterCommand } from './find-complaint';

/** SPEC R18: a complaint about the service, with its date of receipt (D0) and the body it was filed with. */
export class RecordComplaintCommand extends Command<CommandOutcome<ComplaintView>> {
  constructor(
    readonly input: {
      readonly complaintId: string;
      readonly iin: Iin;
      readonly filedWith: FilingBody;
      /** Absent: now (SPEC §4). */
      readonly registeredAt?: Instant;
      readonly requestId?: string;
      readonly subject: string;
      readonly text: string;
    },
    readonly context: CommandContext,
    readonly commandId: string,
  ) {
    super();
  }
}

/**
 * Records a complaint and the deadlines its filing sets (Rules §10, SPEC R18-R22). The decider judges
 * the citation and the receipt date; this prepares the facts it needs.
 */
@CommandHandler(RecordComplaintCommand)
export class RecordComplaintHandler implements ICommandHandler<
  RecordComplaintCommand,
  CommandOutcome<ComplaintView>
> {
  constructor(
    private readonly decisions: DeciderCommandRunner,
    private readonly calendar: ComplaintCalendar,
    private readonly streams: EventStreams,
  ) {}

  execute({ input, context, commandId }: RecordComplaintCommand): Promise<CommandOutcome<ComplaintView>> {
    return this.decisions.run({
      name: 'RecordComplaint',
      attributes: { 'numlink.complaint.filed_with': input.filedWith },
      streamId: complaintStreamId(input.complaintId),
      decider: complaintDecider(this.calendar),
      command: async (at): Promise<ComplaintCommand> => {
        const citedRequest =
          input.requestId === undefined ? undefined : await findCitedRequest(this.streams, input.requestId);
        return {
          type: 'RecordComplaint',
          ...input,
          recordedBy: recorderOf(context.actor),
          ...(citedRequest === undefined ? {} : { citedRequest }),
          at,
        };
      },
      answer: (_, streams) => complaintAfterCommand(streams, input.complaintId),
      context,
      commandId,
    });
  }
}

/** Reviewers record complaints from any source; every other principal files as a channel. */
const recorderOf = (actor: Actor): ComplaintRecorder => ({
  role: actor.role === 'reviewer' ? 'reviewer' : 'channel',
  principal: actor.principal,
});

/** The facts of the request a complaint cites, from the request's own stream; undefined when none. */
async function findCitedRequest(streams: EventStreams, requestId: string): Promise<CitedRequest | undefined> {
  const { state } = await loadStream(streams, numberRequestStreamId(requestId), numberRequestDecider);
  if (state.status === 'none') return undefined;
  return { requestId, iin: state.iin, principal: state.principal };
}
