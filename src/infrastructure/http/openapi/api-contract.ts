import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import type { JsonSchema } from './answer-schemas';
import type { MessageParams } from '../../../application/messages/messages';
import { refusalExamplesInEachLanguage } from '../language-docs';
import { ANSWER_SCHEMAS, ref } from './answer-schemas';

/** One successful answer of a route. */
export interface SuccessAnswer {
  readonly status: number;
  readonly description: string;
  /** A component of `ANSWER_SCHEMAS` by name, or a schema. */
  readonly schema: string | JsonSchema;
  readonly example?: unknown;
  /** Media type of the body (default `application/json`). */
  readonly mediaType?: string;
}

/** What a route answers: its successes, and the error codes it can answer by status. */
export interface RouteContract {
  readonly answers: readonly SuccessAnswer[];
  /** Error codes by HTTP status, beyond those every route of its kind answers. */
  readonly errors?: Readonly<Partial<Record<number, readonly string[]>>>;
  /** A write: takes `Idempotency-Key` and a JSON body (409 key reused, 413, 415). */
  readonly write?: boolean;
  /** No API key needed (health, metrics). */
  readonly public?: boolean;
  /** The route reads or writes the store (503 `store_unavailable` while it is down). */
  readonly store?: boolean;
  /** Refusals shown in each language (kk, ru, en) as examples of their status (SPEC §9). */
  readonly examplesInEachLanguage?: readonly (
    string | { readonly code: string; readonly details: MessageParams }
  )[];
}

/** The errors every route of a kind can answer. */
function sharedErrors(contract: RouteContract): Record<number, string[]> {
  const errors: Record<number, string[]> = {};
  const add = (status: number, ...codes: string[]) =>
    (errors[status] = [...(errors[status] ?? []), ...codes]);
  // Any route: a malformed path or query (400), a request that arrives too slowly (408), headers the
  // HTTP parser refuses (431).
  add(400, 'validation_failed');
  add(408, 'request_timeout');
  add(431, 'headers_too_large');
  if (!contract.public) {
    add(401, 'unauthorized');
    add(403, 'forbidden');
  }
  if (contract.write) {
    // The same Idempotency-Key with another body, or while its first request is still being handled.
    add(409, 'idempotency_key_reused', 'idempotency_key_in_flight');
    add(413, 'payload_too_large');
    add(415, 'unsupported_media_type');
  }
  if (contract.store ?? !contract.public) add(503, 'store_unavailable');
  for (const [status, codes] of Object.entries(contract.errors ?? {})) add(Number(status), ...(codes ?? []));
  return errors;
}

const RETRY_AFTER = {
  'Retry-After': {
    description: 'Seconds to wait before trying again',
    required: true,
    schema: { type: 'integer', minimum: 0 },
  },
};
const REQUEST_ID = {
  'X-Request-Id': {
    description: 'The id of this request in the service logs: the one sent, or a generated one',
    schema: { type: 'string' },
  },
};
const CONTENT_LANGUAGE = {
  'Content-Language': {
    description: 'The language of `error.message` (kk, ru or en)',
    schema: { type: 'string', enum: ['kk', 'ru', 'en'] },
  },
};

/** The one error shape (`ErrorBody`), admitting only `codes`. */
function errorSchema(codes: readonly string[]): JsonSchema {
  const shape = ANSWER_SCHEMAS.ErrorBody!;
  const error = (shape.properties as Record<string, JsonSchema>).error!;
  const properties = error.properties as Record<string, JsonSchema>;
  return {
    ...shape,
    description: `ErrorBody (#/components/schemas/ErrorBody) with code ${codes.join(' | ')}`,
    properties: {
      error: { ...error, properties: { ...properties, code: { ...properties.code, enum: codes } } },
    },
  };
}

/** The examples of one error status: refusals in each language where asked for, else its first code. */
function examplesOf(
  codes: readonly string[],
  inEachLanguage: NonNullable<RouteContract['examplesInEachLanguage']>,
): Record<string, unknown> {
  const shown = inEachLanguage
    .map((entry) => (typeof entry === 'string' ? { code: entry, details: {} } : entry))
    .filter((entry) => codes.includes(entry.code));
  if (shown.length === 0)
    return { example: { error: { code: codes[0], message: 'What went wrong, for the citizen.' } } };
  return {
    examples: Object.assign(
      {},
      ...shown.map((entry) => refusalExamplesInEachLanguage(entry.code, entry.details)),
    ),
  };
}

/**
 * Documents every status a route answers (SPEC §4), with the one error shape and its codes per status,
 * the headers it reads and sends. The e2e suites check every answer they get against this.
 */
export function ApiContract(contract: RouteContract): MethodDecorator {
  const decorators: (MethodDecorator | ClassDecorator)[] = [];
  for (const answer of contract.answers) {
    const schema = typeof answer.schema === 'string' ? ref(answer.schema) : answer.schema;
    decorators.push(
      ApiResponse({
        status: answer.status,
        description: answer.description,
        headers: REQUEST_ID,
        content: {
          [answer.mediaType ?? 'application/json']: {
            schema: schema as never,
            ...(answer.example === undefined ? {} : { example: answer.example }),
          },
        },
      }),
    );
  }
  for (const [status, codes] of Object.entries(sharedErrors(contract))) {
    const code = Number(status);
    decorators.push(
      ApiResponse({
        status: code,
        description: `Error: ${codes.map((c) => `\`${c}\``).join(', ')}`,
        headers: {
          ...REQUEST_ID,
          ...CONTENT_LANGUAGE,
          ...(code === 429 || code === 503 ? RETRY_AFTER : {}),
        },
        content: {
          'application/json': {
            schema: errorSchema(codes) as never,
            ...examplesOf(codes, contract.examplesInEachLanguage ?? []),
          },
        },
      }),
    );
  }
  if (contract.write) {
    decorators.push(
      ApiHeader({
        name: 'Idempotency-Key',
        required: false,
        description:
          'Makes the write safe to retry: the same key and body on the same resource answer the first ' +
          'answer again and write nothing; the same key with another body is 409. Kept at least 24 h.',
        schema: { type: 'string', minLength: 1, maxLength: 255 },
      }),
    );
  }
  decorators.push(
    ApiHeader({
      name: 'X-Request-Id',
      required: false,
      description: 'Your id for this request (or X-Correlation-Id); echoed in the answer and in the logs',
    }),
  );
  return applyDecorators(...decorators);
}
