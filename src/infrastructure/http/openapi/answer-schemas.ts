/** A JSON Schema 2020-12 object, as OpenAPI 3.1 takes it. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/**
 * The JSON Schemas (OpenAPI 3.1, JSON Schema 2020-12) of what the API answers, by component name.
 * Each mirrors one view of the application layer; the e2e suites validate every answer they receive
 * against them, so a field added to a view without its schema fails a test.
 */
const instant: JsonSchema = {
  type: 'string',
  format: 'date-time',
  description: 'ISO-8601 instant with offset',
  example: '2026-03-02T10:15:00.000Z',
};
const nullableInstant: JsonSchema = { type: ['string', 'null'], format: 'date-time' };
const iin: JsonSchema = { type: 'string', pattern: '^\\d{12}$', example: '850315401211' };
const phone: JsonSchema = {
  type: 'string',
  pattern: '^\\+77\\d{9}$',
  description: 'E.164 Kazakhstan mobile number',
  example: '+77011234567',
};
const nullable = (schema: JsonSchema): JsonSchema => ({
  ...schema,
  type: [schema.type, 'null'],
  ...(Array.isArray(schema.enum) ? { enum: [...(schema.enum as unknown[]), null] } : {}),
});
const channel: JsonSchema = { type: 'string', enum: ['portal', 'egov-mobile', 'bank'] };
const body: JsonSchema = { type: 'string', enum: ['service_provider', 'higher_body', 'quality_authority'] };
export const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

const object = (
  properties: Record<string, JsonSchema>,
  required: readonly string[],
  extra: JsonSchema = {},
): JsonSchema => ({
  type: 'object',
  additionalProperties: false,
  required: [...required],
  properties,
  ...extra,
});

export const ANSWER_SCHEMAS: Readonly<Record<string, JsonSchema>> = {
  ErrorBody: object(
    {
      error: object(
        {
          code: { type: 'string', description: 'Stable, machine-readable; see each route for its codes' },
          message: { type: 'string', description: 'Human-readable, in the language of Content-Language' },
          details: {
            type: 'object',
            description: 'Language-neutral facts (codes, numbers, instants), e.g. attemptsLeft',
          },
        },
        ['code', 'message'],
      ),
    },
    ['error'],
    { description: 'The one error shape (SPEC §4); Annex 5: a motivated refusal' },
  ),
  NumberRequestOpened: object(
    {
      requestId: { type: 'string', format: 'uuid' },
      status: { type: 'string', enum: ['otp_sent'] },
      otpExpiresAt: instant,
      expiresAt: { ...instant, description: 'The end of the 10-minute service term (Annex 3)' },
      dataToSign: {
        type: 'string',
        contentEncoding: 'base64',
        description: 'For an EDS confirmation: sign the decoded bytes (CMS SignedData)',
      },
    },
    ['requestId', 'status', 'otpExpiresAt', 'expiresAt'],
  ),
  OtpResent: object({ otpExpiresAt: instant }, ['otpExpiresAt']),
  NumberConnected: object(
    {
      status: { type: 'string', enum: ['connected'] },
      iin,
      phone,
      channel,
      connectedAt: instant,
    },
    ['status', 'iin', 'phone', 'connectedAt'],
  ),
  NumberRequestView: object(
    {
      requestId: { type: 'string' },
      status: { type: 'string', enum: ['otp_sent', 'connected', 'refused', 'expired'] },
      purpose: { type: 'string', enum: ['connect', 'change'] },
      channel,
      attemptsLeft: { type: 'integer', minimum: 0 },
      expiresAt: nullableInstant,
      otpExpiresAt: nullableInstant,
      refusal: object(
        {
          code: { type: 'string' },
          reason: { type: 'string', description: 'As recorded (English)' },
          message: { type: 'string', description: 'In the language of Content-Language' },
        },
        ['code', 'reason'],
      ),
    },
    ['requestId', 'status', 'purpose', 'channel', 'attemptsLeft', 'expiresAt', 'otpExpiresAt'],
  ),
  BankNumberMatches: object({ result: { type: 'string', enum: ['match'] } }, ['result']),
  BankNumberVerificationRequired: object(
    {
      result: { type: 'string', enum: ['verification_required'] },
      requestId: { type: 'string', format: 'uuid' },
      status: { type: 'string', enum: ['otp_sent'] },
      otpExpiresAt: instant,
      expiresAt: instant,
      dataToSign: { type: 'string', contentEncoding: 'base64' },
    },
    ['result', 'requestId', 'otpExpiresAt', 'expiresAt'],
  ),
  NumberLinkView: object(
    {
      iin,
      phone: nullable(phone),
      connectedAt: nullableInstant,
      channel: nullable(channel),
      asOf: { ...instant, description: 'Present on an as-of answer (auditors)' },
      history: {
        type: 'array',
        description: 'Every number the account had, newest first',
        items: object(
          {
            phone,
            connectedAt: instant,
            releasedAt: instant,
            reason: { type: 'string', description: 'Why the link ended (e.g. changed, claimed_by_another)' },
          },
          ['phone', 'connectedAt'],
        ),
      },
    },
    ['iin', 'phone', 'connectedAt', 'channel', 'history'],
  ),
  ComplaintDeadline: object(
    {
      kind: {
        type: 'string',
        enum: ['forward_or_satisfy', 'provider_consideration', 'authority_consideration'],
      },
      body,
      dueDate: { type: 'string', format: 'date', description: 'YYYY-MM-DD in Asia/Almaty (SPEC R22)' },
      endsAt: { ...instant, description: '24:00 Asia/Almaty of dueDate' },
      status: { type: 'string', enum: ['pending', 'met', 'missed'] },
      metAt: instant,
      metBy: { type: 'string', enum: ['ComplaintForwarded', 'ComplaintDecided'] },
      missedAt: instant,
    },
    ['kind', 'body', 'dueDate', 'endsAt', 'status'],
  ),
  Complaint: object(
    {
      complaintId: { type: 'string' },
      iin,
      filedWith: { type: 'string', enum: ['service_provider', 'quality_authority'] },
      registeredAt: instant,
      requestId: { type: 'string' },
      subject: { type: 'string' },
      text: { type: 'string' },
      stage: { type: 'string' },
      body,
      forwarding: object({ to: body, forwardedAt: instant }, ['to', 'forwardedAt']),
      registrations: {
        type: 'array',
        items: object({ body, registeredAt: instant }, ['body', 'registeredAt']),
      },
      decisions: {
        type: 'array',
        items: object(
          {
            by: body,
            outcome: { type: 'string', enum: ['satisfied', 'partially_satisfied', 'rejected'] },
            decidedAt: instant,
            reason: { type: 'string' },
          },
          ['by', 'outcome', 'decidedAt', 'reason'],
        ),
      },
      appealedToCourtAt: instant,
      deadlines: { type: 'array', items: ref('ComplaintDeadline') },
    },
    [
      'complaintId',
      'iin',
      'filedWith',
      'registeredAt',
      'subject',
      'text',
      'stage',
      'body',
      'registrations',
      'decisions',
      'deadlines',
    ],
  ),
  ComplaintPage: object(
    {
      complaints: { type: 'array', items: ref('Complaint') },
      nextCursor: { type: ['string', 'null'], description: 'Null on the last page' },
    },
    ['complaints', 'nextCursor'],
  ),
  AuditRecord: object(
    {
      position: { type: 'integer', minimum: 1 },
      eventId: { type: 'string' },
      recordedAt: instant,
      type: { type: 'string', description: 'The event type (OtpIssued, NumberConnected, ...)' },
      streamId: { type: 'string' },
      actor: object(
        {
          principal: { type: 'string' },
          role: { type: 'string' },
          channel: { type: ['string', 'null'] },
        },
        ['principal', 'role', 'channel'],
      ),
      correlationId: { type: 'string' },
      causationId: { type: 'string' },
      data: { description: "The event's data as recorded (no OTP in clear)" },
      prevHash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
      hash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    },
    [
      'position',
      'eventId',
      'recordedAt',
      'type',
      'streamId',
      'actor',
      'correlationId',
      'causationId',
      'data',
      'prevHash',
      'hash',
    ],
  ),
  AuditRecordPage: object(
    {
      records: { type: 'array', items: ref('AuditRecord') },
      nextCursor: { type: ['string', 'null'], description: 'Null on the last page' },
    },
    ['records', 'nextCursor'],
  ),
  AuditVerification: object(
    {
      ok: { type: 'boolean' },
      checked: { type: 'integer', minimum: 0, description: 'Records found intact before the first break' },
      head: {
        oneOf: [
          object({ seq: { type: 'integer' }, hash: { type: 'string' } }, ['seq', 'hash']),
          { type: 'null' },
        ],
      },
      checkpointCopies: {
        description: 'The copy of the checkpoints kept outside the database (NUMLINK_AUDIT_CHECKPOINT_FILE)',
        oneOf: [
          object({ checked: { type: 'integer', minimum: 0 } }, ['checked']),
          object({ error: { type: 'string' } }, ['error']),
        ],
      },
      firstBrokenAt: object(
        {
          seq: { type: 'integer' },
          source: { type: 'string', description: 'external: found by a checkpoint of the copy' },
          reason: {
            type: 'string',
            enum: [
              'hash_mismatch',
              'prev_hash_mismatch',
              'sequence_gap',
              'checkpoint_signature_invalid',
              'checkpoint_mismatch',
              'truncated_after_checkpoint',
            ],
          },
        },
        ['seq', 'reason'],
      ),
    },
    ['ok', 'checked', 'head'],
  ),
  Liveness: object({ status: { type: 'string', enum: ['ok'] } }, ['status']),
  Readiness: object(
    {
      status: { type: 'string', enum: ['ready', 'not_ready'] },
      checks: {
        type: 'object',
        description: 'Each check by name: ok, standby, stalled, unreachable, degraded, unknown',
        additionalProperties: { type: 'string' },
      },
    },
    ['status', 'checks'],
    { additionalProperties: true },
  ),
};
