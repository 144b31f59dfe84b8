import { START as ESDB_START, type Position as EsdbPosition, type ReadPosition } from '@eventstore/db-client';
import { comparePositions, START, type Position } from '../../../application/ports/event-store';

/** The port's two-part position is EventStoreDB's commit and prepare position; START is its start. */
export function toReadPosition(position: Position): ReadPosition {
  return comparePositions(position, START) === 0
    ? ESDB_START
    : { commit: position.commit, prepare: position.prepare };
}

export function fromEsdbPosition(position: EsdbPosition | undefined, eventId: string): Position {
  // Stream reads carry positions from server 22.6 on; numlink needs them for checkpoints and results.
  if (!position)
    throw new Error(`EventStoreDB gave event ${eventId} no position: numlink needs 22.6 or newer`);
  return { commit: position.commit, prepare: position.prepare };
}
