import { Command } from '@nestjs/cqrs';
import type { CommandOutcome } from '../command-outcome';
import type { CheckBankNumber } from '../../domain/number-request/commands';
import type { Language } from '../../domain/shared/language';
import type { CommandContext } from '../command-context';
import type { OpenedRequest } from '../request-otp';

/** Rules §7: a bank checks the number it holds for the citizen against the account's. */
export class CheckBankNumberCommand extends Command<CommandOutcome<BankCheckAnswer>> {
  constructor(
    /** What the bank sent; the handler adds the account's number. */
    readonly input: Pick<
      CheckBankNumber,
      'checkId' | 'iin' | 'phone' | 'bankId' | 'principal' | 'consent'
    > & {
      /** SPEC §9: the SMS language when a code must be sent; absent: the configured default. */
      readonly language?: Language;
    },
    readonly context: CommandContext,
    readonly commandId: string,
  ) {
    super();
  }
}

export type BankCheckAnswer =
  { readonly result: 'match' } | ({ readonly result: 'verification_required' } & OpenedRequest);
