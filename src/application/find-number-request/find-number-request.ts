import { numberRequestDecider } from '../../domain/number-request/decider';
import { numberRequestStreamId } from '../../domain/number-request/decider';
import type { Channel } from '../../domain/shared/channel';
import type { Purpose } from '../../domain/number-request/commands';
import type { Instant } from '../../domain/shared/instant';
import { loadStream } from '../decider';
import type { EventStore } from '../ports/event-store';

export interface NumberRequestView {
  readonly requestId: string;
  readonly status: 'otp_sent' | 'connected' | 'refused' | 'expired';
  readonly purpose: Purpose;
  readonly channel: Channel;
  readonly attemptsLeft: number;
  readonly expiresAt: Instant | null;
  readonly otpExpiresAt: Instant | null;
  readonly refusal?: { readonly code: string; readonly reason: string };
}

/** SPEC §4 `GET /v1/number-requests/{id}`: the request as its owner sees it, from its own stream. */
export async function findNumberRequest(
  store: EventStore,
  requestId: string,
  principal: string,
): Promise<NumberRequestView | undefined> {
  const { state } = await loadStream(store, numberRequestStreamId(requestId), numberRequestDecider);
  if (state.status === 'none' || state.principal !== principal) return undefined;
  const issued = state.otp !== null;
  return {
    requestId,
    status: state.status,
    purpose: state.purpose,
    channel: state.channel,
    attemptsLeft: issued && 'attemptsLeft' in state ? state.attemptsLeft : 0,
    expiresAt: 'expiresAt' in state ? state.expiresAt : null,
    otpExpiresAt: state.otp?.expiresAt ?? null,
    ...('refusal' in state ? { refusal: state.refusal } : {}),
  };
}
