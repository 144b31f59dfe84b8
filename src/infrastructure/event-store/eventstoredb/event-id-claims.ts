import {
  jsonEvent,
  NO_STREAM,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type EventStoreDBClient,
} from '@eventstore/db-client';
import { deterministicId } from '../../../application/command-context';
import { EventIdConflictError } from '../../../application/ports/event-store';
import type { EsdbNamespace } from './esdb-namespace';

const CLAIMED = 'EventIdClaimed';

/**
 * The port stores an event id once in the whole store; EventStoreDB keeps ids apart per stream only.
 * So each id is claimed in a stream of its own, created with `no_stream` (the server decides the race)
 * and naming the stream that may hold the event. The claim's own id is derived from both, so the same
 * claim made again is one of the server's idempotent writes, and a claim for another stream is refused.
 */
export class EventIdClaims {
  constructor(
    private readonly client: EventStoreDBClient,
    private readonly namespace: EsdbNamespace,
  ) {}

  /** The stream each id is claimed for, in order; undefined where it is not claimed. */
  holders(eventIds: readonly string[]): Promise<Array<string | undefined>> {
    return Promise.all(eventIds.map((eventId) => this.holderOf(eventId)));
  }

  /** Claims the ids for `streamId`; throws EventIdConflictError when another stream claimed one first. */
  async claim(streamId: string, eventIds: readonly string[]): Promise<void> {
    await Promise.all(
      eventIds.map(async (eventId) => {
        try {
          await this.client.appendToStream(
            this.namespace.claimStreamName(eventId),
            jsonEvent({
              id: deterministicId(`event-id-claim:${streamId}:${eventId}`),
              type: CLAIMED,
              data: { streamId },
            }),
            { expectedRevision: NO_STREAM },
          );
        } catch (error) {
          if (!(error instanceof WrongExpectedVersionError)) throw error;
          if ((await this.holderOf(eventId)) !== streamId) throw new EventIdConflictError(streamId);
        }
      }),
    );
  }

  private async holderOf(eventId: string): Promise<string | undefined> {
    try {
      for await (const resolved of this.client.readStream(this.namespace.claimStreamName(eventId), {
        maxCount: 1,
      })) {
        const data = resolved.event?.data;
        if (typeof data === 'object' && data !== null && 'streamId' in data) {
          const { streamId } = data as { streamId: unknown };
          if (typeof streamId === 'string') return streamId;
        }
      }
      return undefined;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw error;
    }
  }
}
