import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Duplex } from 'node:stream';
import { ApiError, validationFailed } from './api-error';

/** Bodies of this API nest three levels at most; far deeper is an attack on recursive validators. */
export const MAX_JSON_DEPTH = 32;

/**
 * How deeply the JSON text nests objects and arrays, counted in one pass without recursion (brackets
 * inside strings do not count). Stops counting once past `limit`.
 */
export function jsonNestingDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

/** U+0000, or a surrogate code point (paired surrogates read as one astral code point under `u`). */
// eslint-disable-next-line no-control-regex -- U+0000 is exactly what must be found
const UNSTORABLE_TEXT = /[\u0000\p{Cs}]/u;

/**
 * True when some text in `value` is one PostgreSQL cannot store in jsonb: U+0000, or a surrogate
 * without its pair. JSON can carry both (as `\u0000`, `\ud800`); the append would fail with a 5xx.
 */
export function holdsUnstorableText(value: unknown): boolean {
  if (typeof value === 'string') return UNSTORABLE_TEXT.test(value);
  if (typeof value !== 'object' || value === null) return false;
  for (const [key, inner] of Object.entries(value)) {
    if (holdsUnstorableText(key) || holdsUnstorableText(inner)) return true;
  }
  return false;
}

/**
 * SPEC §4, issue 9: input never reaches a handler in a shape that makes it fail with a 5xx. A query
 * parameter given twice arrives as an array where every handler expects text, and a body nested
 * thousands of levels deep overflows the validation pipe's stack; text PostgreSQL cannot store fails
 * the append. All are 400 `validation_failed`.
 */
export function installInputLimits(fastify: FastifyInstance, bodyLimit: number): void {
  fastify.addHook('onRequest', async (request) => {
    const query = request.query as Record<string, unknown> | undefined;
    for (const [name, value] of Object.entries(query ?? {})) {
      if (Array.isArray(value)) {
        throw validationFailed(`${name}: give the query parameter once`, { parameter: name });
      }
    }
  });
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit },
    (request, body, done) => {
      if (jsonNestingDepth(body as string, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
        done(validationFailed(`The body nests deeper than ${MAX_JSON_DEPTH} levels.`), undefined);
        return;
      }
      // Text PostgreSQL cannot store comes only as an escape: look for it when the body has one.
      if (!(body as string).includes('\\u')) return parseJson(request, body as string, done);
      parseJson(request, body as string, (error, parsed) => {
        if (error) return done(error, undefined);
        if (holdsUnstorableText(parsed)) {
          return done(
            validationFailed('The body holds text that cannot be stored: U+0000 or an unpaired surrogate.'),
            undefined,
          );
        }
        done(null, parsed);
      });
    },
  );
}

/**
 * Fastify's answers to a path it cannot route (bad percent-encoding, a parameter over its length), in
 * the one error shape rather than Fastify's own.
 */
export function answerFrameworkError(
  error: { code?: string },
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  const answer =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new ApiError(404, 'not_found', 'No such resource.')
      : validationFailed('The path is not valid.');
  void reply.status(answer.status).send(answer.toBody());
}

/** Node's HTTP parser refusing a request (headers too large, broken syntax): the one error shape, then close. */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, reason, answer] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [
          431,
          'Request Header Fields Too Large',
          new ApiError(431, 'headers_too_large', 'The headers are too large.'),
        ]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [
            408,
            'Request Timeout',
            new ApiError(408, 'request_timeout', 'The request took too long to arrive.'),
          ]
        : [400, 'Bad Request', validationFailed('The request is not valid HTTP.')];
  const body = JSON.stringify(answer.toBody());
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
