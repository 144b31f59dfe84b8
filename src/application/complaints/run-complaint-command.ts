import type { WorkingCalendar } from '../../domain/calendar/working-calendar';
import type { ComplaintCommand } from '../../domain/complaint/commands';
import { complaintStreamId } from '../../domain/complaint/decider';
import type { ComplaintState } from '../../domain/complaint/state';
import type { Instant } from '../../domain/shared/instant';
import type { CommandContext } from '../command-context';
import { succeeded, type CommandOutcome } from '../command-outcome';
import { decideAndAppend } from '../decider';
import type { EventStore } from '../ports/event-store';
import { complaintDecider } from '../../domain/complaint/decider';
import { toComplaintView, type ComplaintView } from './complaint-view';
import { loadComplaintRecord } from './find-complaint';

/**
 * Decides a complaint command on its stream and answers the complaint as it stands after it. The
 * answer is read back from the stream, not from the projection, so it always shows the new state.
 * A due date beyond the calendar's years throws `CalendarNotCoveredError` (a configuration fault).
 */
export async function runComplaintCommand(options: {
  readonly store: EventStore;
  readonly calendar: WorkingCalendar;
  readonly complaintId: string;
  readonly command: (state: ComplaintState) => ComplaintCommand | Promise<ComplaintCommand>;
  readonly context: CommandContext;
  readonly at: Instant;
  readonly commandId: string;
}): Promise<CommandOutcome<ComplaintView>> {
  const { store, calendar, complaintId } = options;
  const { decision } = await decideAndAppend({
    store,
    streamId: complaintStreamId(complaintId),
    decider: complaintDecider(calendar),
    command: options.command,
    context: options.context,
    at: options.at,
    commandId: options.commandId,
  });
  if (!decision.ok) return { ok: false, refusal: decision.refusal };
  const record = await loadComplaintRecord(store, complaintId);
  if (!record) throw new Error(`complaint ${complaintId} is not in its stream after an accepted command`);
  return succeeded(toComplaintView(record));
}
