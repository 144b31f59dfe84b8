import { given } from '../../support/given-when-then';
import { numberRequestDecider } from '../../../src/domain/number-request/decider';
import type { OtpIssued } from '../../../src/domain/number-request/events';
import { consentRecorded, otpIssued, portalConnect, requestOtp, resend } from './number-request-fixtures';

const issuedIn = (decision: { events: readonly { type: string }[] }) =>
  decision.events.filter((event): event is OtpIssued => event.type === 'OtpIssued');

describe("the citizen's language travels with the request (SPEC §9)", () => {
  it('records the language of a new request in its first OtpIssued', () => {
    const { decision } = given(numberRequestDecider, []).when(requestOtp(portalConnect, { language: 'kk' }));
    expect(issuedIn(decision).map((event) => event.data.language)).toEqual(['kk']);
  });

  it('sends a resend in the language the request was opened in', () => {
    const openedInKazakh = {
      ...otpIssued(portalConnect),
      data: { ...otpIssued(portalConnect).data, language: 'kk' as const },
    };
    const { decision } = given(numberRequestDecider, [consentRecorded(portalConnect), openedInKazakh]).when(
      resend(60),
    );
    expect(issuedIn(decision).map((event) => event.data.language)).toEqual(['kk']);
  });

  it('leaves the language out of a resend of a request opened before languages existed (the default applies)', () => {
    const { language: _language, ...before } = otpIssued(portalConnect).data;
    const { decision } = given(numberRequestDecider, [
      consentRecorded(portalConnect),
      { type: 'OtpIssued', data: before },
    ]).when(resend(60));
    const [issued] = issuedIn(decision);
    expect(issued).toBeDefined();
    expect(issued!.data).not.toHaveProperty('language');
  });
});
