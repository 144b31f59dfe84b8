/**
 * SQL pieces of the benches' bulk loads: the `data` of the request and link events and the envelope
 * metadata, as the domain writes them, built from the columns `request_id`, `iin`, `phone`, `purpose`
 * and `at` of the generating query. One shape for every bench that stores synthetic events.
 */

/** `WHEN` branches of a `CASE type`: ConsentRecorded and OtpIssued. */
export const OPENING_REQUEST_EVENT_DATA = `
         WHEN 'ConsentRecorded' THEN jsonb_build_object('requestId', request_id, 'iin', iin,
           'textVersion', '2026-01', 'channel', 'portal', 'principal', 'portal', 'at', at)
         WHEN 'OtpIssued' THEN jsonb_build_object('requestId', request_id, 'iin', iin, 'phone', phone,
           'purpose', purpose, 'channel', 'portal', 'principal', 'portal',
           'otpHash', encode(sha256(request_id::bytea), 'base64'),
           'otpSealed', 'v1.' || md5(request_id || 'iv') || '.' || md5(request_id || 'ct') || '.' || md5(request_id || 'tag'),
           'otpExpiresAt', at, 'expiresAt', at, 'sendNumber', 1, 'issuedAt', at,
           'limits', jsonb_build_object('otpTtlSeconds', 300, 'serviceTermSeconds', 600, 'maxAttempts', 5,
             'resendCooldownSeconds', 60, 'maxSendsPerRequest', 3),
           'dataToSign', encode(sha256((request_id || 'sign')::bytea), 'base64'))`;

/** `WHEN` branches of a `CASE type`: NumberConfirmed and NumberConnected. */
export const CONNECTING_EVENT_DATA = `
         WHEN 'NumberConfirmed' THEN jsonb_build_object('requestId', request_id, 'iin', iin, 'phone', phone,
           'purpose', purpose, 'channel', 'portal', 'principal', 'portal', 'secondFactor', 'signature',
           'confirmedAt', at)
         WHEN 'NumberConnected' THEN jsonb_build_object('iin', iin, 'phone', phone, 'requestId', request_id,
           'channel', 'portal', 'at', at)`;

/** The envelope metadata of a portal command. */
export const PORTAL_EVENT_METADATA = `jsonb_build_object('occurredAt', at,
         'actor', jsonb_build_object('principal', 'portal', 'role', 'channel:portal', 'channel', 'portal'),
         'correlationId', request_id, 'causationId', request_id)`;
