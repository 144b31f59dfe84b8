import { complaintStreamId } from '../../domain/complaint/decider';
import type { EventStore } from '../ports/event-store';
import { complaintRecordOf, type ComplaintRecord } from './complaint-record';
import { toComplaintView, type ComplaintView } from './complaint-view';

/** Who reads: reviewers read every complaint, a channel only those it filed (SPEC §4). */
export interface ComplaintReader {
  readonly principal: string;
  readonly readsAll: boolean;
}

/** The complaint from its own stream: what was just written is always there. */
export async function loadComplaintRecord(
  store: EventStore,
  complaintId: string,
): Promise<ComplaintRecord | undefined> {
  return complaintRecordOf(await store.readStream(complaintStreamId(complaintId)));
}

/** SPEC §4 `GET /v1/complaints/{id}`; `undefined` when there is none, or the reader may not see it. */
export async function findComplaint(
  store: EventStore,
  complaintId: string,
  reader: ComplaintReader,
): Promise<ComplaintView | undefined> {
  const record = await loadComplaintRecord(store, complaintId);
  if (!record || !(reader.readsAll || record.owner === reader.principal)) return undefined;
  return toComplaintView(record);
}
