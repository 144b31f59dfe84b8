import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CommandContext } from '../../../application/command-context';
import type { Principal } from '../auth/principal';
import { readerContext } from '../reader-context';
import { ApiError, validationFailed } from '../api-error';
import { IdempotencyStore, type StoredAnswer } from './idempotency-store';

export interface CommandCall {
  readonly context: CommandContext;
  /** Unique per call, or derived from the Idempotency-Key so that a retry writes the same events. */
  readonly commandId: string;
}

/**
 * Runs a write route: builds the command context (actor, correlation id), honours `Idempotency-Key`,
 * and sends the answer (the first one again on a retry).
 */
export async function runCommandRoute(
  idempotency: IdempotencyStore,
  request: FastifyRequest,
  reply: FastifyReply,
  principal: Principal,
  work: (call: CommandCall) => Promise<StoredAnswer>,
): Promise<unknown> {
  const route = `${request.method} ${resourcePath(request)}`;
  const header = request.headers['idempotency-key'];
  const key = Array.isArray(header) ? header[0] : header;
  const context = readerContext(principal, request);
  let answer: StoredAnswer;
  if (key === undefined) {
    answer = await work({ context, commandId: randomUUID() });
  } else {
    if (key.length < 1 || key.length > 255)
      throw validationFailed('Idempotency-Key must be 1 to 255 characters.');
    const commandId = IdempotencyStore.commandId(principal.id, route, key);
    answer = await idempotency.run({ principal: principal.id, route, key }, request.body, () =>
      work({ context, commandId }),
    );
  }
  for (const [name, value] of Object.entries(answer.headers ?? {})) void reply.header(name, value);
  void reply.status(answer.status);
  if (answer.status >= 400) throw new ApiErrorAnswer(answer);
  return answer.body;
}

/**
 * The path the key was used on, not the route template: the same key on request A and on request B
 * names two operations (issue 9). Parameters are filled in decoded, so spellings of one path agree.
 */
export function resourcePath(request: FastifyRequest): string {
  const template = request.routeOptions.url;
  if (template === undefined) return request.url.split('?')[0] ?? request.url;
  const params = (request.params ?? {}) as Record<string, unknown>;
  return template.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(String(params[name] ?? '')));
}

/** A stored error answer replayed as it was first sent. */
export class ApiErrorAnswer extends ApiError {
  constructor(readonly answer: StoredAnswer) {
    const error = (
      answer.body as { error?: { code?: string; message?: string; details?: Record<string, unknown> } }
    ).error;
    super(answer.status, error?.code ?? 'internal_error', error?.message ?? '', error?.details);
  }
}
