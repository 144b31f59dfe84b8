import { given } from '../../support/given-when-then';
import { numberRequestDecider } from '../../../src/domain/number-request/decider';
import { dataToSign } from '../../../src/domain/number-request/decide';
import type { RequestRefused } from '../../../src/domain/number-request/events';
import type { RequestRefusalCode } from '../../../src/domain/number-request/events';
import { NUMBER_REQUEST_REFUSAL_REASONS } from '../../../src/domain/number-request/decide';
import { plusSeconds } from '../../../src/domain/shared/instant';
import {
  bankConnect,
  consentRecorded,
  factsOf,
  limits,
  mobileConnect,
  newPhone,
  openedAt,
  opened,
  phone,
  portalChange,
  portalConnect,
  requestOtp,
  termEnd,
  type RequestShape,
} from './number-request-fixtures';

const aNewRequest = () => given(numberRequestDecider, []);

const refused = (shape: RequestShape, code: RequestRefusalCode, detail?: string): RequestRefused => ({
  type: 'RequestRefused',
  data: {
    ...factsOf(shape),
    code,
    reason: NUMBER_REQUEST_REFUSAL_REASONS[code] + (detail ? ` (${detail})` : ''),
    at: openedAt,
  },
});

describe('a new request (Rules §5-8, SPEC §4 order of checks)', () => {
  it('records the consent and sends a code that lives five minutes within a ten-minute term (Annex 3, SPEC R14)', () =>
    aNewRequest().when(requestOtp(mobileConnect)).thenEvents(opened(mobileConnect)));

  it('issues the portal request with the dataToSign the citizen signs with an EDS (Rules §5, SPEC R16)', () => {
    const { decision } = aNewRequest().when(requestOtp(portalConnect));
    expect(decision.events).toEqual(opened(portalConnect));
    const issued = decision.events[1];
    expect(issued?.type === 'OtpIssued' && issued.data.dataToSign).toBe(
      dataToSign({ ...factsOf(portalConnect), issuedAt: openedAt }),
    );
  });

  it('sends no dataToSign where the second factor is biometrics (Rules §6, §7)', () => {
    for (const shape of [mobileConnect, bankConnect]) {
      const issued = aNewRequest().when(requestOtp(shape)).decision.events[1];
      expect(issued?.type).toBe('OtpIssued');
      expect(issued && 'dataToSign' in issued.data).toBe(false);
    }
  });

  it('never lets the code outlive the request term, however long its own life (SPEC R14)', () => {
    const longCode = { ...limits, otpTtlSeconds: 3600 };
    const issued = aNewRequest().when(requestOtp(portalConnect, { limits: longCode })).decision.events[1];
    expect(issued?.type === 'OtpIssued' && issued.data.otpExpiresAt).toBe(termEnd);
  });

  it('takes its term from the configured limits', () => {
    const shortTerm = { ...limits, serviceTermSeconds: 120 };
    const issued = aNewRequest().when(requestOtp(portalConnect, { limits: shortTerm })).decision.events[1];
    expect(issued?.type === 'OtpIssued' && issued.data.expiresAt).toBe(plusSeconds(openedAt, 120));
    expect(issued?.type === 'OtpIssued' && issued.data.otpExpiresAt).toBe(plusSeconds(openedAt, 120));
  });

  describe('consent (Annex 9.2, SPEC R4)', () => {
    it('refuses a request without a consent object, recording the refusal and sending nothing', () =>
      aNewRequest()
        .when(requestOtp(portalConnect, { consent: undefined }))
        .thenRecordsAndRefuses([refused(portalConnect, 'consent_missing')], 'consent_missing'));

    it('refuses a consent that is not given', () =>
      aNewRequest()
        .when(requestOtp(portalConnect, { consent: { given: false, textVersion: 'consent-v3' } }))
        .thenRecordsAndRefuses([refused(portalConnect, 'consent_missing')], 'consent_missing'));

    it('checks consent before identity', () =>
      aNewRequest()
        .when(
          requestOtp(portalConnect, {
            consent: undefined,
            identity: { status: 'not_verified', reason: 'x' },
          }),
        )
        .thenRefuses('consent_missing'));
  });

  describe('identity (Annex 9.1, SPEC R3)', () => {
    it('refuses an identity the registry does not verify, having recorded the consent it was asked under', () =>
      aNewRequest()
        .when(
          requestOtp(portalConnect, { identity: { status: 'not_verified', reason: 'documents_invalid' } }),
        )
        .thenRecordsAndRefuses(
          [
            consentRecorded(portalConnect),
            refused(portalConnect, 'identity_not_verified', 'documents_invalid'),
          ],
          'identity_not_verified',
          { reason: 'documents_invalid' },
        ));

    it('checks identity before the account number', () =>
      aNewRequest()
        .when(
          requestOtp(portalConnect, {
            identity: { status: 'not_verified', reason: 'unknown' },
            currentLink: phone,
          }),
        )
        .thenRefuses('identity_not_verified'));
  });

  describe("the account's number", () => {
    it('refuses a portal connect for an account that has a number: use change (SPEC §4)', () =>
      aNewRequest()
        .when(requestOtp(portalConnect, { currentLink: newPhone }))
        .thenRecordsAndRefuses(
          [consentRecorded(portalConnect), refused(portalConnect, 'number_already_connected')],
          'number_already_connected',
        ));

    it('refuses an eGov mobile connect for an account that has a number', () =>
      aNewRequest()
        .when(requestOtp(mobileConnect, { currentLink: phone }))
        .thenRefuses('number_already_connected'));

    it('refuses a change to the number already connected (Rules §8)', () =>
      aNewRequest()
        .when(requestOtp(portalChange, { currentLink: newPhone }))
        .thenRecordsAndRefuses(
          [consentRecorded(portalChange), refused(portalChange, 'same_number')],
          'same_number',
        ));

    it('refuses a change when no number is connected (Rules §8)', () =>
      aNewRequest()
        .when(requestOtp(portalChange, { currentLink: null }))
        .thenRecordsAndRefuses(
          [consentRecorded(portalChange), refused(portalChange, 'no_number_connected')],
          'no_number_connected',
        ));

    it('opens a change to another number with the dataToSign of an EDS (Rules §8)', () =>
      aNewRequest()
        .when(requestOtp(portalChange, { currentLink: phone }))
        .thenEvents(opened(portalChange)));
  });

  describe('a bank check that needs verification (Rules §7)', () => {
    it('opens a request for an account with no number', () =>
      aNewRequest()
        .when(requestOtp(bankConnect, { currentLink: null }))
        .thenEvents(opened(bankConnect)));

    it('opens a request for an account with another number, to replace it', () =>
      aNewRequest()
        .when(requestOtp(bankConnect, { currentLink: newPhone }))
        .thenEvents(opened(bankConnect)));

    it('refuses the number already connected, which is a match answered without a request', () =>
      aNewRequest()
        .when(requestOtp(bankConnect, { currentLink: phone }))
        .thenRefuses('number_already_connected'));
  });

  it('refuses to open a request twice', () =>
    given(numberRequestDecider, opened(portalConnect))
      .when(requestOtp(portalConnect))
      .thenRecordsAndRefuses([], 'request_already_exists'));

  it('shows an opened request waiting for its code, with every attempt left', () => {
    const { stateAfter } = aNewRequest().when(requestOtp(portalConnect));
    expect(stateAfter).toMatchObject({
      status: 'otp_sent',
      attemptsLeft: limits.maxAttempts,
      expiresAt: termEnd,
      otp: { hash: 'hash-1', sendNumber: 1, sentAt: openedAt },
    });
  });

  it('shows a request refused at intake with its motivated refusal (Annex 5)', () => {
    const { stateAfter } = aNewRequest().when(requestOtp(portalConnect, { consent: undefined }));
    expect(stateAfter).toMatchObject({
      status: 'refused',
      refusal: { code: 'consent_missing', reason: NUMBER_REQUEST_REFUSAL_REASONS.consent_missing },
    });
  });
});
