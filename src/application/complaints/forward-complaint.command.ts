import { Command } from '@nestjs/cqrs';
import type { ComplaintBody } from '../../domain/complaint/commands';
import type { Instant } from '../../domain/shared/instant';
import type { CommandContext } from '../command-context';
import type { CommandOutcome } from '../command-outcome';
import type { ComplaintView } from './complaint-view';

/** Rules §10: the service provider sends the complaint and the administrative case to the body considering it. */
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
