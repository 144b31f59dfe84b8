import { Command } from '@nestjs/cqrs';
import type { CommandOutcome } from '../command-outcome';
import type { Channel } from '../../domain/shared/channel';
import type { Iin } from '../../domain/shared/iin';
import type { Instant } from '../../domain/shared/instant';
import type { Msisdn } from '../../domain/shared/msisdn';
import type { CommandContext } from '../command-context';

/** Rules §5-9: the citizen proves possession with the code and the second factor. */
export class ConfirmNumberCommand extends Command<CommandOutcome<ConnectedNumber>> {
  constructor(
    readonly input: {
      readonly requestId: string;
      readonly principal: string;
      readonly otp: string;
      readonly signature?: string;
      readonly biometricToken?: string;
    },
    readonly context: CommandContext,
    readonly commandId: string,
  ) {
    super();
  }
}

export interface ConnectedNumber {
  readonly status: 'connected';
  readonly iin: Iin;
  readonly phone: Msisdn;
  readonly channel: Channel;
  readonly connectedAt: Instant;
}
