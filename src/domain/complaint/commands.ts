import type { Iin } from '../shared/iin';
import type { Instant } from '../shared/instant';
import type { ComplaintBody, ComplaintOutcome, FilingBody, RegisteringBody } from './complaint-body';

/**
 * Every complaint command names its complaint and carries `at`, the current instant the application
 * layer read from its clock: the decider never reads a clock.
 */
interface ComplaintCommandBase {
  readonly complaintId: string;
  readonly at: Instant;
}

/** Who records a complaint: a reviewer (who may enter a paper complaint received earlier) or a channel. */
export interface ComplaintRecorder {
  readonly role: 'reviewer' | 'channel';
  readonly principal: string;
}

/** The facts of the number request a complaint cites, as the application layer found them. */
export interface CitedRequest {
  readonly requestId: string;
  readonly iin: Iin;
  /** The principal that made the request (SPEC §4: a request belongs to it). */
  readonly principal: string;
}

/** SPEC R18: a complaint with the date of its receipt/registration (D0) and the body it was filed with. */
export interface RecordComplaint extends ComplaintCommandBase {
  readonly type: 'RecordComplaint';
  readonly iin: Iin;
  readonly filedWith: FilingBody;
  readonly recordedBy: ComplaintRecorder;
  /** The receipt of a paper complaint, as a reviewer records it; absent: received now (`at`). */
  readonly registeredAt?: Instant;
  readonly requestId?: string;
  /** The request `requestId` names; absent when there is no such request. */
  readonly citedRequest?: CitedRequest;
  readonly subject: string;
  readonly text: string;
}

/** Rules §10: the service provider sends the complaint and the administrative case to the considering body. */
export interface ForwardComplaint extends ComplaintCommandBase {
  readonly type: 'ForwardComplaint';
  readonly to: ComplaintBody;
  readonly forwardedAt: Instant;
}

/** A body's decision on the complaint. */
export interface DecideComplaint extends ComplaintCommandBase {
  readonly type: 'DecideComplaint';
  readonly by: ComplaintBody;
  readonly outcome: ComplaintOutcome;
  readonly decidedAt: Instant;
  readonly reason: string;
}

/** The complaint is registered at a body other than the one it was filed with (SPEC R20). */
export interface RegisterComplaint extends ComplaintCommandBase {
  readonly type: 'RegisterComplaint';
  readonly body: RegisteringBody;
  readonly registeredAt: Instant;
}

/** Rules §10: an appeal to the court is allowed after the pre-trial appeal. */
export interface AppealToCourt extends ComplaintCommandBase {
  readonly type: 'AppealToCourt';
  readonly appealedAt: Instant;
}

/** Sent by a scheduler: records every pending deadline whose due date has ended by `at` as missed. */
export interface MarkMissedDeadlines extends ComplaintCommandBase {
  readonly type: 'MarkMissedDeadlines';
}

export type ComplaintCommand =
  | RecordComplaint
  | ForwardComplaint
  | DecideComplaint
  | RegisterComplaint
  | AppealToCourt
  | MarkMissedDeadlines;
