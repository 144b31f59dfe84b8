import { randomUUID } from 'node:crypto';
import type { NewEvent } from '../../src/application/ports/event-store';

/** A new event with a fresh id and a test envelope. */
export function newEvent(type: string, data: unknown = {}, eventId: string = randomUUID()): NewEvent {
  return {
    eventId,
    type,
    data,
    metadata: {
      occurredAt: '2026-01-05T10:00:00.000Z',
      actor: { principal: 'test', role: 'channel:portal', channel: 'portal' },
      correlationId: eventId,
      causationId: eventId,
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
