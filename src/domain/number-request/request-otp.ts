import { earliest, plusSeconds } from '../shared/instant';
import { accept, refuse, type Decision } from '../shared/refusal';
import { requiredSecondFactor } from './confirmation-factors';
import { dataToSign } from './data-to-sign';
import type { RequestOtp } from './number-request-commands';
import type { ConsentRecorded, NumberRequestEvent, OtpIssued, RequestRefused } from './number-request-events';
import { requestFactsOf, requestRefused } from './number-request-facts';
import type { IntakeRefusalCode } from './number-request-refusal';
import type { NumberRequestState } from './number-request-state';

/**
 * A new request, checked in the order of SPEC §4: consent, identity, the account's number; then the
 * consent is recorded and a code issued. A refusal is recorded and sends no SMS.
 */
export function requestOtp(command: RequestOtp, state: NumberRequestState): Decision<NumberRequestEvent> {
  if (state.status !== 'none') return refuse('request_already_exists');
  const facts = requestFactsOf(command);

  // Annex 9.2: without consent even the identity registry may not be asked.
  if (!command.consent?.given) return refusedAtIntake(requestRefused(facts, 'consent_missing', command.at));

  const consent: ConsentRecorded = {
    type: 'ConsentRecorded',
    data: {
      requestId: command.requestId,
      iin: command.iin,
      textVersion: command.consent.textVersion,
      channel: command.channel,
      principal: command.principal,
      at: command.at,
    },
  };

  // Annex 9.1.
  if (command.identity.status === 'not_verified') {
    const refused = requestRefused(facts, 'identity_not_verified', command.at, command.identity.reason);
    return refuse<NumberRequestEvent>(
      'identity_not_verified',
      { reason: command.identity.reason },
      consent,
      refused,
    );
  }

  const accountRefusal = accountNumberRefusal(command);
  if (accountRefusal) return refusedAtIntake(requestRefused(facts, accountRefusal, command.at), consent);

  const expiresAt = plusSeconds(command.at, command.limits.serviceTermSeconds);
  const needsSignature = requiredSecondFactor(command.purpose, command.channel) === 'signature';
  const issued: OtpIssued = {
    type: 'OtpIssued',
    data: {
      ...facts,
      otpHash: command.otp.hash,
      otpSealed: command.otp.sealed,
      // SPEC R14: the code never outlives the request's term.
      otpExpiresAt: earliest(plusSeconds(command.at, command.limits.otpTtlSeconds), expiresAt),
      expiresAt,
      sendNumber: 1,
      issuedAt: command.at,
      limits: command.limits,
      ...(needsSignature ? { dataToSign: dataToSign({ ...facts, issuedAt: command.at }) } : {}),
      language: command.language,
    },
  };
  return accept<NumberRequestEvent>(consent, issued);
}

/**
 * Rules §8 and SPEC §4: a connect for an account that has a number must be a change; a change needs a
 * connected number other than the new one. Rules §7: a bank's number connects or replaces whatever the
 * account has, so only an equal number (a match, answered without a request) is refused.
 */
function accountNumberRefusal(command: RequestOtp): IntakeRefusalCode | undefined {
  const { currentLink, phone } = command;
  if (command.purpose === 'change') {
    if (currentLink === null) return 'no_number_connected';
    return currentLink === phone ? 'same_number' : undefined;
  }
  if (command.channel === 'bank') return currentLink === phone ? 'number_already_connected' : undefined;
  return currentLink === null ? undefined : 'number_already_connected';
}

function refusedAtIntake(
  refused: RequestRefused,
  ...before: NumberRequestEvent[]
): Decision<NumberRequestEvent> {
  return refuse(refused.data.code, undefined, ...before, refused);
}
