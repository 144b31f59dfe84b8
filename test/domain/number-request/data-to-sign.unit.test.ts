import { dataToSign, SIGNED_SERVICE_NAME } from '../../../src/domain/number-request/decide';
import { citizen, openedAt, phone, requestId } from './number-request-fixtures';

describe('the data the citizen signs (SPEC R16)', () => {
  const signed = { requestId, iin: citizen, phone, purpose: 'connect' as const, issuedAt: openedAt };

  it('is base64 of a canonical JSON naming the service, request, IIN, number and issue time', () => {
    const json = Buffer.from(dataToSign(signed), 'base64').toString('utf8');
    expect(json).toBe(
      `{"iin":"${citizen}","issuedAt":"${openedAt}","phone":"${phone}","purpose":"connect",` +
        `"requestId":"${requestId}","service":"${SIGNED_SERVICE_NAME}"}`,
    );
  });

  it('differs for a change, so a connect signature cannot confirm a change', () =>
    expect(dataToSign({ ...signed, purpose: 'change' })).not.toBe(dataToSign(signed)));

  it('encodes any request id as UTF-8', () => {
    const json = Buffer.from(dataToSign({ ...signed, requestId: 'заявка-1' }), 'base64').toString('utf8');
    expect(JSON.parse(json)).toMatchObject({ requestId: 'заявка-1' });
  });
});
