import type { WorkingCalendar } from '../../domain/calendar/working-calendar';
import type { ComplaintCommand } from '../../domain/complaint/commands';
import { decide } from '../../domain/complaint/decide';
import type { ComplaintEvent } from '../../domain/complaint/events';
import { evolve, initialComplaintState, type ComplaintState } from '../../domain/complaint/state';
import type { Decider } from '../decider';

export type ComplaintDecider = Decider<ComplaintCommand, ComplaintState, ComplaintEvent>;

/** The complaint decider with its calendar bound, as the one `Decider` shape `decideAndAppend` runs. */
export function complaintDecider(calendar: WorkingCalendar): ComplaintDecider {
  return {
    initialState: initialComplaintState,
    decide: (command, state) => decide(command, state, calendar),
    evolve,
  };
}
