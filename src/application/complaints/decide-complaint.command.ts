import { Command } from '@nestjs/cqrs';
import type { ComplaintBody, ComplaintOutcome } from '../../domain/complaint/commands';
import type { Instant } from '../../domain/shared/instant';
import type { CommandContext } from '../command-context';
import type { CommandOutcome } from '../command-outcome';
import type { ComplaintView } from './complaint-view';

/** A body's decision on a complaint that has reached it (SPEC §4: it meets the deadlines it answers). */
export class DecideComplaintCommand extends Command<CommandOutcome<ComplaintView>> {
  constructor(
    readonly input: {
      readonly complaintId: string;
      readonly by: ComplaintBody;
      readonly outcome: ComplaintOutcome;
      readonly decidedAt?: Instant;
      readonly reason: string;
    },
    readonly context: CommandContext,
    readonly commandId: string,
  ) {
    super();
  }
}
