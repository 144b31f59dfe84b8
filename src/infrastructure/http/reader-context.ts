import type { FastifyRequest } from 'fastify';
import { newCommandContext, type CommandContext } from '../../application/command-context';
import { channelOf, type Principal } from './auth/principal';

/**
 * The envelope context of a command or a recorded read: who, and the request's id as correlation id
 * (the caller's `X-Request-Id` or `X-Correlation-Id`, else a new one).
 */
export function readerContext(principal: Principal, request: FastifyRequest): CommandContext {
  const correlationId = request.id;
  const channel = channelOf(principal);
  return newCommandContext(
    { principal: principal.id, role: principal.role, ...(channel ? { channel } : {}) },
    correlationId,
  );
}
