import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { newCommandContext, type CommandContext } from '../../application/command-context';
import { channelOf, type Principal } from './auth/principal';

/** The envelope context of a read that is recorded (who read, under which correlation id). */
export function readerContext(principal: Principal, request: FastifyRequest): CommandContext {
  const header = request.headers['x-correlation-id'];
  const correlationId = typeof header === 'string' && /^[\w.:-]{1,128}$/.test(header) ? header : randomUUID();
  const channel = channelOf(principal);
  return newCommandContext(
    { principal: principal.id, role: principal.role, ...(channel ? { channel } : {}) },
    correlationId,
  );
}
