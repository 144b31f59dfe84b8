import { newCommandContext } from '../../application/command-context';
import { recordDataAccess, type PersonalDataRead } from '../../application/record-data-access';
import type { CliContext } from './cli-context';

/** Law "On Personal Data" Art. 8: the CLI's reads of personal data are recorded as the API's are. */
export async function recordCliRead(
  context: CliContext,
  read: Omit<PersonalDataRead['data'], 'readBy' | 'role' | 'at'>,
): Promise<void> {
  await recordDataAccess(
    context.store,
    newCommandContext({ principal: context.principal, role: 'auditor' }),
    context.clock.now(),
    read,
  );
}
