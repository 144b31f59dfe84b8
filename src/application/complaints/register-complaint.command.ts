import { Command } from '@nestjs/cqrs';
import type { RegisteringBody } from '../../domain/complaint/commands';
import type { Instant } from '../../domain/shared/instant';
import type { CommandContext } from '../command-context';
import type { CommandOutcome } from '../command-outcome';
import type { ComplaintView } from './complaint-view';

/** SPEC R20: the complaint is registered at another body; the quality authority's registration starts its 15 working days. */
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
