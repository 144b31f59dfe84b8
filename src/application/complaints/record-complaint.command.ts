import { Command } from '@nestjs/cqrs';
import type { FilingBody } from '../../domain/complaint/commands';
import type { Iin } from '../../domain/shared/iin';
import type { Instant } from '../../domain/shared/instant';
import type { CommandContext } from '../command-context';
import type { CommandOutcome } from '../command-outcome';
import type { ComplaintView } from './complaint-view';

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
