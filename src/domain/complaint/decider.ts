import type { WorkingCalendar } from '../calendar/working-calendar';
import type { Decider } from '../shared/decider';
import type { ComplaintCommand } from './commands';
import { decide } from './decide';
import type { ComplaintEvent } from './events';
import { evolve, initialComplaintState, type ComplaintState } from './state';

export type ComplaintDecider = Decider<ComplaintCommand, ComplaintState, ComplaintEvent>;

/** The complaint decider with its calendar bound (Rules §10 counts working days), as one `Decider`. */
export function complaintDecider(calendar: WorkingCalendar): ComplaintDecider {
  return {
    initialState: initialComplaintState,
    decide: (command, state) => decide(command, state, calendar),
    evolve,
  };
}

/** Each complaint is one event stream. */
export const complaintStreamId = (complaintId: string): string => `complaint-${complaintId}`;
