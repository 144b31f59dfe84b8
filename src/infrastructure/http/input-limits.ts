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

/**
 * SPEC §4, issue 9: input never reaches a handler in a shape that makes it fail with a 5xx. A query
 * parameter given twice arrives as an array where every handler expects text, and a body nested
 * thousands of levels deep overflows the validation pipe's stack; both are 400 `validation_failed`.
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
      parseJson(request, body as string, done);
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
