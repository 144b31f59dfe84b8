import type { Decision } from '../shared/refusal';
import { confirmNumber } from './confirm-number';
import { expireRequest } from './expire-request';
import type { NumberRequestCommand } from './number-request-commands';
import type { NumberRequestEvent } from './number-request-events';
import type { NumberRequestState } from './number-request-state';
import { requestOtp } from './request-otp';
import { resendOtp } from './resend-otp';

export function decideNumberRequest(
  command: NumberRequestCommand,
  state: NumberRequestState,
): Decision<NumberRequestEvent> {
  switch (command.type) {
    case 'RequestOtp':
      return requestOtp(command, state);
    case 'ResendOtp':
      return resendOtp(command, state);
    case 'ConfirmNumber':
      return confirmNumber(command, state);
    case 'ExpireRequest':
      return expireRequest(command, state);
  }
}
