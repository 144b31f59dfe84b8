import { Command } from '@nestjs/cqrs';
import type { CommandOutcome } from '../command-outcome';
import type { Consent } from '../../domain/number-request/number-request-commands';
import type { Iin } from '../../domain/shared/iin';
import type { Msisdn } from '../../domain/shared/msisdn';
import type { CommandContext } from '../command-context';
import type { OpenedRequest } from '../request-otp/request-otp.command';

/** Rules §7: a bank checks the number it holds for the citizen against the account's. */
export class CheckBankNumberCommand extends Command<CommandOutcome<BankCheckAnswer>> {
  constructor(
    readonly input: {
      readonly checkId: string;
      readonly iin: Iin;
      readonly phone: Msisdn;
      readonly bankId: string;
      readonly principal: string;
      readonly consent: Consent | undefined;
    },
    readonly context: CommandContext,
    readonly commandId: string,
  ) {
    super();
  }
}

export type BankCheckAnswer =
  { readonly result: 'match' } | ({ readonly result: 'verification_required' } & OpenedRequest);
