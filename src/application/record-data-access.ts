import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '../domain/shared/domain-event';
import type { Instant } from '../domain/shared/instant';
import { type CommandContext, toNewEvents } from './command-context';
import type { EventStreams } from './ports/event-store';

/**
 * Law "On Personal Data" Art. 8 and SPEC §5: a read of someone's personal data by an auditor or a
 * reviewer is itself a fact — who read whose data, when, and by which query.
 */
export type PersonalDataRead = DomainEvent<
  'PersonalDataRead',
  {
    readonly readBy: string;
    readonly role: string;
    /** The query as a route template with its filters, e.g. `GET /v1/audit/events`. */
    readonly query: string;
    readonly filters: Readonly<Record<string, string>>;
    readonly iin?: string;
    readonly phone?: string;
    readonly complaintId?: string;
    readonly at: Instant;
  }
>;

export const DATA_ACCESS_EVENT_SCHEMA_VERSIONS = { PersonalDataRead: 1 } as const;

/** Records the read in a stream per reader (`data-access-<principal>`), before the answer is sent. */
export async function recordDataAccess(
  streams: EventStreams,
  context: CommandContext,
  at: Instant,
  read: Omit<PersonalDataRead['data'], 'readBy' | 'role' | 'at'>,
): Promise<void> {
  const event: PersonalDataRead = {
    type: 'PersonalDataRead',
    data: { readBy: context.actor.principal, role: context.actor.role, ...read, at },
  };
  const streamId = `data-access-${context.actor.principal}`;
  await streams.append(streamId, toNewEvents([event], context, at, `${randomUUID()}:${streamId}`), 'any');
}
