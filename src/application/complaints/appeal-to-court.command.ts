import { Command } from '@nestjs/cqrs';

import type { Instant } from '../../domain/shared/instant';
import type { CommandContext } from '../command-context';
import type { CommandOutcome } from '../command-outcome';
import type { ComplaintView } from './complaint-view';

/** Rules §10: an appeal to the court, allowed once the pre-trial appeal has a decision. */
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
