import { complaintStreamId } from '../../domain/complaint/decider';
import type { ComplaintEvent } from '../../domain/complaint/events';
import { readStream } from '../decider';
import type { EventStreams } from '../ports/event-store';
import { complaintRecordOf, type ComplaintRecord } from './complaint-record';
import { toComplaintView, type ComplaintView } from './complaint-view';

/** Who reads: reviewers read every complaint, a channel only those it filed (SPEC §4). */
export interface ComplaintReader {
  readonly principal: string;
  readonly readsAll: boolean;
}

/** The complaint from its own stream: what was just written is always there. */
export async function loadComplaintRecord(
  streams: EventStreams,
  complaintId: string,
): Promise<ComplaintRecord | undefined> {
  return complaintRecordOf(await readStream<ComplaintEvent>(streams, complaintStreamId(complaintId)));
}

/** SPEC §4 `GET /v1/complaints/{id}`; `undefined` when there is none, or the reader may not see it. */
export async function findComplaint(
  streams: EventStreams,
  complaintId: string,
  reader: ComplaintReader,
): Promise<ComplaintView | undefined> {
  const record = await loadComplaintRecord(streams, complaintId);
  if (!record || !(reader.readsAll || record.owner === reader.principal)) return undefined;
  return toComplaintView(record);
}

/**
 * The answer of an accepted complaint command: the complaint as it stands after it, read back from its
 * stream (not from the projection), so it always shows the new state.
 */
export async function complaintAfterCommand(
  streams: EventStreams,
  complaintId: string,
): Promise<ComplaintView> {
  const record = await loadComplaintRecord(streams, complaintId);
  if (!record) throw new Error(`complaint ${complaintId} is not in its stream after an accepted command`);
  return toComplaintView(record);
}
