import { newCommandContext } from '../../../src/application/command-context';
import { runComplaintCommand } from '../../../src/application/complaints/run-complaint-command';
import type { EventStore } from '../../../src/application/ports/event-store';
import type { WorkingCalendar } from '../../../src/domain/calendar/working-calendar';
import type { ComplaintCommand } from '../../../src/domain/complaint/commands';
import type { ComplaintBody, ComplaintOutcome } from '../../../src/domain/complaint/commands';
import type { Iin } from '../../../src/domain/shared/iin';
import { instantFromMillis, toMillis, type Instant } from '../../../src/domain/shared/instant';

const DAY = 86_400_000;
const START = toMillis('2026-03-02T05:00:00.000Z' as Instant);
const OWNERS = ['reviewer', 'portal', 'egov-mobile'] as const;
const BODIES: readonly ComplaintBody[] = ['higher_body', 'quality_authority'];
const OUTCOMES: readonly ComplaintOutcome[] = ['satisfied', 'partially_satisfied', 'rejected'];

/** One complaint's walk through its stages, chosen from its number so every run is the same. */
export interface ComplaintFlow {
  readonly complaintId: string;
  readonly owner: string;
  readonly commands: readonly ComplaintCommand[];
}

export const complaintId = (i: number): string => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

/**
 * `count` complaints filed over March-April 2026 (across Nauryz), some forwarded, decided, registered
 * at the quality authority, appealed, late or in time. Refused commands are part of it: they write nothing.
 */
/** A citation of a request of the same citizen, as the application would find it. */
const cites = (requestId: string) => ({
  requestId,
  citedRequest: { requestId, iin: '900101300017' as Iin, principal: 'portal' },
});

export function complaintFlows(count: number): ComplaintFlow[] {
  return Array.from({ length: count }, (_, i) => {
    const id = complaintId(i);
    const d0 = START + ((i * 13) % 40) * DAY + (i % 7) * 3_600_000;
    const at = (days: number) => instantFromMillis(d0 + days * DAY) as Instant;
    const filedWith = i % 4 === 3 ? 'quality_authority' : 'service_provider';
    const commands: ComplaintCommand[] = [
      {
        type: 'RecordComplaint',
        complaintId: id,
        iin: '900101300017' as Iin,
        filedWith,
        recordedBy: { role: 'reviewer', principal: 'reviewer' },
        registeredAt: at(0),
        ...(i % 2 === 0 ? cites(`10000000-0000-4000-8000-${String(i).padStart(12, '0')}`) : {}),
        subject: `complaint ${i}`,
        text: `text of complaint ${i}`,
        at: at(0),
      },
    ];
    const step = (i * 7) % 5;
    if (step >= 1) {
      const to = BODIES[i % 2]!;
      commands.push({
        type: 'ForwardComplaint',
        complaintId: id,
        to,
        forwardedAt: at(1 + (i % 5)),
        at: at(6),
      });
    }
    if (step >= 2) {
      commands.push({
        type: 'RegisterComplaint',
        complaintId: id,
        body: 'quality_authority',
        registeredAt: at(7),
        at: at(7),
      });
    }
    if (step >= 3) {
      const by: ComplaintBody = i % 3 === 0 ? 'service_provider' : 'quality_authority';
      commands.push({
        type: 'DecideComplaint',
        complaintId: id,
        by,
        outcome: OUTCOMES[i % 3]!,
        decidedAt: at(2 + (i % 9)),
        reason: `reason ${i}`,
        at: at(12),
      });
    }
    if (step >= 4) commands.push({ type: 'AppealToCourt', complaintId: id, appealedAt: at(14), at: at(14) });
    if (i % 3 !== 1) commands.push({ type: 'MarkMissedDeadlines', complaintId: id, at: at(10 + (i % 20)) });
    return { complaintId: id, owner: OWNERS[i % OWNERS.length]!, commands };
  });
}

/** Plays the flows through the application, as the command handlers do; answers how many events were written. */
export async function playFlows(
  store: EventStore,
  calendar: WorkingCalendar,
  flows: readonly ComplaintFlow[],
): Promise<void> {
  for (const flow of flows) {
    for (const [n, command] of flow.commands.entries()) {
      await runComplaintCommand({
        store,
        calendar,
        complaintId: flow.complaintId,
        command: () => command,
        context: newCommandContext({ principal: flow.owner, role: 'reviewer' }),
        at: command.at,
        commandId: `${flow.complaintId}:${n}`,
      });
    }
  }
}
