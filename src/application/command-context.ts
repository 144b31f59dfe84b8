import { createHash, randomUUID } from 'node:crypto';
import type { Actor } from '../domain/shared/domain-event';
import type { Instant } from '../domain/shared/instant';
import type { EventMetadata, NewEvent } from './ports/event-store';
import { currentTraceparent } from './tracing';

/** Who sent a command and how it relates to what came before it (the envelope's actor and ids). */
export interface CommandContext {
  readonly actor: Actor;
  readonly correlationId: string;
  /** The id of the message that caused this command: the HTTP request id, or the event a process reacts to. */
  readonly causationId: string;
}

export function newCommandContext(actor: Actor, correlationId: string = randomUUID()): CommandContext {
  return { actor, correlationId, causationId: correlationId };
}

/** The context of a command a process sends in reaction to `event`. */
export function reactionTo(
  event: { eventId: string; metadata: EventMetadata },
  actor: Actor,
): CommandContext {
  return { actor, correlationId: event.metadata.correlationId, causationId: event.eventId };
}

/**
 * A UUID derived from a seed (name-based, SHA-1, RFC 4122 version 5 layout). The same decision
 * retried gets the same event ids, so the store writes it once.
 */
export function deterministicId(seed: string): string {
  const hash = createHash('sha1').update('numlink:').update(seed).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Wraps domain events in the one envelope, with ids derived from `seed` and each event's place. */
export function toNewEvents(
  events: ReadonlyArray<{ type: string; data: unknown }>,
  context: CommandContext,
  at: Instant,
  seed: string,
): NewEvent[] {
  const traceparent = currentTraceparent();
  return events.map((event, index) => ({
    eventId: deterministicId(`${seed}#${index}:${event.type}`),
    type: event.type,
    data: event.data,
    metadata: {
      occurredAt: at,
      actor: context.actor,
      correlationId: context.correlationId,
      causationId: context.causationId,
      ...(traceparent === undefined ? {} : { traceparent }),
    },
  }));
}
