import type { Iin } from '../shared/iin';
import type { Instant } from '../shared/instant';
import type { Msisdn } from '../shared/msisdn';
import type { Purpose } from './purpose';

/** The service named in every `dataToSign`, so a signature made for something else never fits. */
export const SIGNED_SERVICE_NAME = 'numlink:subscriber-number-connection';

export interface SignedRequest {
  readonly requestId: string;
  readonly iin: Iin;
  readonly phone: Msisdn;
  readonly purpose: Purpose;
  readonly issuedAt: Instant;
}

/**
 * SPEC R16: base64 of a canonical JSON (keys in alphabetical order, no whitespace, UTF-8) naming the
 * service, the request, the IIN, the number and the issue time. The citizen signs the decoded bytes.
 */
export function dataToSign(request: SignedRequest): string {
  const canonical = JSON.stringify({
    iin: request.iin,
    issuedAt: request.issuedAt,
    phone: request.phone,
    purpose: request.purpose,
    requestId: request.requestId,
    service: SIGNED_SERVICE_NAME,
  });
  const bytes = new TextEncoder().encode(canonical);
  return btoa(String.fromCharCode(...bytes));
}
