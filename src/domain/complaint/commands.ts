import type { Iin } from '../shared/iin';
import type { Instant } from '../shared/instant';

/**
 * The bodies a complaint can be with (Rules §10): the service provider whose decision, action or
 * inaction is appealed, and the bodies considering the complaint — the higher administrative body
 * and the authorized body for assessment and control over the quality of public services.
 */
export type ComplaintBody = 'service_provider' | 'higher_body' | 'quality_authority';

/** Rules §10: a complaint is filed with the service provider, or with the quality authority directly. */
export type FilingBody = Extract<ComplaintBody, 'service_provider' | 'quality_authority'>;

/** The bodies that register a complaint after it was filed elsewhere (SPEC §4, `registration.body`). */
export type RegisteringBody = Extract<ComplaintBody, 'quality_authority' | 'higher_body'>;

export type ComplaintOutcome = 'satisfied' | 'partially_satisfied' | 'rejected';

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
