import type { ComplaintBody, ComplaintOutcome } from '../../domain/complaint/commands';
import type { ComplaintEvent } from '../../domain/complaint/events';
import {
  evolve,
  initialComplaintState,
  type ComplaintState,
  type RecordedComplaint,
} from '../../domain/complaint/state';
import type { Instant } from '../../domain/shared/instant';
import type { RecordedEvent } from '../ports/event-store';

export interface DecisionRecord {
  readonly by: ComplaintBody;
  readonly outcome: ComplaintOutcome;
  readonly decidedAt: Instant;
  readonly reason: string;
}

/**
 * A complaint as reviewers read it: the decider's own state (so deadlines are met and missed exactly
 * as the decider sees them), with what the state leaves out — the subject and text, the reasons of the
 * decisions, the body it is with now, and the principal that filed it (SPEC §4: channels read theirs).
 */
export interface ComplaintRecord {
  readonly complaint: RecordedComplaint;
  readonly subject: string;
  readonly text: string;
  /** Where the complaint is now: the body it was filed with, forwarded to, or last registered at. */
  readonly body: ComplaintBody;
  readonly owner: string;
  readonly decisions: readonly DecisionRecord[];
}

/** A stored complaint event: the domain event with the envelope's actor. */
export type ComplaintEventRecord = Pick<RecordedEvent, 'type' | 'data' | 'metadata'>;

/** Folds one stored event into the record; `undefined` until the complaint is recorded. */
export function foldComplaintRecord(
  record: ComplaintRecord | undefined,
  stored: ComplaintEventRecord,
): ComplaintRecord | undefined {
  const event = { type: stored.type, data: stored.data } as ComplaintEvent;
  const before: ComplaintState = record?.complaint ?? initialComplaintState;
  const complaint = evolve(before, event);
  if (!complaint.recorded) return undefined;
  if (!record) {
    if (event.type !== 'ComplaintRecorded') return undefined;
    return {
      complaint,
      subject: event.data.subject,
      text: event.data.text,
      body: event.data.filedWith,
      owner: stored.metadata.actor.principal,
      decisions: [],
    };
  }
  switch (event.type) {
    case 'ComplaintForwarded':
      return { ...record, complaint, body: event.data.to };
    case 'ComplaintRegistered':
      return { ...record, complaint, body: event.data.body };
    case 'ComplaintDecided': {
      const { by, outcome, decidedAt, reason } = event.data;
      return { ...record, complaint, decisions: [...record.decisions, { by, outcome, decidedAt, reason }] };
    }
    default:
      return { ...record, complaint };
  }
}

/** The record of a complaint's whole stream, in order. */
export const complaintRecordOf = (events: readonly ComplaintEventRecord[]): ComplaintRecord | undefined =>
  events.reduce<ComplaintRecord | undefined>(foldComplaintRecord, undefined);
